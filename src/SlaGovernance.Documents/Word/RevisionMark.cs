using System.Globalization;

namespace SlaGovernance.Documents.Word;

/// <summary>Who a tracked change is attributed to and when, as Word's Review pane shows it on every insertion and deletion.</summary>
public sealed record RevisionMark
{
    public RevisionMark(string author, DateTimeOffset date)
    {
        var clean = XmlSafeText.Clean(author).Trim();
        if (clean.Length == 0)
            throw new ArgumentException("A tracked change needs an author: pass the name of the person or role the change is attributed to.", nameof(author));
        Author = clean;
        Date = date;
    }

    public string Author { get; }

    public DateTimeOffset Date { get; }

    /// <summary>The date as w:date wants it: UTC to the second.</summary>
    internal string DateAttribute => Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
