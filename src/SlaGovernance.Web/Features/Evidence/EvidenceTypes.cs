using System.IO.Compression;
using System.Text;

namespace SlaGovernance.Web.Features.Evidence;

/// <summary>A type of evidence file the store accepts, as its content shows it, whatever its name or declared type says.</summary>
public sealed record EvidenceType(string Code, string ContentType, string Label);

/// <summary>Tells a file's type from its first bytes (and, for Office files, the package's [Content_Types].xml).</summary>
public static class EvidenceTypes
{
    public static readonly EvidenceType Pdf = new("pdf", "application/pdf", "PDF");
    public static readonly EvidenceType Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document (.docx)");
    public static readonly EvidenceType Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel workbook (.xlsx)");
    public static readonly EvidenceType Csv = new("csv", "text/csv", "CSV");
    public static readonly EvidenceType Png = new("png", "image/png", "PNG image");
    public static readonly EvidenceType Jpeg = new("jpeg", "image/jpeg", "JPEG image");

    public const string Accepted = "PDF, Word (.docx), Excel (.xlsx), CSV, PNG or JPEG";

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file's type, or null when it is none of the accepted ones. Reads from the start of a seekable stream and rewinds it.</summary>
    public static EvidenceType? Detect(Stream content)
    {
        content.Position = 0;
        var head = new byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        var start = head.AsSpan(0, read);
        if (start.StartsWith("%PDF-"u8))
            return Pdf;
        if (start.StartsWith(PngMagic))
            return Png;
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return Jpeg;
        if (start.StartsWith("PK\u0003\u0004"u8))
            return OfficePackage(content);
        return IsDelimitedText(content) ? Csv : null;
    }

    /// <summary>A zip is a .docx or .xlsx only when its [Content_Types].xml declares the main part of one.</summary>
    private static EvidenceType? OfficePackage(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var types = zip.GetEntry("[Content_Types].xml");
            if (types is null || types.Length > 1024 * 1024)
                return null;
            using var reader = new StreamReader(types.Open());
            var xml = reader.ReadToEnd();
            return xml.Contains("wordprocessingml.document.main+xml", StringComparison.Ordinal) ? Docx
                : xml.Contains("spreadsheetml.sheet.main+xml", StringComparison.Ordinal) ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>CSV is UTF-8 text without control characters (tabs and line ends aside) whose first line holds a delimiter.</summary>
    private static bool IsDelimitedText(Stream content)
    {
        try
        {
            using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true), true, 81920, leaveOpen: true);
            var buffer = new char[81920];
            var firstLineHasDelimiter = false;
            var firstLineDone = false;
            var any = false;
            int read;
            while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
            {
                foreach (var c in buffer.AsSpan(0, read))
                {
                    any = true;
                    if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
                        return false;
                    if (firstLineDone)
                        continue;
                    if (c is '\n')
                        firstLineDone = true;
                    else if (c is ',' or ';' or '\t')
                        firstLineHasDelimiter = true;
                }
            }
            return any && firstLineHasDelimiter;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
