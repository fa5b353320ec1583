using System.Globalization;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// How tasks about an agreement name it: "Managed hosting SLA · Hostly GmbH · 150,000 EUR a year", from the version the
/// workflow is about (the agreement's current one when the subject names none) and the vendor as it is now.
/// </summary>
public sealed class AgreementTaskSummary(AgreementStore agreements, VendorStore vendors) : IWorkflowSubjectSummary
{
    public string SubjectType => "Agreement";

    public async Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subject.Id, out var id) || await agreements.GetAsync(id, cancellationToken) is not { } agreement)
            return null;
        var number = subject.FieldValue("version") is long version ? (int)version : agreement.CurrentVersion;
        if (await agreements.GetVersionAsync(id, number, cancellationToken) is not { } row)
            return agreement.Title;
        var content = row.Parsed;
        var vendor = content.VendorId is { } vendorId ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name : null;
        return string.Join(" · ", new[] { content.Title, vendor, $"{Money(content.AnnualValue)} {content.Currency} a year" }.Where(p => p is not null));
    }

    /// <summary>An amount as people read it: thousands separated, pence only when there are any.</summary>
    public static string Money(decimal amount) =>
        amount.ToString(amount == decimal.Truncate(amount) ? "#,##0" : "#,##0.00", CultureInfo.InvariantCulture);
}
