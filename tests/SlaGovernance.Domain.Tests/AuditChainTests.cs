using SlaGovernance.Domain.Audit;

namespace SlaGovernance.Domain.Tests;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static List<AuditEntry> Chain(int length)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= length; i++)
        {
            var at = Start.AddMinutes(i);
            var hash = AuditChain.ComputeHash(previous, i, at, "ada", "vendor.updated", "Vendor", "v1", $"change {i}", "{}", "{}");
            entries.Add(new AuditEntry(i, at, "ada", "vendor.updated", "Vendor", "v1", $"change {i}", "{}", "{}", previous, hash));
            previous = hash;
        }
        return entries;
    }

    [Fact]
    public void An_untouched_chain_holds()
    {
        var report = AuditChain.Verify(Chain(5));
        Assert.True(report.Intact);
        Assert.Equal(5, report.EntriesChecked);
    }

    [Fact]
    public void An_altered_entry_is_reported_as_the_first_broken_one()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Summary = "quietly changed" };
        var report = AuditChain.Verify(chain);
        Assert.False(report.Intact);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Equal(2, report.EntriesChecked);
        Assert.Contains("altered", report.Problem);
    }

    [Fact]
    public void A_removed_entry_is_reported()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        var report = AuditChain.Verify(chain);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Contains("missing", report.Problem);
    }

    [Fact]
    public void A_rehashed_entry_still_breaks_the_link_to_the_next()
    {
        var chain = Chain(4);
        var forged = chain[1] with { Actor = "mallory" };
        chain[1] = forged with { Hash = AuditChain.ComputeHash(forged) };
        var report = AuditChain.Verify(chain);
        Assert.Equal(3, report.FirstBrokenSequence);
        Assert.Contains("does not link", report.Problem);
    }

    [Fact]
    public void Moving_text_between_fields_changes_the_hash()
    {
        var a = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, Start, "ab", "c", "T", null, null, null, null);
        var b = AuditChain.ComputeHash(AuditChain.GenesisHash, 1, Start, "a", "bc", "T", null, null, null, null);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Times_are_hashed_at_millisecond_precision_so_every_database_round_trips_them()
    {
        var precise = Start.AddTicks(1234);
        Assert.Equal(
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, precise, "a", "b", "c", null, null, null, null),
            AuditChain.ComputeHash(AuditChain.GenesisHash, 1, AuditChain.Normalize(precise), "a", "b", "c", null, null, null, null));
    }
}
