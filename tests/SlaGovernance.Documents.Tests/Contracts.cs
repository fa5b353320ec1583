using DocumentFormat.OpenXml.Packaging;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Tests;

namespace SlaGovernance.Documents.Tests;

/// <summary>Contract inputs for the samples, and a hostile agreement whose every free text tries to break the document.</summary>
public static class Contracts
{
    public static readonly DateTimeOffset GeneratedAt = new(2027, 3, 15, 9, 30, 0, TimeSpan.Zero);

    public const string LongClauseMarker = "Long clause start";

    public static ContractInput For(AgreementContent content, int version = 3) => new(
        content, version, content.ContentHash(), "Acme Buyer GmbH", "Hosting Vendor AG", "Jane Roe, service manager", GeneratedAt);

    public static ContractInput ForSample(string name) => name switch
    {
        "hosting" => For(AgreementSamples.Hosting()),
        "large" => For(AgreementSamples.Large()),
        "hostile" => Hostile(),
        "clauses" => WithClauses(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Use hosting, large, hostile or clauses."),
    };

    public static ContractInput Hostile()
    {
        const string nasty = "<&>\"' \u0001\u0008\u000B\uFFFE \uD800 \uDC00";
        var longClause = LongClauseMarker + "\tcolumn\nline\r\nline " + new string('y', 100_000);
        var hosting = AgreementSamples.Hosting();
        var content = hosting with
        {
            Title = $"Hostile {nasty} title",
            Category = "عقد مستوى الخدمة",
            Slos = [hosting.Slos[0] with { Service = $"Portal {nasty}", Segment = "שירות זהב" }, hosting.Slos[1]],
            Exclusions =
            [
                new Exclusion(ExclusionType.Other, $"Clause {nasty}\ttabbed\nsecond line"),
                new Exclusion(ExclusionType.ThirdParty, "يستثنى انقطاع الخدمة الناتج عن مزودي الطرف الثالث"),
                new Exclusion(ExclusionType.ForceMajeure, "אירועים שאינם בשליטת הצדדים אינם נכללים"),
            ],
            Assumptions = [$"Assumption {nasty}"],
            Clauses = [new ClauseUse("Non-standard", null, null, longClause), new ClauseUse($"Category {nasty}", null, null, $"Text {nasty}")],
        };
        return new ContractInput(content, 7, content.ContentHash(), $"Buyer {nasty}", $"Vendor {nasty}", $"Contact {nasty}", GeneratedAt);
    }

    public static readonly Guid LiabilityClauseId = Guid.Parse("0b8f2e6c-71d4-4b0e-a6a5-5a2d3c4e5f60");

    /// <summary>The hosting sample with a library clause, rendered as the library would, and a hostile non-standard one.</summary>
    public static ContractInput WithClauses()
    {
        const string nasty = "<&>\"' \u0001\u0008 {{";
        var content = AgreementSamples.Hosting() with
        {
            Clauses =
            [
                new ClauseUse("Liability", LiabilityClauseId, 3, null),
                new ClauseUse("Confidentiality", null, null, $"Our own confidentiality wording {nasty}\nsecond line"),
            ],
        };
        var liability = ClausePlaceholders.Render("{{provider}}'s liability under {{agreement.title}} is capped at twelve times {{monthlyFee}} {{currency}}.",
            content, "Hosting Vendor AG");
        return For(content) with
        {
            Clauses = [new RenderedClause(content.Clauses[0], "Limitation of liability", liability), new RenderedClause(content.Clauses[1], null, content.Clauses[1].Text!)],
        };
    }

    public static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), isEditable: false);
}
