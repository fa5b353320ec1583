using DocumentFormat.OpenXml.Packaging;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Agreements;
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
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Use hosting, large or hostile."),
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

    public static WordprocessingDocument Open(byte[] docx) => WordprocessingDocument.Open(new MemoryStream(docx), isEditable: false);
}
