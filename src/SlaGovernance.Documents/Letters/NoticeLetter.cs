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

/// <summary>What a notice of early termination states: the agreement, the day it ends, the approved change request behind it, and why.</summary>
public sealed record TerminationNoticeInput(
    string Customer,
    string Provider,
    string? ProviderContact,
    string AgreementTitle,
    int SignedVersion,
    DateOnly EndsOn,
    string TimeZone,
    DateOnly LetterDate,
    string ChangeReference,
    string Reason,
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
        var paragraphs = new List<Paragraph>
        {
            Paragraph($"We refer to the agreement \"{input.AgreementTitle}\" (version {input.SignedVersion}) between {input.Customer} and {input.Provider}, " +
                      $"whose current term ends on {Long(input.TermEnd)} ({input.TimeZone})."),
            Paragraph($"{input.Customer} hereby gives notice that it will not renew the agreement. The agreement ends at the end of " +
                      $"{Long(input.TermEnd)} ({input.TimeZone}) and does not renew itself. This notice is given before the notice " +
                      $"deadline of {Long(input.NoticeDeadline)} ({input.TimeZone})."),
        };
        if (!string.IsNullOrWhiteSpace(input.Reason))
            paragraphs.Add(Paragraph($"Reason: {input.Reason}"));
        return Letter($"Notice of non-renewal: {input.AgreementTitle}", input.Customer, input.Provider, input.ProviderContact, input.LetterDate,
            paragraphs, input.SignedBy);
    }

    /// <summary>The notice of early termination: the letter Procurement signs and sends once the termination change request is approved.</summary>
    public static byte[] GenerateTermination(TerminationNoticeInput input) =>
        Letter($"Notice of termination: {input.AgreementTitle}", input.Customer, input.Provider, input.ProviderContact, input.LetterDate,
        [
            Paragraph($"We refer to the agreement \"{input.AgreementTitle}\" (version {input.SignedVersion}) between {input.Customer} and {input.Provider}."),
            Paragraph($"{input.Customer} hereby gives notice that it terminates the agreement early. The agreement ends at the start of " +
                      $"{Long(input.EndsOn)} ({input.TimeZone}); its last day in force is {Long(input.EndsOn.AddDays(-1))}. The termination was approved " +
                      $"under our change control as {input.ChangeReference}."),
            Paragraph($"Reason: {input.Reason}"),
        ], input.SignedBy);

    private static byte[] Letter(string title, string customer, string provider, string? contact, DateOnly letterDate, IEnumerable<Paragraph> paragraphs,
        string signedBy)
    {
        using var stream = new MemoryStream(16 * 1024);
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.PackageProperties.Title = XmlSafeText.Clean(title);
            document.PackageProperties.Creator = "SlaGovernance";
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = ContractStyles.Create();
            var body = new Body(
                Paragraph(customer),
                Paragraph($"{Long(letterDate)}"),
                Paragraph($"To: {provider}" + (string.IsNullOrWhiteSpace(contact) ? "" : $", attention {contact}")),
                Heading(title));
            foreach (var paragraph in paragraphs)
                body.Append(paragraph);
            body.Append(
                Paragraph("We ask you to confirm receipt of this notice and to work with us on the transition and data return set out in the " +
                          "agreement's exit terms."),
                Paragraph("Yours faithfully,"),
                Paragraph(""),
                Paragraph("______________________________"),
                Paragraph($"{signedBy}, for {customer}"));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static Paragraph Heading(string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = "Heading1" }), WordText.Run(text));

    private static Paragraph Paragraph(string text) => new(WordText.Run(text));
}
