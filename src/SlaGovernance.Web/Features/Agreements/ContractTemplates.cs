using System.Security.Cryptography;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// The organisation's own contract template (Legal or Admin upload it): checked for unknown fields and filled once with a
/// sample agreement before it is accepted, so a template that would produce an invalid document never reaches a contract.
/// </summary>
public sealed class ContractTemplates(Database database, ContractTemplateStore templates, AuditLog audit, TimeProvider time)
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public Task<ContractTemplateRow?> CurrentAsync(CancellationToken cancellationToken = default) => templates.CurrentAsync(cancellationToken);

    public async Task<CommandResult<ContractTemplateRow>> UploadAsync(string actor, string? fileName, byte[]? content, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (content is null || content.Length == 0)
            problems.Add("Attach the template, a Word (.docx) file.");
        else if (content.Length > MaxBytes)
            problems.Add($"The template is larger than {MaxBytes / (1024 * 1024)} MB.");
        else if (!string.Equals(Path.GetExtension(fileName), ".docx", StringComparison.OrdinalIgnoreCase))
            problems.Add($"'{fileName}' is not a Word (.docx) file.");
        else
        {
            problems.AddRange(ContractTemplate.Check(content));
            if (problems.Count == 0)
                problems.AddRange(TrialFill(content));
        }
        if (problems.Count > 0)
        {
            var errors = new SlaGovernance.Domain.Validation.ValidationErrors();
            foreach (var problem in problems)
                errors.Add("file", problem);
            return CommandResult<ContractTemplateRow>.Invalid(errors);
        }

        var row = new ContractTemplateRow
        {
            Id = Guid.NewGuid(), FileName = Path.GetFileName(fileName!), Content = content!, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content!)),
            SizeBytes = content!.Length, UploadedBy = actor, UploadedAt = time.GetUtcNow(),
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        await templates.InsertAsync(unit, row, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "contract-template.uploaded", "ContractTemplate", row.Id.ToString(),
            $"Contracts are now generated from {row.FileName} ({row.SizeBytes} bytes, SHA-256 {row.Sha256[..12]})"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<ContractTemplateRow>.Ok(row);
    }

    /// <summary>Goes back to the built-in layout; false when no template was in use.</summary>
    public async Task<bool> RemoveAsync(string actor, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await templates.RemoveAllAsync(unit, actor, time.GetUtcNow(), cancellationToken) == 0)
            return false;
        await audit.AppendAsync(unit, new AuditRecord(actor, "contract-template.removed", "ContractTemplate", "current",
            "Contracts are generated with the built-in layout again"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Fills the template with a sample agreement and validates the result, as Word would read it.</summary>
    private static IEnumerable<string> TrialFill(byte[] template)
    {
        byte[] filled;
        try
        {
            filled = ContractTemplate.Fill(template, new ContractInput(Sample, 1, Sample.ContentHash(), "Sample Buyer Ltd", "Sample Vendor GmbH",
                "Sam Sample", DateTimeOffset.UnixEpoch));
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidOperationException or System.Xml.XmlException)
        {
            return [$"The template could not be filled: {e.Message}"];
        }
        using var document = WordprocessingDocument.Open(new MemoryStream(filled), false);
        return new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Take(5)
            .Select(e => $"Filled with a sample agreement, the template is not a valid Word document: {e.Description} (at {e.Path?.XPath})").ToList();
    }

    private static readonly AgreementContent Sample = new(
        "Sample SLA", AgreementKind.VendorSla, null, null, "Hosting", "owner", new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31),
        new RenewalTerms(true, new Period(3, PeriodUnit.Months), new Period(12, PeriodUnit.Months)), 1000m, "EUR", 12000m, "CC-1", "Europe/Berlin", null,
        [new ServiceLevelObjective("Portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
            new Measurement("Probes", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
        new CreditScheme([new CreditTier(99.9m, 5m)], 20m, ExcludedTimeTreatment.CountsAsAvailable),
        [new Exclusion(ExclusionType.ForceMajeure, "Events beyond control.")], [new MaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), 60)],
        [new EscalationLevel(1, "Service desk", 0)], ["An assumption."], new AuditRights("Annually", 30, "Records", true),
        new ExitTerms(["CSV"], 30, true));
}
