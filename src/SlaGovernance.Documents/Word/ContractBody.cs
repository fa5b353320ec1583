using DocumentFormat.OpenXml.Wordprocessing;

namespace SlaGovernance.Documents.Word;

/// <summary>Appends a contract's paragraphs and tables to a Word body, numbering sections and clauses through the clause list.</summary>
public sealed class ContractBody(Body body)
{
    private const int TextWidthTwips = 9638;

    public void Title(string text) => body.AppendChild(Paragraph(ContractStyles.Title, WordText.Run(text), rightToLeft: IsRightToLeft(text)));

    public void Plain(string text) => body.AppendChild(Paragraph(ContractStyles.Normal, WordText.Run(text), rightToLeft: IsRightToLeft(text)));

    public void Section(string heading) => body.AppendChild(Numbered(ContractStyles.Heading1, 0, false, WordText.Run(heading)));

    public void SubSection(string heading) => body.AppendChild(Numbered(ContractStyles.Heading2, 1, false, WordText.Run(heading)));

    /// <summary>A numbered clause, "1.1" at level 1 or "1.1.1" at level 2, with an optional bold lead-in such as "Term."</summary>
    public void Clause(string text, string? leadIn = null, int level = 1)
    {
        var runs = new List<Run>(2);
        if (leadIn is not null)
            runs.Add(WordText.Run(leadIn + ". ", bold: true));
        runs.Add(WordText.Run(text));
        body.AppendChild(Numbered(ContractStyles.Clause, level, IsRightToLeft(text), [.. runs]));
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<int> widthsTwips, IEnumerable<IReadOnlyList<string>> rows, bool borders = true)
    {
        var scale = (double)TextWidthTwips / widthsTwips.Sum();
        var widths = widthsTwips.Select(w => (int)(w * scale)).ToArray();
        var properties = new TableProperties();
        if (borders)
            properties.AppendChild(new TableStyle { Val = ContractStyles.TableGrid });
        properties.Append(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableLayout { Type = TableLayoutValues.Fixed },
            new TableLook { Val = "04A0", FirstRow = true, NoVerticalBand = true });
        var table = new Table(properties);
        var grid = new TableGrid();
        foreach (var width in widths)
            grid.AppendChild(new GridColumn { Width = width.ToString() });
        table.AppendChild(grid);
        table.AppendChild(Row(headers, widths, header: true));
        foreach (var row in rows)
            table.AppendChild(Row(row, widths, header: false));
        body.AppendChild(table);
        // Word merges a table into a table that directly follows it; an empty paragraph keeps them apart.
        body.AppendChild(new Paragraph(new ParagraphProperties { ParagraphStyleId = new ParagraphStyleId { Val = ContractStyles.TableText } }));
    }

    private static TableRow Row(IReadOnlyList<string> cells, int[] widths, bool header)
    {
        var row = header ? new TableRow(new TableRowProperties(new CantSplit(), new TableHeader())) : new TableRow();
        for (var i = 0; i < widths.Length; i++)
        {
            var text = i < cells.Count ? cells[i] : "";
            row.AppendChild(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(), Type = TableWidthUnitValues.Dxa }),
                Paragraph(ContractStyles.TableText, WordText.Run(text, bold: header), rightToLeft: IsRightToLeft(text))));
        }
        return row;
    }

    // Children are passed in schema order (pStyle, numPr, bidi) rather than set through properties, which costs three times as much.
    private static Paragraph Numbered(string styleId, int level, bool rightToLeft, params Run[] runs)
    {
        var properties = new ParagraphProperties(new ParagraphStyleId { Val = styleId }, ContractNumbering.Properties(level));
        if (rightToLeft)
            properties.AppendChild(new BiDi());
        var paragraph = new Paragraph(properties);
        paragraph.Append(runs);
        return paragraph;
    }

    private static Paragraph Paragraph(string styleId, Run run, bool rightToLeft)
    {
        var properties = new ParagraphProperties(new ParagraphStyleId { Val = styleId });
        if (rightToLeft)
            properties.AppendChild(new BiDi());
        return new Paragraph(properties, run);
    }

    private static bool IsRightToLeft(string text) => TextDirection.IsPredominantlyRightToLeft(text);
}
