using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Documents.Word;

namespace SlaGovernance.Documents.Letters;

/// <summary>What an audit notice states: who audits whom, under which agreement's audit rights, when fieldwork starts and what to send by when.</summary>
public sealed record AuditNoticeInput(
    string Customer,
    string Provider,
    string? ProviderContact,
    string AgreementTitle,
    string Reference,
    string AuditRights,
    DateOnly FieldworkOn,
    DateOnly EvidenceDueOn,
    string TimeZone,
    DateOnly LetterDate,
    IReadOnlyList<string> Documents,
    IReadOnlyList<string> Periods,
    string Lead);

/// <summary>One audited period and objective recomputed from raw data, beside the vendor's own figure.</summary>
public sealed record AuditReportFigure(string Period, string Objective, decimal TargetPercent, decimal? OursPercent, decimal? VendorPercent,
    decimal? DifferencePoints, bool Discrepancy);

public sealed record AuditReportFinding(string Reference, string Title, string Severity, string Concerns, string Evidence, string VendorOwner, string Action,
    DateOnly ActionDueOn, string ActionOwner);

public sealed record AuditReportInput(
    string Customer,
    string Provider,
    string AgreementTitle,
    string Reference,
    string Scope,
    DateOnly FieldworkOn,
    DateOnly ReportDate,
    string TimeZone,
    string Lead,
    IReadOnlyList<AuditReportFigure> Figures,
    IReadOnlyList<AuditReportFinding> Findings);

/// <summary>The audit notice letter and the audit report as Word documents, in the contract's styles.</summary>
public static class AuditDocuments
{
    public static byte[] Notice(AuditNoticeInput input)
    {
        using var stream = new MemoryStream(16 * 1024);
        using (var document = Start(stream, $"Audit notice {input.Reference}: {input.AgreementTitle}"))
        {
            using var body = new ContractBody(document.MainDocumentPart!);
            body.Plain(input.Customer);
            body.Plain(Long(input.LetterDate));
            body.Plain($"To: {input.Provider}" + (string.IsNullOrWhiteSpace(input.ProviderContact) ? "" : $", attention {input.ProviderContact}"));
            body.Title($"Audit notice {input.Reference}: {input.AgreementTitle}");
            body.Section("Notice");
            body.Clause($"Under the audit rights of the agreement \"{input.AgreementTitle}\" between {input.Customer} and {input.Provider} " +
                        $"({input.AuditRights}), {input.Customer} gives notice of an audit. Fieldwork starts on {Long(input.FieldworkOn)} ({input.TimeZone}).",
                leadIn: "Audit");
            body.Clause($"{input.Lead} leads the audit for {input.Customer}.", leadIn: "Audit lead");
            body.Section("What we ask you to send");
            body.Clause($"Please send the following through your vendor access by {Long(input.EvidenceDueOn)} ({input.TimeZone}); the request " +
                        $"appears in your request list as {input.Reference}.");
            foreach (var item in input.Documents)
                body.Clause(item, level: 2);
            if (input.Periods.Count > 0)
                body.Clause($"The raw measurement data behind your reported figures for {string.Join(", ", input.Periods)}, which we recompute " +
                            "independently and compare with what you reported.", level: 2);
            body.Plain("Yours faithfully,");
            body.Plain($"{input.Lead}, for {input.Customer}");
        }
        return stream.ToArray();
    }

    public static byte[] Report(AuditReportInput input)
    {
        using var stream = new MemoryStream(32 * 1024);
        using (var document = Start(stream, $"Audit report {input.Reference}: {input.AgreementTitle}"))
        {
            using var body = new ContractBody(document.MainDocumentPart!);
            body.Title($"Audit report {input.Reference}: {input.AgreementTitle}");
            body.Plain($"{input.Customer}, audit of {input.Provider}. Fieldwork from {Long(input.FieldworkOn)} ({input.TimeZone}); report of " +
                       $"{Long(input.ReportDate)}; audit lead {input.Lead}.");
            body.Section("Scope");
            body.Clause(input.Scope);
            body.Section("Recomputed figures");
            if (input.Figures.Count == 0)
                body.Clause("No period was recomputed from raw data.");
            else
            {
                var differing = input.Figures.Count(f => f.Discrepancy);
                body.Clause(differing == 0
                    ? $"Each of the {input.Figures.Count} figures recomputed from the raw data agrees with the vendor's report within the tolerance."
                    : $"{differing} of the {input.Figures.Count} figures recomputed from the raw data differ from the vendor's report beyond the tolerance.");
                body.Table(["Period", "Objective", "Target", "Recomputed", "Vendor reported", "Difference"], [12, 30, 12, 14, 16, 16],
                    input.Figures.Select(f => (IReadOnlyList<string>)
                    [
                        f.Period, f.Objective, Percent(f.TargetPercent), Percent(f.OursPercent), Percent(f.VendorPercent),
                        f.DifferencePoints is { } d ? $"{d.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture)} points" + (f.Discrepancy ? " (differs)" : "") : "–",
                    ]));
            }
            body.Section("Findings");
            if (input.Findings.Count == 0)
                body.Clause("The audit found nothing to remediate.");
            foreach (var finding in input.Findings)
            {
                body.SubSection($"{finding.Reference} {finding.Title} ({finding.Severity})");
                body.Clause(finding.Concerns, leadIn: "Concerns");
                body.Clause(finding.Evidence, leadIn: "Evidence");
                body.Clause(finding.VendorOwner, leadIn: "Owner at the vendor");
                body.Clause($"{finding.Action} Due {Long(finding.ActionDueOn)}; owned by {finding.ActionOwner}.", leadIn: "Agreed remediation");
            }
        }
        return stream.ToArray();
    }

    private static WordprocessingDocument Start(Stream stream, string title)
    {
        var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document);
        document.PackageProperties.Title = XmlSafeText.Clean(title);
        document.PackageProperties.Creator = "SlaGovernance";
        var main = document.AddMainDocumentPart();
        ContractDocument.Feed(main.AddNewPart<StyleDefinitionsPart>(), ContractDocument.StylesXml.Value);
        ContractDocument.Feed(main.AddNewPart<NumberingDefinitionsPart>(), ContractDocument.NumberingXml.Value);
        ContractDocument.Feed(main.AddNewPart<DocumentSettingsPart>(), ContractDocument.SettingsXml.Value);
        return document;
    }

    private static string Percent(decimal? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
