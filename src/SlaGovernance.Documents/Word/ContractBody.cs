using System.Globalization;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace SlaGovernance.Documents.Word;

/// <summary>
/// Writes a contract's body into the main document part as it goes: paragraphs and tables straight to the part's XML
/// stream, numbering sections and clauses through the clause list. The SDK's element tree cost ten times a plain
/// write for the same document (its per-element metadata and validation on save), so the body, the one part that
/// grows with the agreement, is streamed; the parts around it still come from the SDK. Every document is checked with
/// OpenXmlValidator in the tests.
/// </summary>
public sealed class ContractBody : IDisposable
{
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const int TextWidthTwips = 9638;

    private static readonly XmlWriterSettings Settings = new() { Encoding = new System.Text.UTF8Encoding(false), CloseOutput = true };

    private readonly XmlWriter _xml;

    public ContractBody(MainDocumentPart part)
        : this(part.GetStream(FileMode.Create, FileAccess.Write))
    {
    }

    private ContractBody(Stream output)
        : this(XmlWriter.Create(output, Settings))
    {
    }

    /// <summary>Writes the document part's XML to a writer of its own, such as an XDocument's, which it closes when disposed.</summary>
    internal ContractBody(XmlWriter xml)
    {
        _xml = xml;
        _xml.WriteStartDocument(standalone: true);
        _xml.WriteStartElement("w", "document", W);
        _xml.WriteAttributeString("xmlns", "r", null, R);
        _xml.WriteStartElement("w", "body", W);
    }

    public void Title(string text) => Paragraph(ContractStyles.Title, null, text, bold: false);

    public void Plain(string text) => Paragraph(ContractStyles.Normal, null, text, bold: false);

    public void Section(string heading) => Paragraph(ContractStyles.Heading1, 0, heading, bold: false);

    public void SubSection(string heading) => Paragraph(ContractStyles.Heading2, 1, heading, bold: false);

    /// <summary>A numbered clause, "1.1" at level 1 or "1.1.1" at level 2, with an optional bold lead-in such as "Term."</summary>
    public void Clause(string text, string? leadIn = null, int level = 1)
    {
        var clean = XmlSafeText.Clean(text);
        StartParagraph(ContractStyles.Clause, level, TextDirection.IsPredominantlyRightToLeft(clean));
        if (leadIn is not null)
            Run(XmlSafeText.Clean(leadIn + ". "), bold: true);
        Run(clean, bold: false);
        _xml.WriteEndElement();
    }

