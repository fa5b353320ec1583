using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Letters;

namespace SlaGovernance.Documents.Tests;

public class NoticeLetterTests
{
    private static NoticeLetterInput Input(string title, string? reason) => new("Acme Buyer GmbH", "Hosting Vendor AG", "sla@vendor.test", title, 2,
        new DateOnly(2029, 12, 31), new DateOnly(2029, 9, 30), "Europe/Berlin", new DateOnly(2029, 8, 2), reason, "Vera Manager");

    [Fact]
    public void The_letter_states_the_agreement_its_end_and_the_deadline_with_their_zone_and_passes_the_validator()
    {
        using var document = Contracts.Open(NoticeLetter.Generate(Input("Hosting SLA", "Moving to another provider")));
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("Acme Buyer GmbH", paragraphs[0]);
        Assert.Equal("2 August 2029", paragraphs[1]);
        Assert.Equal("To: Hosting Vendor AG, attention sla@vendor.test", paragraphs[2]);
        Assert.Equal("Notice of non-renewal: Hosting SLA", paragraphs[3]);
        Assert.Contains(paragraphs, p => p.Contains("ends at the end of 31 December 2029 (Europe/Berlin) and does not renew itself")
            && p.Contains("notice deadline of 30 September 2029 (Europe/Berlin)"));
        Assert.Contains("Reason: Moving to another provider", paragraphs);
        Assert.Equal("Vera Manager, for Acme Buyer GmbH", paragraphs[^1]);
        Assert.Equal("Heading1", document.MainDocumentPart.Document.Body.Elements<Paragraph>().ElementAt(3).ParagraphProperties?.ParagraphStyleId?.Val?.Value);
    }

    [Fact]
    public void Hostile_text_stays_valid_and_a_letter_without_reason_has_no_reason_line()
    {
        var hostile = "Hostile <&>\"' \u0001\u0008 עברית " + new string('x', 100_000);
        using var document = Contracts.Open(NoticeLetter.Generate(Input(hostile, reason: null)));
        Assert.Empty(new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document));
        var body = document.MainDocumentPart!.Document!.Body!.InnerText;
        Assert.Contains("Hostile <&>\"' \uFFFD\uFFFD עברית", body);
        Assert.DoesNotContain("Reason:", body);
    }
}
