using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Renewals;

public static class RenewalsApi
{
    public static RouteGroupBuilder MapRenewalsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Renewals").RequireAuthorization(Policies.RenewalReader);
        group.MapGet("/renewals", List).WithName("ListRenewals")
            .WithSummary("Key dates of the current term of every running agreement, by the fiscal year that funds its renewal, with totals per cost centre and currency");
        group.MapGet("/renewals.csv", Csv).WithName("ExportRenewalsCsv").WithSummary("The renewal calendar as CSV")
            .ProducesFile(RenewalExports.CsvMediaType);
        group.MapGet("/renewals.xlsx", Xlsx).WithName("ExportRenewalsXlsx").WithSummary("The renewal calendar as an XLSX workbook with a Totals sheet")
            .ProducesFile(RenewalExports.XlsxMediaType);
        return api;
    }

    private static async Task<Ok<RenewalReport>> List(string? owner, Guid? vendorId, string? costCentre, RenewalCalendar calendar, CancellationToken cancellationToken) =>
        TypedResults.Ok(await calendar.ReportAsync(new RenewalFilter(owner, vendorId, costCentre), cancellationToken));

    private static async Task<FileContentHttpResult> Csv(string? owner, Guid? vendorId, string? costCentre, RenewalCalendar calendar, CancellationToken cancellationToken)
    {
        var report = await calendar.ReportAsync(new RenewalFilter(owner, vendorId, costCentre), cancellationToken);
        return TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(RenewalExports.Csv(report))).ToArray(),
            RenewalExports.CsvMediaType + "; charset=utf-8", $"renewals-{report.Today:yyyy-MM-dd}.csv");
    }

    private static async Task<FileContentHttpResult> Xlsx(string? owner, Guid? vendorId, string? costCentre, RenewalCalendar calendar, CancellationToken cancellationToken)
    {
        var report = await calendar.ReportAsync(new RenewalFilter(owner, vendorId, costCentre), cancellationToken);
        return TypedResults.File(RenewalExports.Xlsx(report), RenewalExports.XlsxMediaType, $"renewals-{report.Today:yyyy-MM-dd}.xlsx");
    }
}
