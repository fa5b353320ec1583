using System.Security.Cryptography;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Web.Features.Agreements;

public sealed record SignatureInput(DateOnly? SignedOn, string? Signatories, string? FileName, string? ContentType, byte[]? Content);

/// <summary>The signed copy of a version, its signature date and signatories: checked and stored the same way when signing and importing.</summary>
public static class SignedCopy
{
    public const int MaxBytes = 20 * 1024 * 1024;

    public static void Validate(SignatureInput input, DateOnly today, ValidationErrors errors)
    {
        if (input.SignedOn is not { } signedOn)
            errors.Add("signedOn", "Give the date the agreement was signed (yyyy-MM-dd).");
        else if (signedOn > today.AddDays(1))
            errors.Add("signedOn", $"The signature date {signedOn:yyyy-MM-dd} is in the future.");
        if (string.IsNullOrWhiteSpace(input.Signatories))
            errors.Add("signatories", "Name who signed, for both parties.");
        var extension = Path.GetExtension(input.FileName ?? "").ToLowerInvariant();
        if (input.Content is not { Length: > 0 })
            errors.Add("file", "Attach the signed copy.");
        else if (input.Content.Length > MaxBytes)
            errors.Add("file", $"The signed copy is larger than {MaxBytes / (1024 * 1024)} MB.");
        else if (extension is not (".pdf" or ".docx"))
            errors.Add("file", $"The signed copy '{input.FileName}' is not a PDF or a Word (.docx) file.");
    }

    /// <summary>The document and signature rows of a validated input.</summary>
    public static (AgreementDocumentRow Document, AgreementSignatureRow Signature) Rows(Guid agreementId, int versionNumber, SignatureInput input,
        string actor, DateTimeOffset now)
    {
        var content = input.Content!;
        var document = new AgreementDocumentRow
        {
            Id = Guid.NewGuid(), AgreementId = agreementId, VersionNumber = versionNumber, Kind = AgreementDocumentKinds.Signed,
            FileName = Path.GetFileName(input.FileName!),
            ContentType = Path.GetExtension(input.FileName!).Equals(".pdf", StringComparison.OrdinalIgnoreCase) ? "application/pdf"
                : "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Content = content, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), SizeBytes = content.Length, CreatedBy = actor, CreatedAt = now,
        };
        var signature = new AgreementSignatureRow
        {
            AgreementId = agreementId, VersionNumber = versionNumber, SignedOn = input.SignedOn!.Value,
            Signatories = input.Signatories!.Trim(), DocumentId = document.Id, RecordedBy = actor, RecordedAt = now,
        };
        return (document, signature);
    }

    /// <summary>A form's date field (yyyy-MM-dd), or null when it is absent or not a date.</summary>
    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None,
            out var parsed) ? parsed : null;

    /// <summary>An uploaded file's bytes, or null when none was sent; sizes are capped before this by the request limits.</summary>
    public static async Task<byte[]?> ReadAllAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
            return null;
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public static string Describe(AgreementDocumentRow document, AgreementSignatureRow signature) =>
        $"signed on {signature.SignedOn:yyyy-MM-dd} by {signature.Signatories}; signed copy {document.FileName} (SHA-256 {document.Sha256[..12]})";
}
