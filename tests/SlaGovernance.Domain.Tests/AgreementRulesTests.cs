using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests;

public sealed class AgreementRulesTests
{
    private static bool Zone(string id) => NodaTime.DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;

    private static IReadOnlyDictionary<string, string[]> Errors(AgreementContent content) => AgreementRules.Validate(content, Zone).ToDictionary();

    [Fact]
    public void A_complete_draft_is_valid_and_its_hash_is_stable_and_changes_with_its_content()
    {
        var hosting = AgreementSamples.Hosting();
        Assert.Empty(Errors(hosting));
        Assert.Equal(hosting.ContentHash(), AgreementContent.FromJson(hosting.ToJson()).ContentHash());
        Assert.Equal(64, hosting.ContentHash().Length);
        // The hash is over the UTF-8 of the canonical JSON text, as stored hashes were computed, non-ASCII text included.
        foreach (var content in new[] { hosting, hosting with { Title = "Вертрag «SLA» 合同 \u2028 <&>", Category = "عقد" } })
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content.ToJson()))),
                content.ContentHash());
        Assert.NotEqual(hosting.ContentHash(), (hosting with { MonthlyFee = 12_501m }).ContentHash());
    }

    [Fact]
    public void A_text_over_its_limit_is_refused_naming_the_field_and_the_limit()
    {
        var hosting = AgreementSamples.Hosting();
        var errors = Errors(hosting with
        {
            Assumptions = [new string('a', 108_000)],
            Owner = new string('o', AgreementRules.MaxShortText + 1),
            Slos = [hosting.Slos[0] with { Service = new string('s', AgreementRules.MaxShortText + 1) }, .. hosting.Slos.Skip(1)],
        });
        Assert.Equal(["Assumptions: 108,000 characters, over the limit of 4,000. Shorten the text, or put the detail in a clause."], errors["assumptions"]);
        Assert.Contains("over the limit of 200", errors["owner"].Single(), StringComparison.Ordinal);
        Assert.StartsWith("Service of objective 1: 201 characters", errors["slos[0].service"].Single(), StringComparison.Ordinal);
        Assert.Empty(Errors(hosting with { Assumptions = [new string('a', AgreementRules.MaxAssumptions)] }));
    }

    [Fact]
    public void Each_broken_rule_is_reported_on_its_field()
    {
        var hosting = AgreementSamples.Hosting();
        var broken = hosting with
        {
            Title = " ",
            TermEnd = hosting.TermStart,
            Currency = "euro",
            TimeZone = "Mars/Olympus",
            Slos = [hosting.Slos[0] with { Target = 0m, Measurement = hosting.Slos[0].Measurement with { DataSource = "" } },
                hosting.Slos[1] with { Target = 100.5m, PriorityTargets = [] }],
            Credits = new CreditScheme([new CreditTier(99m, 10m), new CreditTier(99.5m, 5m)], 120m, ExcludedTimeTreatment.RemovedFromPeriod),
        };
        var errors = Errors(broken);
        foreach (var field in new[] { "title", "termEnd", "currency", "timeZone", "slos[0].target", "slos[0].measurement.dataSource", "slos[1].target",
                     "slos[1].priorityTargets", "credits.monthlyCapPercent", "credits.tiers[1].belowAttainment", "credits.tiers[1].creditPercent" })
            Assert.True(errors.ContainsKey(field), $"No error on {field}; got {string.Join(", ", errors.Keys)}");
        Assert.Contains("Mars/Olympus", errors["timeZone"][0]);
    }

    [Fact]
    public void A_notice_period_as_long_as_the_term_and_an_agreement_without_objectives_are_refused()
    {
        var hosting = AgreementSamples.Hosting() with { TermStart = new DateOnly(2027, 1, 1), TermEnd = new DateOnly(2027, 3, 31) };
        var errors = Errors(hosting with { Renewal = hosting.Renewal with { NoticePeriod = new Period(3, PeriodUnit.Months) }, Slos = [] });
        Assert.Contains("not shorter than the term", errors["renewal.noticePeriod"][0]);
        Assert.Contains("at least one", errors["slos"][0]);
        Assert.Empty(Errors(hosting with { Renewal = hosting.Renewal with { NoticePeriod = new Period(60, PeriodUnit.Days) } }));
    }

    [Fact]
    public void Policy_facts_are_read_from_the_content()
    {
        var hosting = AgreementSamples.Hosting();
        Assert.True(hosting.HasExclusions);
        Assert.False(hosting.HasNonStandardClause);
        var plain = hosting with { Exclusions = [], MaintenanceWindows = [], Clauses = [new ClauseUse("Liability", null, null, "Our own words.")] };
        Assert.False(plain.HasExclusions);
        Assert.True(plain.HasNonStandardClause);
    }
}
