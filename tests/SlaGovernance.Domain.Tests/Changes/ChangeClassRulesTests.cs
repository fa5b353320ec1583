using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests.Changes;

public sealed class ChangeClassRulesTests
{
    private static readonly AgreementContent Before = AgreementSamples.Hosting().WithObjectiveKeys();

    private static AgreementContent PortalTarget(decimal target) =>
        Before with { Slos = [Before.Slos[0] with { Target = target }, Before.Slos[1]] };

    private static AgreementContent WithExclusion() =>
        Before with { Exclusions = [.. Before.Exclusions!, new Exclusion(ExclusionType.ThirdParty, "Outages of public cloud regions are excluded.")] };

    private static IReadOnlyDictionary<string, string[]> Check(ChangeClass requested, AgreementContent after, RiskTier? risk = RiskTier.Medium) =>
        ChangeClassRules.Check(requested, ChangeImpact.Between(Before, after, risk)).ToDictionary();

    [Fact]
    public void A_weakened_target_filed_as_administrative_is_refused_naming_the_objective()
    {
        var errors = Check(ChangeClass.Administrative, PortalTarget(99.5m));

        var message = Assert.Single(Assert.Single(errors, e => e.Key == "class").Value);
        Assert.Equal(
            "An administrative change touches only contacts, owner, cost centre, title or category, but this one weakens the objective " +
            "Customer portal (Gold) availability. File it as standard or major (or emergency if it cannot wait).", message);
    }

    [Fact]
    public void An_added_exclusion_filed_as_administrative_is_refused_naming_its_type()
    {
        var message = Assert.Single(Check(ChangeClass.Administrative, WithExclusion())["class"]);

        Assert.Contains("adds an exclusion (third party)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChangeClass.Standard)]
    [InlineData(ChangeClass.Major)]
    [InlineData(ChangeClass.Emergency)]
    public void A_weakened_target_with_an_added_exclusion_is_accepted_as_standard_or_heavier(ChangeClass requested)
    {
        Assert.Empty(Check(requested, WithExclusion() with { Slos = PortalTarget(99.5m).Slos }));
    }

    [Fact]
    public void A_strengthened_target_is_still_more_than_administrative()
    {
        var requirement = ChangeClassRules.LightestFor(ChangeImpact.Between(Before, PortalTarget(99.95m), RiskTier.Low));

        Assert.Equal(ChangeClass.Standard, requirement.Lightest);
        Assert.Equal(["changes more than that (1 objective strengthened)"], requirement.Because);
        Assert.Single(Check(ChangeClass.Administrative, PortalTarget(99.95m))["class"]);
    }

    [Fact]
    public void New_contacts_and_cost_centre_are_administrative()
    {
        var after = Before with { Owner = "procurement-lead", CostCentre = "IT-OPS-43" };

        Assert.Equal(ChangeClass.Administrative, ChangeClassRules.LightestFor(ChangeImpact.Between(Before, after, RiskTier.Critical)).Lightest);
        Assert.Empty(Check(ChangeClass.Administrative, after, RiskTier.Critical));
    }

    [Theory]
    [InlineData(ChangeClass.Administrative)]
    [InlineData(ChangeClass.Standard)]
    [InlineData(ChangeClass.Major)]
    [InlineData(ChangeClass.Emergency)]
    public void A_change_that_changes_nothing_is_refused_whatever_its_class(ChangeClass requested)
    {
        var errors = Check(requested, AgreementSamples.Hosting());

        Assert.Equal(["content"], errors.Keys);
        Assert.StartsWith("The proposed version reads the same as the governing one", Assert.Single(errors["content"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_termination_is_accepted_on_the_content_as_it_stands_and_refused_with_changes_of_its_own()
    {
        Assert.Empty(Check(ChangeClass.Termination, Before));

        var message = Assert.Single(Check(ChangeClass.Termination, PortalTarget(99.5m))["content"]);
        Assert.Equal(
            "A termination ends the agreement as it stands, but this one also changes it (1 objective weakened). " +
            "Request the termination on the governing version, and file the changes as a change request of their own.", message);
    }

    [Fact]
    public void Removing_an_objective_needs_a_major_change()
    {
        var after = Before with { Slos = [Before.Slos[0]] };

        var message = Assert.Single(Check(ChangeClass.Standard, after)["class"]);

        Assert.Equal(
            "A standard change cannot remove an objective, audit rights or exit terms, change the vendor, provider or kind of agreement, " +
            "or weaken a critical vendor's objectives, but this one removes the objective Service desk response time. File it as major (or emergency if it cannot wait).", message);
        Assert.Empty(Check(ChangeClass.Major, after));
        Assert.Empty(Check(ChangeClass.Emergency, after));
    }

    [Fact]
    public void A_weakened_target_is_major_on_a_critical_vendor_and_standard_on_any_other()
    {
        var after = Before with { Slos = [Before.Slos[0] with { Target = 99.5m }, Before.Slos[1] with { Target = 90m }] };

        var requirement = ChangeClassRules.LightestFor(ChangeImpact.Between(Before, after, RiskTier.Critical));

        Assert.Equal(ChangeClass.Major, requirement.Lightest);
        Assert.Equal(["weakens the objectives Customer portal (Gold) availability and Service desk response time of a vendor rated critical"],
            requirement.Because);
        Assert.Single(Check(ChangeClass.Standard, after, RiskTier.Critical)["class"]);
        Assert.Empty(Check(ChangeClass.Standard, after, RiskTier.High));
        Assert.Empty(Check(ChangeClass.Standard, after, risk: null));
    }

    [Fact]
    public void Removing_audit_rights_or_exit_terms_or_changing_the_vendor_is_major()
    {
        var requirement = ChangeClassRules.LightestFor(ChangeImpact.Between(Before,
            Before with { AuditRights = null, Exit = null, VendorId = Guid.Parse("11111111-2222-3333-4444-555555555555") }, RiskTier.Low));

        Assert.Equal(ChangeClass.Major, requirement.Lightest);
        Assert.Equal(["removes the audit rights", "removes the exit terms", "changes the agreement's vendor"], requirement.Because);
    }

    [Fact]
    public void A_class_that_is_not_one_of_the_five_is_refused()
    {
        var errors = Check((ChangeClass)42, PortalTarget(99.5m));

        Assert.Equal(["'42' is not a class of change: use Administrative, Standard, Major, Emergency or Termination."], errors["class"]);
    }
}
