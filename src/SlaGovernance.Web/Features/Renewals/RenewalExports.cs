using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SlaGovernance.Documents.Word;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>The renewal calendar as CSV (safe to open in a spreadsheet) and as XLSX with a sheet of totals.</summary>
public static class RenewalExports
{
    public const string CsvMediaType = "text/csv";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

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

    public static string Csv(RenewalReport report)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", Columns.Select(CsvField))).Append("\r\n");
        foreach (var row in Rows(report))
            text.Append(string.Join(",", row.Select(value => CsvField(Format(value))))).Append("\r\n");
        return text.ToString();
    }

    /// <summary>
    /// A field a spreadsheet will not run: text starting with = + - @ (or a tab or carriage return) gets a leading apostrophe,
    /// and a field holding a comma, quote or line break is quoted.
    /// </summary>
    public static string CsvField(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static byte[] Xlsx(RenewalReport report)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            AddSheet(workbook, 1, "Renewals", Columns, Rows(report));
            AddSheet(workbook, 2, "Totals", TotalColumns, TotalRows(report));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, uint id, string name, IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint number = 1;
        data.Append(Row(number++, header.Cast<object?>().ToArray()));
        foreach (var row in rows)
            data.Append(Row(number++, row));
        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Row(uint number, object?[] values)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + number.ToString(CultureInfo.InvariantCulture);
            row.Append(values[i] switch
            {
                decimal amount => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(amount) },
                int count => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(count) },
                var value => new Cell
                {
                    CellReference = reference, DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(XmlSafeText.Clean(Format(value))) { Space = SpaceProcessingModeValues.Preserve }),
                },
            });
        }
        return row;
    }

    public static string ColumnName(int index) => index < 26 ? ((char)('A' + index)).ToString() : ColumnName(index / 26 - 1) + (char)('A' + index % 26);

    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal amount => amount.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
