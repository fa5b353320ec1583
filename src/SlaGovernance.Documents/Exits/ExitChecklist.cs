using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Word;

namespace SlaGovernance.Documents.Exits;

/// <summary>One item of an exit: what was done, by whom, when, and the evidence kept for it (file names with SHA-256, or a comment).</summary>
public sealed record ExitChecklistItem(string Item, string? Who, DateTimeOffset? When, string? Evidence);

public sealed record ExitChecklistInput(string Customer, string AgreementTitle, string Provider, DateOnly EndsOn, string TimeZone, string Triggers,
    IReadOnlyList<ExitChecklistItem> Items, DateOnly CompletedOn);

/// <summary>The exit checklist kept when an exit ends: each item with who did it, when, and its evidence, as a Word table.</summary>
public static class ExitChecklist
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Generate(ExitChecklistInput input)
    {
        using var stream = new MemoryStream(16 * 1024);
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var title = $"Exit checklist: {input.AgreementTitle}";
            document.PackageProperties.Title = XmlSafeText.Clean(title);
            document.PackageProperties.Creator = "SlaGovernance";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = ContractStyles.Create();
            var body = new Body(
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = ContractStyles.Heading1 }), WordText.Run(title)),
                Paragraph($"{input.Customer} and {input.Provider}. The agreement ends on {Long(input.EndsOn)} ({input.TimeZone})."),
                Paragraph($"The exit was started by: {input.Triggers}."),
                Paragraph($"Every branch of the exit ended on {Long(input.CompletedOn)}; the agreement is Exited."),
                ItemsTable(input.Items),
                Paragraph(""));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Table ItemsTable(IReadOnlyList<ExitChecklistItem> items)
    {
        var table = new Table(new TableProperties(new TableStyle { Val = ContractStyles.TableGrid }, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }),
            new TableGrid(new GridColumn { Width = "3200" }, new GridColumn { Width = "1800" }, new GridColumn { Width = "1800" }, new GridColumn { Width = "2838" }),
            Row(true, "Item", "Who", "When (UTC)", "Evidence"));
        foreach (var item in items)
            table.Append(Row(false, item.Item, item.Who ?? "—", item.When?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? "—",
                item.Evidence ?? "—"));
        return table;
    }

    private static TableRow Row(bool header, params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(WordText.Run(c, bold: header)))));

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static Paragraph Paragraph(string text) => new(WordText.Run(text));
}
