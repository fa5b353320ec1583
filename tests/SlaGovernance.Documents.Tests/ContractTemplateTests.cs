using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Tests;

namespace SlaGovernance.Documents.Tests;

public sealed class ContractTemplateTests
{
    /// <summary>A template as Word saves one: controls around a run, a repeating table row, a block and a footer field.</summary>
    public static byte[] Template(params string[] extraTags)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body(
                new Paragraph(new Run(new Text("Contract: ") { Space = SpaceProcessingModeValues.Preserve }), Field("title", bold: true)),
                new Paragraph(new Run(new Text("Between ") { Space = SpaceProcessingModeValues.Preserve }), Field("buyer"),
                    new Run(new Text(" and ") { Space = SpaceProcessingModeValues.Preserve }), Field("provider")),
                new Table(
                    new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }),
                    new TableGrid(new GridColumn { Width = "4000" }, new GridColumn { Width = "4000" }),
                    new TableRow(Cell(new Run(new Text("Service"))), Cell(new Run(new Text("Target")))),
                    new SdtRow(new SdtProperties(new Tag { Val = "slos" }),
                        new SdtContentRow(new TableRow(Cell(Field("slos.service")), Cell(Field("slos.target")))))),
                new SdtBlock(new SdtProperties(new Tag { Val = "assumptions" }),
                    new SdtContentBlock(new Paragraph(new Run(new Text("Assumption: ") { Space = SpaceProcessingModeValues.Preserve }), Field("assumptions.text")))),
                new SdtBlock(new SdtProperties(new Tag { Val = "renewal" }),
                    new SdtContentBlock(new Paragraph(new Run(new Text("Renewal terms go here.")))),
                    new SdtEndCharProperties()));
            foreach (var tag in extraTags)
                body.AppendChild(new Paragraph(Field(tag)));
            body.AppendChild(new SectionProperties());
            main.Document = new Document(body);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(new Paragraph(new Run(new Text("SHA-256 ") { Space = SpaceProcessingModeValues.Preserve }), Field("contentHash")));
            body.GetFirstChild<SectionProperties>()!.AppendChild(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) });
        }
        return stream.ToArray();
    }

    private static SdtRun Field(string tag, bool bold = false) => new(
        new SdtProperties(new Tag { Val = tag }, new ShowingPlaceholder()),
        new SdtContentRun(new Run(bold
            ? new RunProperties(new RunStyle { Val = "PlaceholderText" }, new Bold())
            : new RunProperties(new RunStyle { Val = "PlaceholderText" }), new Text($"[{tag}]"))));

    private static TableCell Cell(OpenXmlElement content) =>
        new(new TableCellProperties(new TableCellWidth { Width = "4000", Type = TableWidthUnitValues.Dxa }), new Paragraph(content));

    [Fact]
    public void A_template_is_filled_with_the_agreement_a_row_per_objective_and_no_content_controls_left()
    {
        var input = Contracts.For(AgreementSamples.Hosting());
        var filled = ContractTemplate.Fill(Template(), input);

        using var document = WordprocessingDocument.Open(new MemoryStream(filled), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        var body = document.MainDocumentPart!.Document.Body!;
        Assert.Empty(body.Descendants<SdtElement>());
        Assert.DoesNotContain(body.Descendants<RunStyle>(), s => s.Val == "PlaceholderText");
        var text = body.InnerText;
        Assert.Contains("Contract: Managed hosting SLA", text);
        Assert.Contains("Between Acme Buyer GmbH and Hosting Vendor AG", text);
        Assert.True(body.Descendants<Run>().First(r => r.InnerText == "Managed hosting SLA").RunProperties?.Bold is not null,
            "The value keeps the template's formatting of its placeholder.");
        var rows = body.Descendants<TableRow>().Select(r => r.InnerText).ToList();
        Assert.Equal(["ServiceTarget", "Customer portal99.9%", "Service desk95%"], rows);
        Assert.Contains("Assumption: Up to 20,000 portal users.", text);
        Assert.Contains("Renews automatically for 12 months", text);
        Assert.Equal($"SHA-256 {input.ContentHash}", document.MainDocumentPart.FooterParts.Single().Footer.InnerText);
        Assert.Equal(input.ContentHash, document.PackageProperties.Identifier);
    }

    [Fact]
    public void A_list_without_items_leaves_no_row_and_hostile_text_still_validates()
    {
        var hostile = Contracts.Hostile();
        var filled = ContractTemplate.Fill(Template(), hostile with { Content = hostile.Content with { Assumptions = [] }, ContentHash = (hostile.Content with { Assumptions = [] }).ContentHash() });
        using var document = WordprocessingDocument.Open(new MemoryStream(filled), false);
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        Assert.DoesNotContain("Assumption:", document.MainDocumentPart!.Document.Body!.InnerText);
    }

    [Fact]
    public void An_unknown_tag_a_template_without_fields_and_a_file_that_is_not_word_are_refused_with_the_reason()
    {
        Assert.Empty(ContractTemplate.Check(Template()));
        var unknown = Assert.Single(ContractTemplate.Check(Template("vendorShoeSize", "slos.colour")), p => p.Contains("vendorShoeSize"));
        Assert.Contains("Known fields: title", unknown);
        Assert.Contains(ContractTemplate.Check(Template("slos.colour")), p => p.Contains("'slos.colour'"));
        Assert.Contains("not a Word (.docx) document", Assert.Single(ContractTemplate.Check("%PDF-1.7 not a docx"u8.ToArray())));

        using var empty = new MemoryStream();
        using (var document = WordprocessingDocument.Create(empty, WordprocessingDocumentType.Document))
            document.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(new Run(new Text("No fields at all.")))));
        Assert.Contains("no tagged content controls", Assert.Single(ContractTemplate.Check(empty.ToArray())));
    }
}
