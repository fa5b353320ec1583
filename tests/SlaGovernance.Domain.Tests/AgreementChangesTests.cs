using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests;

public sealed class AgreementChangesTests
{
    [Fact]
    public void The_same_content_has_no_changes()
    {
        Assert.Empty(AgreementChanges.Between(AgreementSamples.Hosting(), AgreementSamples.Hosting()));
    }

    [Fact]
    public void A_changed_target_fee_and_priority_time_show_as_those_fields_with_before_and_after()
    {
        var before = AgreementSamples.Hosting();
        var slos = before.Slos.ToList();
        slos[1] = slos[1] with { PriorityTargets = [new PriorityTarget("P1", 10), new PriorityTarget("P2", 60), new PriorityTarget("P3", 480)] };
        slos[0] = slos[0] with { Target = 99.95m };
        var after = before with { MonthlyFee = 13_000m, Slos = slos };

        var changes = AgreementChanges.Between(before, after);

        Assert.Equal(
        [
            new AgreementChange("monthlyFee", "12500", "13000"),
            new AgreementChange("slos[Customer portal / Gold].target", "99.9", "99.95"),
            new AgreementChange("slos[Service desk].priorityTargets[P1].minutes", "15", "10"),
        ], changes);
        Assert.All(changes, c => Assert.Equal("Changed", c.Kind));
    }

    [Fact]
    public void An_objective_inserted_first_shows_as_added_alone_and_a_removed_exclusion_as_removed()
    {
        var before = AgreementSamples.Hosting();
        var added = before.Slos[0] with { Service = "Public API", Segment = null };
        var after = before with
        {
            Slos = [added, .. before.Slos],
            Exclusions = [before.Exclusions![0]],
        };

        var changes = AgreementChanges.Between(before, after);

        Assert.Contains(new AgreementChange("slos[Public API].target", null, "99.9"), changes);
        Assert.Contains(new AgreementChange("exclusions[ForceMajeure].type", "ForceMajeure", null), changes);
        Assert.DoesNotContain(changes, c => c.Path.StartsWith("slos[Customer portal", StringComparison.Ordinal));
        Assert.DoesNotContain(changes, c => c.Path.StartsWith("slos[Service desk", StringComparison.Ordinal));
        Assert.All(changes.Where(c => c.Path.StartsWith("slos[Public API]", StringComparison.Ordinal)), c => Assert.Equal("Added", c.Kind));
    }
}
