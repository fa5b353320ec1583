using SlaGovernance.Domain.Exits;

namespace SlaGovernance.Domain.Tests.Exits;

public class ExitPlanRulesTests
{
    private static ExitPlanInput Valid => new("vera", ExitStrategies.InHouse, null, [new DataInventoryItem("Customer records", "EU-1", "CSV", "40 GB")], 30,
        [new KeyPerson("Petra", "Receiving engineer")], 18_000m, 60);

    [Fact]
    public void A_complete_plan_in_the_terms_formats_and_days_passes() =>
        Assert.True(ExitPlanRules.Check(Valid, ["CSV", "JSON"], 30).IsValid);

    [Fact]
    public void Each_missing_or_wrong_field_is_named_with_its_rule()
    {
        var errors = ExitPlanRules.Check(Valid with
        {
            Owner = " ", Strategy = "Vanish", DataInventory = [new DataInventoryItem("Logs", "", "XML", "1 GB")], TransitionDays = 10, KeyPeople = [],
            EstimatedCost = -1m, EstimatedDurationDays = 0,
        }, ["CSV"], 30).ToDictionary();
        Assert.Equal(["dataInventory[0].format", "dataInventory[0].where", "estimatedCost", "estimatedDurationDays", "keyPeople", "owner", "strategy", "transitionDays"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("'XML' is not a format the exit terms name; use one of CSV.", errors["dataInventory[0].format"]);
    }
}
