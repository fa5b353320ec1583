using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;

namespace SlaGovernance.Benchmarks;

/// <summary>The Large() contract (20 SLOs, 10 exclusions) through ContractDocument, against a bare OpenXML SDK write of the same paragraphs and tables.</summary>
public static class ContractBenchmarks
{
    public static (Measure.Result Result, int Bytes)[] Run()
    {
        var content = AgreementSamples.Large();
        var input = new ContractInput(content, 3, content.ContentHash(), "Acme Buyer GmbH", "Hosting Vendor AG", "Jane Roe", DateTimeOffset.UtcNow);
        if (Environment.GetEnvironmentVariable("SLAGOV_BENCH_SAVE_DOCX") is { Length: > 0 } dir)
        {
            File.WriteAllBytes(Path.Combine(dir, "contract.docx"), ContractDocument.Generate(input));
            File.WriteAllBytes(Path.Combine(dir, "bare.docx"), BareWrite(content));
        }
        return
        [
            (Measure.Run("ContractDocument.Generate (Large)", () => ContractDocument.Generate(input), runs: 200, warmups: 30),
                ContractDocument.Generate(input).Length),
            (Measure.Run("Bare OpenXML SDK write, same paragraphs and tables", () => BareWrite(content), runs: 200, warmups: 30),
                BareWrite(content).Length),
        ];
    }

    /// <summary>The same body shape with no styles, numbering, wording, hash check or text cleaning: the SDK's own cost.</summary>
    internal static byte[] BareWrite(AgreementContent content)
    {
        using var stream = new MemoryStream(32 * 1024);
        using (var document = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = new Footer(Plain("Version 3 · SHA-256 " + new string('a', 64)));
            var body = new Body(Plain(content.Title), Plain("Service level agreement between A and B."), Plain("Version 3, generated now."));
            for (var section = 0; section < 11; section++)
                body.Append(Plain($"Section {section}"), Plain("A clause of about the length the contract's clauses have, stating a term."),
                    Plain("Another clause of about the length the contract's clauses have, stating a term."));
            body.Append(BareTable(8, content.Slos.Select(s => Enumerable.Repeat(s.Service + " " + s.Measurement.DataSource, 8).ToArray())));
            body.Append(BareTable(3, content.Credits.Tiers.Select(t => Enumerable.Repeat(t.CreditPercent.ToString(System.Globalization.CultureInfo.InvariantCulture), 3).ToArray())));
            foreach (var exclusion in content.Exclusions!)
                body.Append(Plain(exclusion.ClauseText));
            body.Append(BareTable(3, content.Escalation!.Select(l => Enumerable.Repeat(l.Contact, 3).ToArray())));
            body.Append(BareTable(2, Enumerable.Range(0, 4).Select(_ => Enumerable.Repeat("Signature: ______________", 2).ToArray())));
            body.Append(new SectionProperties(new FooterReference { Type = HeaderFooterValues.Default, Id = main.GetIdOfPart(footer) }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static Paragraph Plain(string text) => new(new Run(new Text(text)));

    private static Table BareTable(int columns, IEnumerable<string[]> rows)
    {
        var table = new Table(new TableGrid(Enumerable.Range(0, columns).Select(_ => new GridColumn { Width = "1200" })));
        table.Append(new TableRow(Enumerable.Range(0, columns).Select(c => new TableCell(Plain($"Header {c}")))));
        foreach (var row in rows)
            table.Append(new TableRow(row.Select(cell => new TableCell(Plain(cell)))));
        return table;
    }
}
