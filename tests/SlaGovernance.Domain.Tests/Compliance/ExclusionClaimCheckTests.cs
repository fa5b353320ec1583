using NodaTime;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests.Compliance;

/// <summary>
/// A proposed exclusion held against the hosting sample: exclusions for scheduled maintenance and force majeure, a maintenance window
/// every Sunday 02:00 Berlin for two hours (00:00-02:00 UTC in summer).
/// </summary>
public sealed class ExclusionClaimCheckTests
{
    private static readonly SlaGovernance.Domain.Agreements.AgreementContent Hosting = AgreementSamples.Hosting();

    private static IReadOnlyList<string> Check(string type, int startHour, int endHour, int day = 7) =>
        ExclusionClaimCheck.Findings(Hosting, type, Instant.FromUtc(2026, 6, day, startHour, 0), Instant.FromUtc(2026, 6, day, endHour, 0));

    [Fact]
    public void Maintenance_inside_a_window_and_an_allowed_type_pass_and_the_rest_is_flagged_in_words()
    {
        // Sunday 7 June 2026, 00:00-02:00 UTC is 02:00-04:00 in Berlin: inside the window.
        Assert.Empty(Check("ScheduledMaintenance", 0, 2));
        Assert.Empty(Check("ForceMajeure", 10, 11));
        // An hour past the window, or on a Monday: outside it.
        Assert.StartsWith("It falls outside the contract's maintenance windows (Sunday 02:00 for 120 min", Assert.Single(Check("ScheduledMaintenance", 1, 3)));
        Assert.Single(Check("ScheduledMaintenance", 0, 1, day: 8));
        Assert.Equal("The contract has no third party exclusion; its exclusions are scheduled maintenance, force majeure.",
            Assert.Single(Check("ThirdParty", 10, 11)));
        Assert.Single(ExclusionClaimCheck.Findings(null, "ForceMajeure", Instant.FromUtc(2026, 6, 7, 0, 0), Instant.FromUtc(2026, 6, 7, 1, 0)));
        Assert.True(ExclusionClaimCheck.NeedsLegal("ThirdParty"));
        Assert.False(ExclusionClaimCheck.NeedsLegal("ScheduledMaintenance"));
    }
}
