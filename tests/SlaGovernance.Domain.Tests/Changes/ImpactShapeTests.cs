using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests.Changes;

/// <summary>
/// Impacts are stored with change requests, so every shape written once must still read: ImpactShapes/shape-1.json is the hosting
/// sample changed in every part (targets, priority minutes, hours, window, an objective added, exclusions, maintenance, cap, fee,
/// term, audit, exit, clause, assumptions, owner) for a critical vendor, as the first shape wrote it. A new field must read as
/// absent from it.
/// </summary>
public sealed class ImpactShapeTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "tests", "SlaGovernance.Domain.Tests", "Changes", "ImpactShapes", name));

    [Fact]
    public void The_first_stored_shape_reads_back_with_its_summary_figures_and_class()
    {
        var impact = ChangeImpact.FromJson(Fixture("shape-1.json"));

        // Three objectives at 25 % = 75 % at worst, capped at 20 % of the new 13,750 EUR fee: 2,750 EUR.
        Assert.Equal(
            "1 objective weakened, 1 objective both weakened and strengthened, 1 objective added, 1 exclusion added, 1 exclusion reworded, " +
            "1 exclusion removed, 1 maintenance window weakened, largest monthly credit 3,750 → 2,750 EUR, monthly fee 12,500 → 13,750 EUR, " +
            "term end changed, audit rights weakened, exit terms strengthened, 1 clause changed, assumptions changed, owner changed",
            impact.Summary());
        Assert.Equal(RiskTier.Critical, impact.VendorRiskTier);
        Assert.Equal(new Money(2_750m, "EUR"), impact.Credits.LargestMonthlyCreditAfter);
        Assert.Equal(10m, impact.Fees.MonthlyFeeChangePercent);
        Assert.Equal(ChangeClass.Major, ChangeClassRules.LightestFor(impact).Lightest);
        Assert.Equal(impact.ToJson(), ChangeImpact.FromJson(impact.ToJson()).ToJson());
    }
}
