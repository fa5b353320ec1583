using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Audits;

namespace SlaGovernance.Domain.Tests;

public sealed class AuditRulesTests
{
    [Fact]
    public void An_audit_frequency_without_its_typed_period_is_left_out_of_the_canonical_json_so_older_versions_keep_their_hash()
    {
        var old = new AuditRights("Annually", 30, "Records", true);
        Assert.DoesNotContain("frequencyMonths", System.Text.Json.JsonSerializer.Serialize(old, AgreementContent.Json), StringComparison.Ordinal);
        Assert.Equal(12, old.Months);
        var typed = old with { FrequencyMonths = 6 };
        Assert.Contains("\"frequencyMonths\":6", System.Text.Json.JsonSerializer.Serialize(typed, AgreementContent.Json), StringComparison.Ordinal);
        Assert.Equal(6, typed.Months);
    }

    [Theory]
    [InlineData("Quarterly", 3)]
    [InlineData("twice a year", 6)]
    [InlineData("once a year on request", 12)]
    [InlineData("Every two years", 24)]
    [InlineData("when the customer asks", null)]
    public void A_frequency_written_before_it_was_typed_is_read_only_when_it_says_so_plainly(string text, int? months) =>
        Assert.Equal(months, AuditFrequency.MonthsFromText(text));

    [Fact]
    public void The_owner_of_a_remediation_or_whoever_reported_it_done_does_not_verify_it_and_only_the_lead_does()
    {
        Assert.Contains("owner-does-not-verify", VendorAuditRules.VerifierRefusal("lena", "lena", false, "Lena", null));
        Assert.Contains("owner-does-not-verify", VendorAuditRules.VerifierRefusal("lena", "lena", false, "sam@vendor.test", "LENA"));
        Assert.Contains("lead-verifies", VendorAuditRules.VerifierRefusal("otto", "lena", false, "sam@vendor.test", "sam@vendor.test"));
        Assert.Null(VendorAuditRules.VerifierRefusal("otto", "lena", true, "sam@vendor.test", "sam@vendor.test"));
        Assert.Null(VendorAuditRules.VerifierRefusal("lena", "lena", false, "sam@vendor.test", "sam@vendor.test"));
    }

    [Fact]
    public void A_finding_without_its_fields_is_refused_field_by_field()
    {
        var (finding, errors) = VendorAuditRules.Validate(new FindingInput("", "Dire", null, null, null, null, new NodaTime.LocalDate(2027, 1, 1), null),
            new NodaTime.LocalDate(2027, 3, 1));
        Assert.Null(finding);
        Assert.Equal(["action", "actionDueOn", "actionOwner", "concerns", "evidence", "severity", "title", "vendorOwner"], errors.ToDictionary().Keys.Order());
    }
}
