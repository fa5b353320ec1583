using SlaGovernance.Web.Features.Exports;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>The renewal calendar as CSV (safe to open in a spreadsheet) and as XLSX with a sheet of totals.</summary>
public static class RenewalExports
{
    public const string CsvMediaType = SpreadsheetExport.CsvMediaType;
    public const string XlsxMediaType = SpreadsheetExport.XlsxMediaType;

    public static readonly IReadOnlyList<string> Columns =
    [
        "Fiscal year", "Budget request deadline", "Agreement", "Vendor", "Owner", "Cost centre", "Category", "Status", "Term end",
        "Notice deadline", "Decision date", "Renewal start", "Renews itself", "Annual value", "Currency", "Unfunded renewal risk",
        "Time zone", "Agreement id",
    ];

    public static readonly IReadOnlyList<string> TotalColumns = ["Fiscal year", "Cost centre", "Currency", "Annual value", "Agreements"];

    private static IEnumerable<object?[]> Rows(RenewalReport report) =>
        report.Cycles.SelectMany(cycle => cycle.Items.Select(i => new object?[]
        {
            cycle.FiscalYear, cycle.BudgetRequestDeadline, i.Title, i.VendorName, i.Owner, i.CostCentre, i.Category, i.Status, i.TermEnd,
            i.NoticeDeadline, i.DecisionDate, i.RenewalStart, i.AutoRenew ? "yes" : "no", i.AnnualValue, i.Currency,
            i.UnfundedRenewalRisk ? "yes" : "no", i.TimeZone, i.AgreementId.ToString(),
        }));

    private static IEnumerable<object?[]> TotalRows(RenewalReport report) =>
        report.Cycles.SelectMany(cycle => cycle.Totals.Select(t => new object?[] { cycle.FiscalYear, t.CostCentre, t.Currency, t.AnnualValue, t.Agreements }));

    public static string Csv(RenewalReport report) => SpreadsheetExport.Csv(Columns, Rows(report));

    public static byte[] Xlsx(RenewalReport report) =>
        SpreadsheetExport.Xlsx(new ExportSheet("Renewals", Columns, Rows(report)), new ExportSheet("Totals", TotalColumns, TotalRows(report)));
}
