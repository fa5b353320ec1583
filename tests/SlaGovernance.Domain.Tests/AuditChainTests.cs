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

    private static readonly AuditCheckpointSeal Seal = new("a-checkpoint-key-of-at-least-32-characters");

    private static AuditCheckpoint CheckpointOf(List<AuditEntry> chain, int length) =>
        Seal.Create(Guid.NewGuid(), Start.AddHours(1), length, chain[length - 1].Sequence, chain[length - 1].Hash, "verify");

    [Fact]
    public void A_seal_holds_only_for_its_own_content_and_key()
    {
        var checkpoint = CheckpointOf(Chain(3), 3);
        Assert.True(Seal.IsGenuine(checkpoint));
        Assert.False(Seal.IsGenuine(checkpoint with { EntryCount = 2 }));
        Assert.False(Seal.IsGenuine(checkpoint with { HeadHash = AuditChain.GenesisHash }));
        Assert.False(new AuditCheckpointSeal("another-key-of-at-least-32-characters!!").IsGenuine(checkpoint));
        Assert.Throws<ArgumentException>(() => new AuditCheckpointSeal("too short"));
    }

    [Fact]
    public void A_chain_that_reaches_its_checkpoint_holds()
    {
        var chain = Chain(5);
        var verifier = new AuditChainVerifier(CheckpointOf(chain, 3));
        Assert.All(chain, e => Assert.True(verifier.Accept(e)));
        var report = verifier.Finish();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(5, report.EntriesChecked);
    }

    [Fact]
    public void A_chain_cut_before_its_checkpoint_is_reported_as_truncated()
    {
        var chain = Chain(5);
        var verifier = new AuditChainVerifier(CheckpointOf(chain, 5));
        Assert.All(chain.Take(3), e => Assert.True(verifier.Accept(e)));
        var report = verifier.Finish();
        Assert.False(report.Intact);
        Assert.Equal(AuditFindings.Truncated, report.Finding);
        Assert.Equal(4, report.FirstBrokenSequence);
        Assert.Contains("ends at entry 3", report.Problem);
    }

    [Fact]
    public void A_chain_rehashed_after_an_edit_is_reported_as_rewritten_at_the_checkpoint()
    {
        var chain = Chain(4);
        var checkpoint = CheckpointOf(chain, 4);
        var previous = chain[0].Hash;
        for (var i = 1; i < chain.Count; i++)
        {
            var forged = chain[i] with { Summary = i == 1 ? "nothing happened" : chain[i].Summary, PreviousHash = previous };
            chain[i] = forged with { Hash = AuditChain.ComputeHash(forged) };
            previous = chain[i].Hash;
        }
        Assert.True(AuditChain.Verify(chain).Intact);
        var verifier = new AuditChainVerifier(checkpoint);
        foreach (var entry in chain)
        {
            if (!verifier.Accept(entry))
                break;
        }
        var report = verifier.Finish();
        Assert.Equal(AuditFindings.Rewritten, report.Finding);
        Assert.Equal(4, report.FirstBrokenSequence);
    }

    [Fact]
    public void An_entry_moved_to_another_place_is_reported_as_reordered()
    {
        var chain = Chain(5);
        (chain[1], chain[3]) = (chain[3] with { Sequence = 2 }, chain[1] with { Sequence = 4 });
        var report = AuditChain.Verify(chain);
        Assert.Equal(AuditFindings.Reordered, report.Finding);
        Assert.Equal(2, report.FirstBrokenSequence);
        Assert.Contains("written as number 4", report.Problem);
    }

    [Fact]
    public void Resuming_at_a_checkpoint_checks_only_what_came_after_it()
    {
        var chain = Chain(6);
        var verifier = new AuditChainVerifier(CheckpointOf(chain, 4), resumeAtCheckpoint: true);
        Assert.All(chain.Skip(3), e => Assert.True(verifier.Accept(e)));
        var report = verifier.Finish();
        Assert.True(report.Intact, report.Problem);
        Assert.Equal(6, report.EntriesChecked);

        var cut = new AuditChainVerifier(CheckpointOf(chain, 4), resumeAtCheckpoint: true);
        Assert.False(cut.Accept(chain[4]));
        Assert.Equal(AuditFindings.Missing, cut.Finish().Finding);
    }
}
