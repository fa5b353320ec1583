using DocumentFormat.OpenXml.Wordprocessing;

namespace SlaGovernance.Documents.Word;

/// <summary>The styles a contract uses, so Word's navigation pane, table of contents and restyling work on it.</summary>
public static class ContractStyles
{
    public const string Normal = "Normal";
    public const string Title = "Title";
    public const string Heading1 = "Heading1";
    public const string Heading2 = "Heading2";
    public const string Clause = "Clause";
    public const string TableText = "TableText";
    public const string Footer = "Footer";
    public const string TableGrid = "TableGrid";

    public static Styles Create() => new(
        new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle
            {
                RunFonts = new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri", EastAsia = "Calibri", ComplexScript = "Arial" },
                FontSize = new FontSize { Val = "21" },
                FontSizeComplexScript = new FontSizeComplexScript { Val = "21" },
                Languages = new Languages { Val = "en-GB", Bidi = "ar-SA" },
            }),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle
            {
                SpacingBetweenLines = new SpacingBetweenLines { After = "120", Line = "264", LineRule = LineSpacingRuleValues.Auto },
            })),
        ParagraphStyle(Normal, "Normal", basedOn: null, isDefault: true),
        ParagraphStyle(Title, "Title", Normal,
            paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "240" } },
            run: new StyleRunProperties { Bold = new Bold(), FontSize = new FontSize { Val = "44" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "44" } }),
        Heading(Heading1, "heading 1", level: 0, halfPoints: "28"),
        Heading(Heading2, "heading 2", level: 1, halfPoints: "24"),
        ParagraphStyle(Clause, "Clause", Normal,
            paragraph: new StyleParagraphProperties { Justification = new Justification { Val = JustificationValues.Both } }),
        ParagraphStyle(TableText, "Table Text", Normal,
            paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto } },
            run: new StyleRunProperties { FontSize = new FontSize { Val = "16" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "16" } }),
        ParagraphStyle(Footer, "footer", Normal,
            paragraph: new StyleParagraphProperties { SpacingBetweenLines = new SpacingBetweenLines { After = "0" } },
            run: new StyleRunProperties { FontSize = new FontSize { Val = "14" }, FontSizeComplexScript = new FontSizeComplexScript { Val = "14" } }),
        new Style
        {
            Type = StyleValues.Table, StyleId = "TableNormal", Default = true,
            StyleName = new StyleName { Val = "Normal Table" },
            StyleTableProperties = new StyleTableProperties
            {
                TableCellMarginDefault = new TableCellMarginDefault
                {
                    TopMargin = new TopMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellLeftMargin = new TableCellLeftMargin { Width = 85, Type = TableWidthValues.Dxa },
                    BottomMargin = new BottomMargin { Width = "0", Type = TableWidthUnitValues.Dxa },
                    TableCellRightMargin = new TableCellRightMargin { Width = 85, Type = TableWidthValues.Dxa },
                },
            },
        },
        new Style
        {
            Type = StyleValues.Table, StyleId = TableGrid,
            StyleName = new StyleName { Val = "Table Grid" },
            BasedOn = new BasedOn { Val = "TableNormal" },
            StyleTableProperties = new StyleTableProperties
            {
                TableBorders = new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
            },
        });

    private static Style Heading(string id, string name, int level, string halfPoints) =>
        ParagraphStyle(id, name, Normal,
            paragraph: new StyleParagraphProperties
            {
                KeepNext = new KeepNext(),
                KeepLines = new KeepLines(),
                NumberingProperties = ContractNumbering.Properties(level),
                SpacingBetweenLines = new SpacingBetweenLines { Before = level == 0 ? "240" : "160", After = "120" },
                OutlineLevel = new OutlineLevel { Val = level },
            },
            run: new StyleRunProperties { Bold = new Bold(), FontSize = new FontSize { Val = halfPoints }, FontSizeComplexScript = new FontSizeComplexScript { Val = halfPoints } });

    private static Style ParagraphStyle(string id, string name, string? basedOn, bool isDefault = false,
        StyleParagraphProperties? paragraph = null, StyleRunProperties? run = null)
    {
        var style = new Style
        {
            Type = StyleValues.Paragraph,
            StyleId = id,
            StyleName = new StyleName { Val = name },
            PrimaryStyle = new PrimaryStyle(),
            StyleParagraphProperties = paragraph,
            StyleRunProperties = run,
        };
        if (isDefault)
            style.Default = true;
        if (basedOn is not null)
        {
            style.BasedOn = new BasedOn { Val = basedOn };
            style.NextParagraphStyle = new NextParagraphStyle { Val = id.StartsWith("Heading", StringComparison.Ordinal) || id == Title ? Clause : id };
        }
        return style;
    }
}
