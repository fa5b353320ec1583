using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests.Agreements;

/// <summary>The terms that govern operating an agreement after signature: the month-end close's grace period and the earn-back.</summary>
public sealed class OperatingTermsTests
{
    [Fact]
    public void Absent_terms_stay_out_of_the_canonical_json_so_the_hash_is_unchanged_and_the_grace_period_defaults_to_five_business_days()
    {
        var hosting = AgreementSamples.Hosting();
        Assert.DoesNotContain("closeGraceBusinessDays", hosting.ToJson(), StringComparison.Ordinal);
        Assert.DoesNotContain("earnBack", hosting.ToJson(), StringComparison.Ordinal);
        Assert.Equal(5, hosting.EffectiveCloseGraceBusinessDays);

        var given = hosting with { CloseGraceBusinessDays = 2, EarnBack = new EarnBack(3) };
        Assert.Contains("\"closeGraceBusinessDays\":2,\"earnBack\":{\"periods\":3}", given.ToJson(), StringComparison.Ordinal);
        Assert.NotEqual(hosting.ContentHash(), given.ContentHash());
        Assert.Equal(given.ContentHash(), AgreementContent.FromJson(given.ToJson()).ContentHash());
        Assert.Equal(2, given.EffectiveCloseGraceBusinessDays);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public void A_grace_period_outside_zero_to_twenty_business_days_is_refused_at_its_field(int days)
    {
        var errors = AgreementRules.Validate(AgreementSamples.Hosting() with { CloseGraceBusinessDays = days }, _ => true).ToDictionary();
        Assert.StartsWith($"{days} business days is not a grace period for late data; give 0 to 20", Assert.Single(errors["closeGraceBusinessDays"]));
    }

    [Fact]
    public void An_earn_back_needs_one_to_twelve_periods_and_credits_to_forgive()
    {
        var hosting = AgreementSamples.Hosting();
        Assert.False(AgreementRules.Validate(hosting with { EarnBack = new EarnBack(3), CloseGraceBusinessDays = 0 }, _ => true).ToDictionary().Any());
        var errors = AgreementRules.Validate(hosting with { EarnBack = new EarnBack(13) }, _ => true).ToDictionary();
        Assert.Equal("13 periods is not an earn-back term; a credit is earned back after 1 to 12 met periods.", Assert.Single(errors["earnBack.periods"]));
        var noCredits = hosting with { EarnBack = new EarnBack(2), Credits = hosting.Credits with { Tiers = [] } };
        Assert.StartsWith("An earn-back forgives service credits, and this agreement earns none",
            Assert.Single(AgreementRules.Validate(noCredits, _ => true).ToDictionary()["earnBack"]));
    }

    [Fact]
    public void A_change_shows_the_grace_period_and_an_added_earn_back_weakens_the_agreement()
    {
        var before = AgreementSamples.Hosting();
        var impact = ChangeImpact.Between(before, before with { CloseGraceBusinessDays = 3, EarnBack = new EarnBack(2) }, RiskTier.Low);
        Assert.Contains(new TermChange("month-end close grace period", "5 business days", "3 business days", ChangeEffect.Changed), impact.Other);
        Assert.Contains(new TermChange("earn-back", null, "a credit is forgiven when the next 2 periods are all met", ChangeEffect.Weakened), impact.Other);
        var longer = ChangeImpact.Between(before with { EarnBack = new EarnBack(2) }, before with { EarnBack = new EarnBack(4) }, RiskTier.Low);
        Assert.Equal(ChangeEffect.Strengthened, Assert.Single(longer.Other, t => t.Term == "earn-back").Effect);
        Assert.DoesNotContain(ChangeImpact.Between(before, before with { CloseGraceBusinessDays = 5 }, RiskTier.Low).Other,
            t => t.Term == "month-end close grace period");
    }

    [Fact]
    public void An_earn_back_is_pending_until_the_periods_after_the_credit_are_reported_kept_by_one_missed_and_earned_back_by_all_met()
    {
        var term = new EarnBack(2);
        Assert.Equal(EarnBackStatus.None, EarnBackRule.Assess(null, 1_200m, "EUR", []).Status);
        Assert.Equal(EarnBackStatus.None, EarnBackRule.Assess(term, 0m, "EUR", []).Status);
        var pending = EarnBackRule.Assess(term, 1_200m, "EUR", [new("2027-05", true), new("2027-06", null)]);
        Assert.Equal((EarnBackStatus.Pending, false), (pending.Status, pending.Forgiven));
        Assert.Equal("The credit of 1,200.00 EUR is earned back if every objective is met in each of the 2 periods that follow (2027-05, 2027-06); " +
            "1 of 2 met so far, the rest not reported yet.", pending.Explanation);
        var kept = EarnBackRule.Assess(term, 1_200m, "EUR", [new("2027-05", null), new("2027-06", false)]);
        Assert.Equal("The credit of 1,200.00 EUR stands: 2027-06, one of the 2 periods that follow, was not met.", kept.Explanation);
        var earned = EarnBackRule.Assess(term, 1_200m, "EUR", [new("2027-05", true), new("2027-06", true), new("2027-07", false)]);
        Assert.Equal((EarnBackStatus.EarnedBack, true, 2), (earned.Status, earned.Forgiven, earned.Following.Count));
        Assert.Equal("The credit of 600.00 EUR stands: 2027-03, the period that follows, was not met.",
            EarnBackRule.Assess(new EarnBack(1), 600m, "EUR", [new("2027-03", false)]).Explanation);
    }
}
