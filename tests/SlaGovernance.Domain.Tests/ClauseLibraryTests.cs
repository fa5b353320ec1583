using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests;

public sealed class ClauseLibraryTests
{
    private static readonly Guid LiabilityId = Guid.Parse("0b8f2e6c-71d4-4b0e-a6a5-5a2d3c4e5f60");

    private static LibraryClause Liability(int latest = 3, bool retired = false) => new()
    {
        Id = LiabilityId, Category = "Liability", Title = "Limitation of liability", LatestVersion = latest, IsRetired = retired,
        RetiredAt = retired ? new DateTimeOffset(2027, 2, 1, 8, 0, 0, TimeSpan.Zero) : null,
    };

    private static IReadOnlyDictionary<string, string[]> UseErrors(AgreementContent content, LibraryClause clause, AgreementContent? before = null)
    {
        var errors = new ValidationErrors();
        ClauseRules.ValidateUses(content, new Dictionary<Guid, LibraryClause> { [clause.Id] = clause }, before, errors);
        return errors.ToDictionary();
    }

    private static AgreementContent Using(params ClauseUse[] uses) => AgreementSamples.Hosting() with { Clauses = uses };

    [Fact]
    public void Every_placeholder_is_filled_from_the_agreement_and_its_provider()
    {
        var text = string.Join(" | ", ClausePlaceholders.Names.Select(n => "{{" + n + "}}"));
        Assert.Empty(ClausePlaceholders.Problems(text));

        var rendered = ClausePlaceholders.Render(text, AgreementSamples.Hosting(), "Hostly GmbH");

        Assert.DoesNotContain("{{", rendered);
        Assert.DoesNotContain("}}", rendered);
        Assert.Equal("Managed hosting SLA | Hosting | Hostly GmbH | drafter | 1 January 2027 | 31 December 2029 | 3 months | 12 months | " +
            "12,500.00 | 150,000.00 | EUR | Europe/Berlin | 30% | IT-OPS-42", rendered);
    }

    [Fact]
    public void Placeholders_may_carry_spaces_and_values_are_not_read_as_placeholders_again()
    {
        var content = AgreementSamples.Hosting() with { Title = "Title with {{provider}} in it" };

        var rendered = ClausePlaceholders.Render("{{ agreement.title }} is provided by {{provider}}.", content, "Hostly");

        Assert.Equal("Title with {{provider}} in it is provided by Hostly.", rendered);
    }

    [Fact]
    public void Values_an_agreement_does_not_state_read_as_not_stated()
    {
        var content = AgreementSamples.Hosting() with
        {
            Category = null, CostCentre = null, Renewal = new RenewalTerms(false, new Period(30, PeriodUnit.Days), null),
        };

        Assert.Equal("(not stated), (not stated), (not stated); notice 30 days",
            ClausePlaceholders.Render("{{agreement.category}}, {{costCentre}}, {{renewalTerm}}; notice {{noticePeriod}}", content, "Hostly"));
    }

    [Fact]
    public void An_unknown_placeholder_is_refused_at_publication_naming_it_and_the_known_ones()
    {
        var errors = ClauseRules.ValidateNew("Liability", "Limitation of liability", "Liability is capped at {{feeCap}} per {{termStart}}.").ToDictionary();

        var message = Assert.Single(errors["text"]);
        Assert.StartsWith("{{feeCap}} is not a placeholder; use one of {{agreement.title}}", message);
        Assert.Contains("{{monthlyFee}}", message);
    }

    [Fact]
    public void An_unclosed_placeholder_is_refused_with_its_position()
    {
        var problem = Assert.Single(ClausePlaceholders.Problems("Fees in {{currency are due."));
        Assert.Contains("character 9", problem);
        Assert.Throws<InvalidOperationException>(() => ClausePlaceholders.Render("Fees in {{currency", AgreementSamples.Hosting(), "Hostly"));
    }

    [Fact]
    public void A_new_clause_needs_a_category_a_title_and_text()
    {
        var errors = ClauseRules.ValidateNew(" ", null, "").ToDictionary();
        Assert.Equal(["category", "text", "title"], errors.Keys.Order());
    }

    [Fact]
    public void A_draft_may_use_an_existing_version_of_a_library_clause()
    {
        Assert.Empty(UseErrors(Using(new ClauseUse("Liability", LiabilityId, 3, null), new ClauseUse("Other", null, null, "Our own words.")), Liability()));
    }

    [Fact]
    public void An_unknown_clause_or_version_is_reported_on_the_use()
    {
        var errors = UseErrors(Using(new ClauseUse("Liability", LiabilityId, 4, null), new ClauseUse("Liability", Guid.NewGuid(), 1, null)), Liability());

        Assert.Contains("versions 1 to 3; there is no version 4", Assert.Single(errors["clauses[0].libraryVersion"]));
        Assert.Contains("No library clause has id", Assert.Single(errors["clauses[1].libraryClauseId"]));
    }

    [Fact]
    public void A_retired_clause_takes_no_new_uses_but_stays_where_the_draft_had_it()
    {
        var draft = Using(new ClauseUse("Liability", LiabilityId, 2, null));

        Assert.Contains("retired by Legal on 2027-02-01", UseErrors(draft, Liability(retired: true))["clauses[0].libraryClauseId"][0]);
        Assert.Empty(UseErrors(draft, Liability(retired: true), before: draft));
        Assert.NotEmpty(UseErrors(Using(new ClauseUse("Liability", LiabilityId, 3, null)), Liability(retired: true), before: draft));
    }

    [Fact]
    public void A_library_clause_carries_no_text_of_its_own_and_a_non_standard_one_needs_text()
    {
        var content = Using(new ClauseUse("Liability", LiabilityId, 3, "Edited wording"), new ClauseUse("Other", null, null, " "));

        var errors = AgreementRules.Validate(content, _ => true).ToDictionary();

        Assert.Contains("mark it non-standard", errors["clauses[0].text"][0]);
        Assert.Contains("carries its text", errors["clauses[1].text"][0]);
    }
}
