using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>An agreement's compliance: attainment per SLO per month against the target, credits due, discrepancies, revisions, and computing a period.</summary>
[Authorize(Policy = Policies.Reader)]
public sealed class ComplianceModel(AgreementStore agreements, ComplianceReports reports, ErrorBudgets budgets,
    SlaGovernance.Web.Features.Claims.CreditClaims claims, EarnBacks earnBacks) : PageModel
{
    public AgreementRow? Agreement { get; private set; }
    public IReadOnlyList<ComplianceReportRevision> Revisions { get; private set; } = [];
    public IReadOnlyList<AttainmentChart> Charts { get; private set; } = [];
    public IReadOnlyList<ErrorBudgetChart> BudgetCharts { get; private set; } = [];
    public ComplianceReportRevision? Shown { get; private set; }

    /// <summary>What the earn-back term makes of the shown period's credit; null when no period is shown.</summary>
    public SlaGovernance.Domain.Claims.EarnBackAssessment? EarnBack { get; private set; }
    public string? Problem { get; private set; }
    public bool CanCompute => Roles.ComplianceReporters.Any(User.IsInRole);

    [BindProperty]
    public string? Period { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>"As of" in the signed-in person's zone (a datetime-local value); empty for now.</summary>
    [BindProperty]
    public string? AsOfLocal { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? period, int? revision, CancellationToken cancellationToken) =>
        await LoadAsync(id, period, revision, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostComputeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanCompute)
            return Forbid();
        DateTimeOffset? asOf = null;
        if (!string.IsNullOrWhiteSpace(AsOfLocal))
        {
            var parsed = NodaTime.Text.LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm").Parse(AsOfLocal.Trim());
            if (!parsed.Success || NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(User.TimeZoneId()) is not { } zone)
            {
                if (!await LoadAsync(id, null, null, cancellationToken))
                    return NotFound();
                Problem = $"'{AsOfLocal}' is not a date and time such as 2026-05-03T09:00; leave it empty to compute as of now.";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }
            asOf = parsed.Value.InZoneLeniently(zone).ToDateTimeOffset();
        }
        var result = await reports.ComputeAsync(id, Period, Reason, User.UserName(), asOf, cancellationToken: cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            var row = result.Value!.Revision.Row;
            TempData["Flash"] = result.Value.Created
                ? $"{row.Period} computed as revision {row.Revision}: {row.Reason}"
                : $"Nothing changed since revision {row.Revision} of {row.Period}; give a reason to compute it again anyway.";
            return Redirect($"/agreements/{id}/compliance?period={row.Period}&revision={row.Revision}");
        }
        if (!await LoadAsync(id, null, null, cancellationToken))
            return NotFound();
        Problem = result.Message ?? string.Join(" ", result.Errors?.Values.SelectMany(m => m) ?? []);
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    /// <summary>Claims the shown period's credit as computed in its latest revision; the claim's page follows.</summary>
    public async Task<IActionResult> OnPostClaimAsync(Guid id, string? period, CancellationToken cancellationToken)
    {
        if (!CanCompute)
            return Forbid();
        var result = await claims.OpenAsync(User.UserName(), id, new SlaGovernance.Web.Features.Claims.CreditClaimInput(period), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            var claim = result.Value!.Claim;
            TempData["Flash"] = $"{claim.Reference} opened for {SlaGovernance.Web.Features.Claims.CreditClaims.Money(claim.Amount, claim.Currency)}: " +
                "the letter goes to the vendor, which acknowledges or disputes it in its inbox.";
            return Redirect($"/claims/{claim.Id}");
        }
        if (!await LoadAsync(id, period, null, cancellationToken))
            return NotFound();
        Problem = result.Message ?? string.Join(" ", result.Errors?.Values.SelectMany(m => m) ?? []);
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, string? period, int? revision, CancellationToken cancellationToken)
    {
        Agreement = await agreements.GetAsync(id, cancellationToken);
        if (Agreement is null)
            return false;
        Revisions = [.. (await reports.RevisionsAsync(id, cancellationToken)).Select(ComplianceReportRevision.From)];
        var latest = Revisions.GroupBy(r => r.Row.Period).Select(g => g.MaxBy(r => r.Row.Revision)!).ToList();
        Charts = AttainmentChart.From(latest.Where(r => !r.Row.Period.Contains('Q', StringComparison.Ordinal)));
        BudgetCharts = ErrorBudgetChart.From(await budgets.OfAgreementAsync(id, cancellationToken));
        Shown = period is not null
            ? Revisions.FirstOrDefault(r => r.Row.Period == period && (revision is null || r.Row.Revision == revision))
            : latest.MaxBy(r => r.Row.Period, StringComparer.Ordinal);
        EarnBack = Shown is null ? null : await earnBacks.OfAsync(Shown, cancellationToken);
        return true;
    }
}
