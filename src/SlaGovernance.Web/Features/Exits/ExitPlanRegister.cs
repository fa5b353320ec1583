using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features.Exports;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>One line of the exit-plan register: an agreement, its vendor and tier, and its latest plan (or that one is missing where it is required).</summary>
public sealed record ExitPlanRegisterLine(AgreementRow Agreement, VendorRow? Vendor, ExitPlanRow? Plan, bool Required, ExitRow? Exit)
{
    public string PlanState => Plan is null ? (Required ? "Missing (required)" : "None") : $"Version {Plan.Version}";
}

/// <summary>
/// The exit-plan register: every agreement with an exit plan (its latest version) and every signed agreement of a critical or high-risk
/// vendor, which needs one; as a page, CSV or XLSX.
/// </summary>
public sealed class ExitPlanRegister(ExitStore exits, AgreementStore agreements, VendorStore vendors)
{
    private static readonly string[] Columns =
    [
        "Agreement", "Vendor", "Risk tier", "Agreement status", "Exit plan", "Strategy", "Plan owner", "Data sets", "Transition assistance days",
        "Estimated cost", "Currency", "Estimated duration days", "Board approval", "Saved", "Saved by", "Exit", "Replacement",
    ];

    public async Task<IReadOnlyList<ExitPlanRegisterLine>> LinesAsync(CancellationToken cancellationToken = default)
    {
        var plans = (await exits.LatestPlansAsync(cancellationToken)).ToDictionary(p => p.AgreementId);
        var running = (await exits.AllAsync(cancellationToken)).ToDictionary(e => e.AgreementId);
        var vendorsById = new Dictionary<Guid, VendorRow?>();
        var lines = new List<ExitPlanRegisterLine>();
        for (var page = 1; ; page++)
        {
            var listed = await agreements.ListAsync(new AgreementQuery(null, null, new PageRequest(page, 200)), cancellationToken);
            foreach (var agreement in listed.Items)
            {
                VendorRow? vendor = null;
                if (agreement.VendorId is { } vendorId && !vendorsById.TryGetValue(vendorId, out vendor))
                    vendorsById[vendorId] = vendor = await vendors.GetAsync(vendorId, cancellationToken);
                var required = vendor is not null && ExitPlanRequirement.RequiresPlan(vendor.RiskTier) && AgreementStatus.IsSigned(agreement.Status)
                    && agreement.Status != AgreementStatus.Exited;
                var plan = plans.GetValueOrDefault(agreement.Id);
                if (plan is not null || required)
                    lines.Add(new ExitPlanRegisterLine(agreement, vendor, plan, required, running.GetValueOrDefault(agreement.Id)));
            }
            if (page >= listed.PageCount)
                break;
        }
        return [.. lines.OrderBy(l => l.Plan is null && l.Required ? 0 : 1).ThenBy(l => l.Vendor?.Name, StringComparer.Ordinal)
            .ThenBy(l => l.Agreement.Title, StringComparer.Ordinal)];
    }

    public static IEnumerable<object?[]> Rows(IEnumerable<ExitPlanRegisterLine> lines, IReadOnlyDictionary<Guid, string> titles) => lines.Select(l => new object?[]
    {
        l.Agreement.Title, l.Vendor?.Name ?? "internal provider", l.Vendor?.RiskTier.Label(), AgreementStatus.Label(l.Agreement.Status), l.PlanState,
        l.Plan is { } p ? ExitStrategies.Label(p.Strategy) : null, l.Plan?.Owner, l.Plan is { } q ? string.Join("; ", q.Inventory.Select(i => i.Describe())) : null,
        l.Plan?.TransitionDays, l.Plan?.EstimatedCost, l.Plan?.Currency, l.Plan?.EstimatedDurationDays,
        l.Plan is null ? null : ExitPlanApprovalStatus.Label(l.Plan.ApprovalStatus),
        l.Plan?.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.Plan?.CreatedBy,
        l.Exit is { } e ? $"{ExitStatus.Label(e.Status)}, ends {e.EndsOn:yyyy-MM-dd}" : null,
        l.Exit?.ReplacementAgreementId is { } r ? titles.GetValueOrDefault(r) : null,
    });

    private static Dictionary<Guid, string> Titles(IReadOnlyList<ExitPlanRegisterLine> lines) => lines.ToDictionary(l => l.Agreement.Id, l => l.Agreement.Title);

    public async Task<byte[]> CsvAsync(CancellationToken cancellationToken = default)
    {
        var lines = await LinesAsync(cancellationToken);
        return SpreadsheetExport.CsvBytes(SpreadsheetExport.Csv(Columns, Rows(lines, await TitlesAsync(lines, cancellationToken))));
    }

    public async Task<byte[]> XlsxAsync(CancellationToken cancellationToken = default)
    {
        var lines = await LinesAsync(cancellationToken);
        return SpreadsheetExport.Xlsx(new ExportSheet("Exit plans", Columns, Rows(lines, await TitlesAsync(lines, cancellationToken))));
    }

    /// <summary>The titles of the agreements the register's exits name as replacements.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> TitlesAsync(IReadOnlyList<ExitPlanRegisterLine> lines, CancellationToken cancellationToken = default)
    {
        var titles = Titles(lines);
        foreach (var id in lines.Select(l => l.Exit?.ReplacementAgreementId).OfType<Guid>().Where(id => !titles.ContainsKey(id)).Distinct().ToList())
            if (await agreements.GetAsync(id, cancellationToken) is { } replacement)
                titles[id] = replacement.Title;
        return titles;
    }

    public static RouteGroupBuilder MapExitPlanRegisterApi(RouteGroupBuilder api)
    {
        api.MapGet("/exit-plans/register.csv", async (ExitPlanRegister register, CancellationToken cancellationToken) =>
                TypedResults.File(await register.CsvAsync(cancellationToken), SpreadsheetExport.CsvMediaType + "; charset=utf-8", "exit-plans.csv"))
            .WithTags("Exits").WithName("ExportExitPlanRegisterCsv")
            .WithSummary("The exit-plan register as CSV: each agreement's latest plan, and the signed agreements of critical and high-risk vendors that lack one")
            .ProducesFile(SpreadsheetExport.CsvMediaType).RequireAuthorization(Policies.Reader);
        api.MapGet("/exit-plans/register.xlsx", async (ExitPlanRegister register, CancellationToken cancellationToken) =>
                TypedResults.File(await register.XlsxAsync(cancellationToken), SpreadsheetExport.XlsxMediaType, "exit-plans.xlsx"))
            .WithTags("Exits").WithName("ExportExitPlanRegisterXlsx").WithSummary("The exit-plan register as an XLSX workbook")
            .ProducesFile(SpreadsheetExport.XlsxMediaType).RequireAuthorization(Policies.Reader);
        return api;
    }
}
