using CsCheck;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;
using CreditTier = SlaGovernance.Domain.Agreements.CreditTier;
using MissingDataPolicy = SlaGovernance.Domain.Agreements.MissingDataPolicy;

namespace SlaGovernance.Domain.Tests.Changes;

/// <summary>Invariants of the impact over generated variants of the hosting sample: targets, priority minutes, hours, credits, fee, exclusions.</summary>
public sealed class ChangeImpactProperties
{
    private static readonly AgreementContent Hosting = AgreementSamples.Hosting().WithObjectiveKeys();

    private static readonly Gen<CreditTier[]> Tiers =
        from count in Gen.Int[0, 3]
        from thresholds in Gen.Shuffle(new[] { 99.99m, 99.95m, 99.9m, 99.5m, 99m, 98m, 95m }, count)
        from credits in Gen.Shuffle(new[] { 5m, 10m, 15m, 20m, 25m, 50m }, count)
        select thresholds.OrderDescending().Zip(credits.Order(), (below, credit) => new CreditTier(below, credit)).ToArray();

    private static readonly Gen<AgreementContent> Variants =
        from portalTarget in Gen.OneOf(99m, 99.5m, 99.9m, 99.95m)
        from deskTarget in Gen.OneOf(90m, 95m, 97m)
        from p1 in Gen.OneOf(10, 15, 30)
        from businessHours in Gen.Bool
        from missing in Gen.Enum<MissingDataPolicy>()
        from tiers in Tiers
        from cap in Gen.OneOf(0m, 10m, 20m, 30m, 100m)
        from fee in Gen.OneOf(0m, 9_999.99m, 12_500m, 20_000m)
        from keptExclusions in Gen.Int[0, 2]
        from maintenance in Gen.OneOf(60, 120, 240)
        select Hosting with
        {
            Slos =
            [
                Hosting.Slos[0] with { Target = portalTarget, BusinessHoursOnly = businessHours },
                Hosting.Slos[1] with
                {
                    Target = deskTarget,
                    MissingData = missing,
                    PriorityTargets = [new PriorityTarget("P1", p1), .. Hosting.Slos[1].PriorityTargets!.Skip(1)],
                },
            ],
            Credits = Hosting.Credits with { Tiers = tiers, MonthlyCapPercent = cap },
            MonthlyFee = fee,
            Exclusions = [.. Hosting.Exclusions!.Take(keptExclusions)],
            MaintenanceWindows = [Hosting.MaintenanceWindows![0] with { DurationMinutes = maintenance }],
        };

    private static ChangeEffect Mirror(ChangeEffect effect) => effect switch
    {
        ChangeEffect.Strengthened => ChangeEffect.Weakened,
        ChangeEffect.Weakened => ChangeEffect.Strengthened,
        _ => effect,
    };

    [Fact]
    public void A_content_compared_with_itself_changes_nothing()
    {
        Variants.Sample(content =>
        {
            var impact = ChangeImpact.Between(content, content, RiskTier.High);
            return !impact.ChangesAnything && impact.Summary() == "No change" && ChangeClassRules.Check(ChangeClass.Major, impact).ToDictionary().ContainsKey("content");
        });
    }

    [Fact]
    public void The_impact_changes_something_exactly_when_a_field_of_the_content_differs()
    {
        Gen.Select(Variants, Variants).Sample((before, after) =>
            ChangeImpact.Between(before, after, RiskTier.Low).ChangesAnything == AgreementChanges.Between(before, after).Count > 0);
    }

    [Fact]
    public void Undoing_a_change_mirrors_its_impact()
    {
        Gen.Select(Variants, Variants).Sample((before, after) =>
        {
            var forward = ChangeImpact.Between(before, after, RiskTier.Medium);
            var back = ChangeImpact.Between(after, before, RiskTier.Medium);
            return forward.Objectives.Zip(back.Objectives).All(pair => pair.First.Effect == Mirror(pair.Second.Effect))
                && forward.Credits.Effect == Mirror(back.Credits.Effect)
                && forward.Credits.LargestMonthlyCreditBefore == back.Credits.LargestMonthlyCreditAfter
                && (forward.ExclusionsAdded, forward.ExclusionsRemoved) == (back.ExclusionsRemoved, back.ExclusionsAdded)
                && (forward.ObjectivesWeakened, forward.ObjectivesStrengthened) == (back.ObjectivesStrengthened, back.ObjectivesWeakened);
        });
    }

    [Fact]
    public void The_largest_monthly_credit_is_every_objective_at_the_top_tier_it_earns_by_limited_by_the_cap()
    {
        Variants.Sample(content =>
        {
            // Each objective at its own most severe tier: the agreement's tiers at or below its target, or its own.
            var percent = Math.Min(content.Slos.Sum(slo => slo.TiersUnder(content.Credits) is { Count: > 0 } tiers ? tiers.Max(t => t.CreditPercent) : 0m),
                content.Credits.MonthlyCapPercent);
            var expected = new Money(content.MonthlyFee * percent / 100m, content.Currency);
            return ChangeImpact.Between(Hosting, content, RiskTier.Low).Credits.LargestMonthlyCreditAfter == expected;
        });
    }
}
