using System.Text;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>
/// What the agreement's fields (the partial <c>_AgreementFields</c>) need, shared by the editor and the import of a signed
/// agreement: the rows, the choices, the address the Add and Remove buttons post to, and the messages by field path.
/// </summary>
public sealed class AgreementFormView(AgreementForm input, string action, IReadOnlyList<VendorRow> vendors, IReadOnlyList<BusinessCalendarRow> calendars,
    IReadOnlyList<LibraryClause> libraryClauses, IReadOnlyDictionary<string, string[]> errors, IReadOnlyCollection<string>? shownByThePage = null)
{
    /// <summary>Paths whose messages the page shows beside fields of its own (the import's signature): in the summary, not repeated below.</summary>
    private readonly HashSet<string> _shown = new(shownByThePage ?? [], StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _anchored = new(StringComparer.OrdinalIgnoreCase);

    public AgreementForm Input { get; } = input;
    public IReadOnlyList<VendorRow> Vendors { get; } = vendors;
    public IReadOnlyList<BusinessCalendarRow> Calendars { get; } = calendars;
    public IReadOnlyList<LibraryClause> LibraryClauses { get; } = libraryClauses;

    private IReadOnlyList<(string Path, string Message)>? _warnings;

    /// <summary>What the rules warn about in the form as it stands (agreement tiers that lie above an objective's target), without refusing it.</summary>
    public IEnumerable<string> WarningsFor(string path) =>
        (_warnings ??= AgreementRules.Warnings(Input.ToContent())).Where(w => string.Equals(w.Path, path, StringComparison.OrdinalIgnoreCase)).Select(w => w.Message);

    /// <summary>Messages by the field paths the rules name (slos[0].target), in the order the rules gave them.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The page the form posts to; its Add and Remove buttons post there with a handler, for browsers without JavaScript.</summary>
    public string Action { get; } = action;

    public string RowAction(string handler, string section, int? index = null) =>
        $"{Action}?handler={handler}&section={section}{(index is null ? "" : $"&index={index}")}";

    /// <summary>The id of the message shown for a field path, which the error summary links to.</summary>
    public static string Anchor(string path)
    {
        var id = new StringBuilder("error-");
        foreach (var c in path)
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        return id.ToString();
    }

    /// <summary>The messages about these field paths with the anchor of each (the first message of a path only), remembered as shown.</summary>
    public IReadOnlyList<(string? Anchor, string Message)> MessagesFor(params string[] fields)
    {
        foreach (var field in fields)
            _shown.Add(field);
        return [.. Errors.Where(e => fields.Contains(e.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(e => e.Value.Select((m, i) => (i == 0 && _anchored.Add(e.Key) ? Anchor(e.Key) : null, m)))];
    }

    /// <summary>Messages about paths no field showed, with their path so the reader can find the part.</summary>
    public IReadOnlyList<(string? Anchor, string Message)> MessagesNotShown() =>
        [.. Errors.Where(e => !_shown.Contains(e.Key))
            .SelectMany(e => e.Value.Select((m, i) => (i == 0 && _anchored.Add(e.Key) ? Anchor(e.Key) : null, $"{e.Key}: {m}")))];
}
