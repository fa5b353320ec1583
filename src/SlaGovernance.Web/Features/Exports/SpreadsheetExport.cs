using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SlaGovernance.Documents.Word;

namespace SlaGovernance.Web.Features.Exports;

/// <summary>One sheet of an export: a header row and rows of values (numbers stay numbers in XLSX).</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Header, IEnumerable<object?[]> Rows);

/// <summary>
/// Tables as CSV that is safe to open in a spreadsheet, and as XLSX written with OpenXml's SpreadsheetDocument (ClosedXML
/// cannot share the process with the OpenXml version the contracts use).
/// </summary>
public static class SpreadsheetExport
{
    public const string CsvMediaType = "text/csv";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Csv(IReadOnlyList<string> header, IEnumerable<object?[]> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", header.Select(CsvField))).Append("\r\n");
        foreach (var row in rows)
            text.Append(string.Join(",", row.Select(value => CsvField(Format(value))))).Append("\r\n");
        return text.ToString();
    }

    /// <summary>UTF-8 with a byte-order mark, so spreadsheets read non-ASCII text right.</summary>
    public static byte[] CsvBytes(string csv) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)];

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

    public static byte[] Xlsx(params IEnumerable<ExportSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            uint id = 1;
            foreach (var sheet in sheets)
                AddSheet(workbook, id++, sheet);
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static void AddSheet(WorkbookPart workbook, uint id, ExportSheet sheet)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint number = 1;
        data.Append(Row(number++, sheet.Header.Cast<object?>().ToArray()));
        foreach (var row in sheet.Rows)
            data.Append(Row(number++, row));
        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = sheet.Name });
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
                double value => new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(value) },
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

    /// <summary>Money-like decimals with two places unless the column formats them itself; dates as ISO.</summary>
    private static string Format(object? value) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal amount => amount.ToString("0.00", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
