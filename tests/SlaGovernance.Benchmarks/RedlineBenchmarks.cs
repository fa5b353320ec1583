using SlaGovernance.Documents.Contracts;
using SlaGovernance.Documents.Word;
using SlaGovernance.Tests;

namespace SlaGovernance.Benchmarks;

/// <summary>
/// The redline of the Large() contract (20 SLOs, 10 exclusions) against LargeAmended() (5 targets and 2 exclusions
/// changed): whole, with both versions written; two finished .docx files compared, as a template's redline is; and a bare
/// OpenXML SDK write of one contract's paragraphs and tables as the yardstick, in the same run.
/// </summary>
public static class RedlineBenchmarks
{
    public static (Measure.Result Result, int Bytes)[] Run()
    {
        var before = AgreementSamples.Large();
        var after = AgreementSamples.LargeAmended();
        var now = DateTimeOffset.UtcNow;
        var baseVersion = new ContractInput(before, 3, before.ContentHash(), "Acme Buyer GmbH", "Hosting Vendor AG", "Jane Roe", now);
        var proposed = new ContractInput(after, 4, after.ContentHash(), "Acme Buyer GmbH", "Hosting Vendor AG", "Jane Roe", now);
        var mark = new RevisionMark("Lena Legal", now);
        var baseDocx = ContractDocument.Generate(baseVersion);
        var proposedDocx = ContractDocument.Generate(proposed);
        if (Environment.GetEnvironmentVariable("SLAGOV_BENCH_SAVE_DOCX") is { Length: > 0 } dir)
            File.WriteAllBytes(Path.Combine(dir, "redline.docx"), ContractRedline.Generate(baseVersion, proposed, mark));
        return
        [
            (Measure.Run("ContractRedline.Generate (Large, 5 SLOs + 2 exclusions)", () => ContractRedline.Generate(baseVersion, proposed, mark), runs: 200, warmups: 30),
                ContractRedline.Generate(baseVersion, proposed, mark).Length),
            (Measure.Run("WordRedline.Compare of two finished .docx (template path)", () => WordRedline.Compare(baseDocx, proposedDocx, mark), runs: 200, warmups: 30),
                WordRedline.Compare(baseDocx, proposedDocx, mark).Length),
            (Measure.Run("Bare OpenXML SDK write, one contract's paragraphs and tables", () => ContractBenchmarks.BareWrite(before), runs: 200, warmups: 30),
                ContractBenchmarks.BareWrite(before).Length),
        ];
    }
}
