using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests.Agreements;

/// <summary>
/// Content stored in each earlier shape still hashes to the SHA-256 it was stored with, and reads back to the same canonical
/// JSON: a new content field must be left out while absent. ContentShapes/shape-N holds content as the code of shape N wrote it
/// (shape 1: before objectives had keys, written by commit 446b93d; shape 2: with keys).
/// </summary>
public sealed class ContentShapeTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Folder, file));
        return data;
    }

    private static string Folder => Path.Combine(TestEnvironment.RepositoryRoot(), "tests", "SlaGovernance.Domain.Tests", "Agreements", "ContentShapes");

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Stored_content_of_every_earlier_shape_keeps_its_hash_and_its_canonical_json(string fixture)
    {
        var json = File.ReadAllText(Path.Combine(Folder, fixture));
        var stored = File.ReadAllText(Path.ChangeExtension(Path.Combine(Folder, fixture), ".sha256")).Trim();
        var content = AgreementContent.FromJson(json);
        Assert.Equal(stored, content.ContentHash());
        Assert.Equal(json, content.ToJson());
    }

    [Fact]
    public void Every_shape_has_its_fixtures()
    {
        Assert.Equal(["shape-1", "shape-2"], Directory.GetDirectories(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(Directory.GetDirectories(Folder), shape => Assert.Equal(3, Directory.GetFiles(shape, "*.json").Length));
    }

    [Fact]
    public void Objectives_get_keys_from_service_metric_and_segment_and_keep_keys_they_have()
    {
        var hosting = AgreementSamples.Hosting();
        var keyed = (hosting with { Slos = [.. hosting.Slos, hosting.Slos[0] with { Target = 99.5m }, hosting.Slos[1] with { Key = "desk/p1" }] })
            .WithObjectiveKeys();
        Assert.Equal(["customer-portal/availability/gold", "service-desk/response-time", "customer-portal/availability/gold-2", "desk/p1"],
            keyed.Slos.Select(s => s.Key));
        Assert.Same(keyed, keyed.WithObjectiveKeys());
        var renamed = keyed with { Slos = [keyed.Slos[0] with { Service = "Web shop" }, .. keyed.Slos.Skip(1)] };
        Assert.Equal("customer-portal/availability/gold", renamed.WithObjectiveKeys().Slos[0].Key);
    }

    [Fact]
    public void A_malformed_or_shared_key_is_refused_at_its_objective()
    {
        var hosting = AgreementSamples.Hosting();
        var errors = AgreementRules.Validate(hosting with
        {
            Slos = [hosting.Slos[0] with { Key = "Portal Uptime" }, hosting.Slos[1] with { Key = "desk" }, hosting.Slos[1] with { Key = "desk" }],
        }, _ => true).ToDictionary();
        Assert.StartsWith("'Portal Uptime' is not an objective key", Assert.Single(errors["slos[0].key"]));
        Assert.Equal("The key 'desk' is also the key of objective 2; each objective keeps its own key across versions.", Assert.Single(errors["slos[2].key"]));
        Assert.False(errors.ContainsKey("slos[1].key"));
    }

    [Fact]
    public void An_objectives_own_tiers_replace_the_agreements_and_may_not_lie_above_its_target()
    {
        var hosting = AgreementSamples.Hosting();
        // The service desk (95 %) has no tiers of its own: the agreement's (below 99.9, 99.5, 99) all lie above it, so none applies.
        Assert.Empty(hosting.Slos[1].TiersUnder(hosting.Credits));
        Assert.Equal(3, hosting.Slos[0].TiersUnder(hosting.Credits).Count);
        var (path, message) = Assert.Single(AgreementRules.Warnings(hosting));
        Assert.Equal("slos[1].creditTiers", path);
        Assert.EndsWith("and none at all unless you give it tiers of its own.", message);

        var own = hosting with { Slos = [hosting.Slos[0], hosting.Slos[1] with { CreditTiers = [new CreditTier(95m, 5m), new CreditTier(90m, 10m)] }] };
        Assert.Equal([new CreditTier(95m, 5m), new CreditTier(90m, 10m)], own.Slos[1].TiersUnder(own.Credits));
        Assert.Empty(AgreementRules.Warnings(own));
        Assert.True(AgreementRules.Validate(own, _ => true).IsValid);
        // Own tiers are hashed with the content; content without them keeps its hash.
        Assert.NotEqual(hosting.ContentHash(), own.ContentHash());

        var above = hosting with { Slos = [hosting.Slos[0], hosting.Slos[1] with { CreditTiers = [new CreditTier(99m, 5m), new CreditTier(99.5m, 10m)] }] };
        var errors = AgreementRules.Validate(above, _ => true).ToDictionary();
        Assert.Contains(errors["slos[1].creditTiers"], m => m.StartsWith("The tier below 99", StringComparison.Ordinal) && m.Contains("would credit an objective that is met"));
        Assert.Contains("slos[1].creditTiers[1].belowAttainment", errors.Keys);
    }
}
