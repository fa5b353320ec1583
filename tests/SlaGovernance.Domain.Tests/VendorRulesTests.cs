using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Domain.Tests;

public sealed class VendorRulesTests
{
    private static VendorInput Valid => new("Contoso", "Dana", "dana@contoso.example", "High", null);

    [Fact]
    public void A_complete_vendor_is_valid_and_trimmed()
    {
        var (vendor, errors) = VendorRules.Validate(Valid with { Name = "  Contoso  ", RiskTier = "critical" });
        Assert.True(errors.IsValid);
        Assert.Equal("Contoso", vendor!.Name);
        Assert.Equal(RiskTier.Critical, vendor.RiskTier);
        Assert.Equal("CONTOSO", vendor.NormalizedName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_vendor_without_a_name_is_refused(string? name)
    {
        var (vendor, errors) = VendorRules.Validate(Valid with { Name = name });
        Assert.Null(vendor);
        Assert.Contains("name", errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    [InlineData("space in@example.com")]
    public void An_invalid_contact_email_is_refused_with_the_value(string email)
    {
        var (_, errors) = VendorRules.Validate(Valid with { ContactEmail = email });
        var message = Assert.Single(errors.ToDictionary()["contactEmail"]);
        Assert.Contains(email, message);
    }

    [Theory]
    [InlineData("Extreme")]
    [InlineData("7")]
    [InlineData("")]
    public void A_risk_tier_outside_the_four_is_refused(string tier)
    {
        var (_, errors) = VendorRules.Validate(Valid with { RiskTier = tier });
        Assert.Contains("Low, Medium, High or Critical", errors.ToDictionary()["riskTier"].Single());
    }

    [Fact]
    public void Several_problems_are_reported_together()
    {
        var (_, errors) = VendorRules.Validate(new VendorInput("", null, "bad", "Nope", new string('x', 5000)));
        Assert.Equal(["contactEmail", "name", "notes", "riskTier"], errors.ToDictionary().Keys.Order());
    }
}
