using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Domain.Tests;

public sealed class UserAccountRulesTests
{
    [Fact]
    public void An_unknown_time_zone_is_refused_with_a_hint()
    {
        var errors = UserAccountRules.Validate(new UserAccountInput("ada", "Ada", null, "Mars/Olympus", [Roles.Admin]));
        Assert.Contains("IANA", errors.ToDictionary()["timeZone"].Single());
    }

    [Fact]
    public void An_unknown_role_is_refused()
    {
        var errors = UserAccountRules.Validate(new UserAccountInput("ada", "Ada", null, "Europe/London", ["Superuser"]));
        Assert.Contains("Superuser", errors.ToDictionary()["roles"].Single());
    }

    [Fact]
    public void A_short_password_is_refused()
    {
        Assert.False(UserAccountRules.ValidatePassword("short").IsValid);
        Assert.True(UserAccountRules.ValidatePassword("long enough password").IsValid);
    }

    [Fact]
    public void Every_role_the_product_names_is_known()
    {
        Assert.Equal(["Admin", "Procurement", "Legal", "Finance", "GovernanceBoard", "VendorManager", "Auditor", "InformationSecurity"], Roles.All);
    }
}
