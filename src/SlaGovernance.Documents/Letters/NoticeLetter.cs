using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Word;

namespace SlaGovernance.Documents.Letters;

/// <summary>What a notice of non-renewal states: who tells whom, about which agreement, by which deadline, and when it ends.</summary>
public sealed record NoticeLetterInput(
    string Customer,
    string Provider,
    string? ProviderContact,
    string AgreementTitle,
    int SignedVersion,
    DateOnly TermEnd,
    DateOnly NoticeDeadline,
    string TimeZone,
    DateOnly LetterDate,
    string? Reason,
    string SignedBy);

/// <summary>
/// The notice of non-renewal as a Word document, in the contract's styles: the letter Procurement signs and sends before
/// the notice deadline when the renewal decision is to terminate.
/// </summary>
public static class NoticeLetter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static byte[] Generate(NoticeLetterInput input)
    {
        using var stream = new MemoryStream(16 * 1024);
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = XmlSafeText.Clean($"Notice of non-renewal: {input.AgreementTitle}");
            document.PackageProperties.Creator = "SlaGovernance";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = ContractStyles.Create();
            var body = new Body(
                Paragraph(input.Customer),
                Paragraph($"{Long(input.LetterDate)}"),
                Paragraph($"To: {input.Provider}" + (string.IsNullOrWhiteSpace(input.ProviderContact) ? "" : $", attention {input.ProviderContact}")),
                Heading($"Notice of non-renewal: {input.AgreementTitle}"),
                Paragraph($"We refer to the agreement \"{input.AgreementTitle}\" (version {input.SignedVersion}) between {input.Customer} and {input.Provider}, " +
                          $"whose current term ends on {Long(input.TermEnd)} ({input.TimeZone})."),
                Paragraph($"{input.Customer} hereby gives notice that it will not renew the agreement. The agreement ends at the end of " +
                          $"{Long(input.TermEnd)} ({input.TimeZone}) and does not renew itself. This notice is given before the notice " +
                          $"deadline of {Long(input.NoticeDeadline)} ({input.TimeZone})."));
            if (!string.IsNullOrWhiteSpace(input.Reason))
                body.Append(Paragraph($"Reason: {input.Reason}"));
            body.Append(
                Paragraph("We ask you to confirm receipt of this notice and to work with us on the transition and data return set out in the " +
                          "agreement's exit terms."),
                Paragraph("Yours faithfully,"),
                Paragraph(""),
                Paragraph("______________________________"),
                Paragraph($"{input.SignedBy}, for {input.Customer}"));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static Paragraph Heading(string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), WordText.Run(text));

    private static Paragraph Paragraph(string text) => new(WordText.Run(text));
}