    public void Table(IReadOnlyList<string> headers, IReadOnlyList<int> widthsTwips, IEnumerable<IReadOnlyList<string>> rows, bool borders = true)
    {
        var scale = (double)TextWidthTwips / widthsTwips.Sum();
        var widths = widthsTwips.Select(w => ((int)(w * scale)).ToString(CultureInfo.InvariantCulture)).ToArray();
        _xml.WriteStartElement("w", "tbl", W);
        _xml.WriteStartElement("w", "tblPr", W);
        if (borders)
            Empty("tblStyle", ContractStyles.TableGrid);
        _xml.WriteStartElement("w", "tblW", W);
        _xml.WriteAttributeString("w", "w", W, "5000");
        _xml.WriteAttributeString("w", "type", W, "pct");
        _xml.WriteEndElement();
        _xml.WriteStartElement("w", "tblLayout", W);
        _xml.WriteAttributeString("w", "type", W, "fixed");
        _xml.WriteEndElement();
        _xml.WriteStartElement("w", "tblLook", W);
        _xml.WriteAttributeString("w", "val", W, "04A0");
        _xml.WriteAttributeString("w", "firstRow", W, "1");
        _xml.WriteAttributeString("w", "noVBand", W, "1");
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteStartElement("w", "tblGrid", W);
        foreach (var width in widths)
        {
            _xml.WriteStartElement("w", "gridCol", W);
            _xml.WriteAttributeString("w", "w", W, width);
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
        Row(headers, widths, header: true);
        foreach (var row in rows)
            Row(row, widths, header: false);
        _xml.WriteEndElement();
        // Word merges a table into a table that directly follows it; an empty paragraph keeps them apart.
        _xml.WriteStartElement("w", "p", W);
        _xml.WriteStartElement("w", "pPr", W);
        Empty("pStyle", ContractStyles.TableText);
        _xml.WriteEndElement();
        _xml.WriteEndElement();
    }

    /// <summary>Ends the body with its section: A4, margins, and the footer with the given relationship id.</summary>
    public void End(string footerRelationshipId)
    {
        _xml.WriteStartElement("w", "sectPr", W);
        _xml.WriteStartElement("w", "footerReference", W);
        _xml.WriteAttributeString("w", "type", W, "default");
        _xml.WriteAttributeString("r", "id", R, footerRelationshipId);
        _xml.WriteEndElement();
        _xml.WriteStartElement("w", "pgSz", W);
        _xml.WriteAttributeString("w", "w", W, "11906");
        _xml.WriteAttributeString("w", "h", W, "16838");
        _xml.WriteEndElement();
        _xml.WriteStartElement("w", "pgMar", W);
        foreach (var (name, value) in new[] { ("top", "1134"), ("right", "1134"), ("bottom", "1134"), ("left", "1134"), ("header", "567"), ("footer", "567"), ("gutter", "0") })
            _xml.WriteAttributeString("w", name, W, value);
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndElement();
        _xml.WriteEndDocument();
        _xml.Flush();
    }

    public void Dispose() => _xml.Dispose();

    private void Row(IReadOnlyList<string> cells, string[] widths, bool header)
    {
        _xml.WriteStartElement("w", "tr", W);
        if (header)
        {
            _xml.WriteStartElement("w", "trPr", W);
            _xml.WriteElementString("w", "cantSplit", W, null);
            _xml.WriteElementString("w", "tblHeader", W, null);
            _xml.WriteEndElement();
        }
        for (var i = 0; i < widths.Length; i++)
        {
            _xml.WriteStartElement("w", "tc", W);
            _xml.WriteStartElement("w", "tcPr", W);
            _xml.WriteStartElement("w", "tcW", W);
            _xml.WriteAttributeString("w", "w", W, widths[i]);
            _xml.WriteAttributeString("w", "type", W, "dxa");
            _xml.WriteEndElement();
            _xml.WriteEndElement();
            Paragraph(ContractStyles.TableText, null, i < cells.Count ? cells[i] : "", bold: header);
            _xml.WriteEndElement();
        }
        _xml.WriteEndElement();
    }

    private void Paragraph(string styleId, int? level, string text, bool bold)
    {
        var clean = XmlSafeText.Clean(text);
        StartParagraph(styleId, level, TextDirection.IsPredominantlyRightToLeft(clean));
        Run(clean, bold);
        _xml.WriteEndElement();
    }

    // Paragraph properties in schema order: pStyle, numPr, bidi.
    private void StartParagraph(string styleId, int? level, bool rightToLeft)
    {
        _xml.WriteStartElement("w", "p", W);
        _xml.WriteStartElement("w", "pPr", W);
        Empty("pStyle", styleId);
        if (level is { } ilvl)
        {
            _xml.WriteStartElement("w", "numPr", W);
            Empty("ilvl", ilvl.ToString(CultureInfo.InvariantCulture));
            Empty("numId", ContractNumbering.ClauseListId.ToString(CultureInfo.InvariantCulture));
            _xml.WriteEndElement();
        }
        if (rightToLeft)
            _xml.WriteElementString("w", "bidi", W, null);
        _xml.WriteEndElement();
    }

    /// <summary>A run of clean text: tabs and line breaks as Word's own elements, right-to-left text marked; run properties b, bCs, rtl in schema order.</summary>
    private void Run(string clean, bool bold)
    {
        if (clean.Length == 0)
            return;
        var rightToLeft = TextDirection.IsPredominantlyRightToLeft(clean);
        _xml.WriteStartElement("w", "r", W);
        if (bold || rightToLeft)
        {
            _xml.WriteStartElement("w", "rPr", W);
            if (bold)
            {
                _xml.WriteElementString("w", "b", W, null);
                _xml.WriteElementString("w", "bCs", W, null);
            }
            if (rightToLeft)
                _xml.WriteElementString("w", "rtl", W, null);
            _xml.WriteEndElement();
        }
        var start = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var c = clean[i];
            if (c is not ('\t' or '\n' or '\r' or '\u2028' or '\u2029'))
                continue;
            Text(clean, start, i);
            if (c == '\t')
                _xml.WriteElementString("w", "tab", W, null);
            else
            {
                _xml.WriteElementString("w", "br", W, null);
                if (c == '\r' && i + 1 < clean.Length && clean[i + 1] == '\n')
                    i++;
            }
            start = i + 1;
        }
        Text(clean, start, clean.Length);
        _xml.WriteEndElement();
    }

    private void Text(string text, int start, int end)
    {
        if (end <= start)
            return;
        var part = start == 0 && end == text.Length ? text : text[start..end];
        _xml.WriteStartElement("w", "t", W);
        if (char.IsWhiteSpace(part[0]) || char.IsWhiteSpace(part[^1]))
            _xml.WriteAttributeString("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve");
        _xml.WriteString(part);
        _xml.WriteEndElement();
    }

    private void Empty(string name, string value)
    {
        _xml.WriteStartElement("w", name, W);
        _xml.WriteAttributeString("w", "val", W, value);
        _xml.WriteEndElement();
    }
}
