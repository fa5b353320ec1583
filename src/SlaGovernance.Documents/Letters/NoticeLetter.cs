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

/// <summary>A claim for service credits: the period, the report revision it rests on, each objective's figures, and the amount.</summary>
public sealed record CreditClaimLetterInput(
    string Customer,
    string Provider,
    string? ProviderContact,
    string AgreementTitle,
    string Reference,
    string Period,
    int ReportRevision,
    string InputsSha256,
    IReadOnlyList<string> Grounds,
    string Amount,
    DateOnly RespondBy,
    DateOnly LetterDate,
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

    /// <summary>The claim for service credits the vendor's commercial contact receives with the claim, asking it to acknowledge or dispute it.</summary>
    public static byte[] GenerateCreditClaim(CreditClaimLetterInput input) =>
        Letter($"Claim for service credits {input.Reference}: {input.AgreementTitle}, {input.Period}", input.Customer, input.Provider, input.ProviderContact,
            input.LetterDate,
        [
            Paragraph($"We refer to the agreement \"{input.AgreementTitle}\" between {input.Customer} and {input.Provider} and to its service credits."),
            Paragraph($"Our compliance report for {input.Period} (revision {input.ReportRevision}, computed independently from the raw performance " +
                      $"data; inputs SHA-256 {input.InputsSha256}) finds these objectives missed:"),
            .. input.Grounds.Select(g => Paragraph($"• {g}")),
            Paragraph($"{input.Customer} therefore claims service credits of {input.Amount} for {input.Period}, within the agreement's monthly cap."),
            Paragraph($"Please acknowledge or dispute this claim by {Long(input.RespondBy)} through your SlaGovernance inbox, with your reasons and " +
                      "evidence for a dispute, and issue a credit note for the amount acknowledged."),
        ], input.SignedBy, closing: null);

    private static byte[] Letter(string title, string customer, string provider, string? contact, DateOnly letterDate, IEnumerable<Paragraph> paragraphs,
        string signedBy, string? closing = "We ask you to confirm receipt of this notice and to work with us on the transition and data return set out in the " +
            "agreement's exit terms.")
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
            if (closing is not null)
                body.Append(Paragraph(closing));
            body.Append(
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
