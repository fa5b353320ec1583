using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;

namespace SlaGovernance.Documents.Tests;

/// <summary>What a reader sees after pressing "Accept all changes" or "Reject all changes", worked out on the OpenXML tree.</summary>
public static class TrackedChanges
{
    /// <summary>The text of every paragraph, in tables too, with tabs as \t and breaks as \n.</summary>
    public static List<string> Paragraphs(OpenXmlElement body) => body.Descendants<Paragraph>().Select(TextOf).ToList();

    public static List<string> Accepted(Body body) => Paragraphs(Resolve(body, accept: true));

    public static List<string> Rejected(Body body) => Paragraphs(Resolve(body, accept: false));

    public static string TextOf(OpenXmlElement element) => string.Concat(element.Descendants().Select(e => e switch
    {
        Text text => text.Text,
        DeletedText text => text.Text,
        TabChar => "\t",
        Break or CarriageReturn => "\n",
        _ => "",
    }));

    private static Body Resolve(Body original, bool accept)
    {
        var body = (Body)original.CloneNode(true);
        var gone = accept ? "del" : "ins";
        foreach (var row in body.Descendants<TableRow>().ToList())
        {
            if (row.TableRowProperties?.ChildElements.Any(c => c.LocalName == gone) == true)
                row.Remove();
        }
        foreach (var table in body.Descendants<Table>().Where(t => !t.Elements<TableRow>().Any()).ToList())
            table.Remove();

        foreach (var removed in body.Descendants().Where(e => accept ? e is DeletedRun : e is InsertedRun).ToList())
            removed.Remove();
        foreach (var kept in body.Descendants().Where(e => accept ? e is InsertedRun : e is DeletedRun).ToList())
        {
            foreach (var child in kept.ChildElements.ToList())
            {
                child.Remove();
                kept.InsertBeforeSelf(child);
            }
            kept.Remove();
        }
        if (!accept)
        {
            foreach (var deleted in body.Descendants<DeletedText>().ToList())
                deleted.Parent!.ReplaceChild(new Text(deleted.Text) { Space = SpaceProcessingModeValues.Preserve }, deleted);
        }

        // A paragraph whose mark goes joins the paragraph after it.
        foreach (var paragraph in body.Descendants<Paragraph>().ToList())
        {
            var mark = paragraph.ParagraphProperties?.ParagraphMarkRunProperties;
            if (mark?.ChildElements.Any(c => c.LocalName == gone) != true)
                continue;
            var content = paragraph.ChildElements.Where(c => c is not ParagraphProperties).ToList();
            if (paragraph.NextSibling() is Paragraph next)
            {
                OpenXmlElement after = next.ParagraphProperties is { } properties ? properties : null!;
                foreach (var child in content)
                {
                    child.Remove();
                    if (after is null)
                        next.PrependChild(child);
                    else
                        after.InsertAfterSelf(child);
                    after = child;
                }
            }
            paragraph.Remove();
        }
        return body;
    }
}
