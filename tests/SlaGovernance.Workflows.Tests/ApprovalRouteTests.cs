using System.Text.Json;
using System.Text.Json.Nodes;
using SlaGovernance.Tests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Steps;

namespace SlaGovernance.Workflows.Tests;

/// <summary>The route a request takes through a definition's approval stages, and the reasons its decision branches give.</summary>
public sealed class ApprovalRouteTests
{
    private static readonly string Workflows = Path.Combine(TestEnvironment.RepositoryRoot(), "workflows");

    private static DefinitionDocument SlaApproval() =>
        JsonSerializer.Deserialize<DefinitionDocument>(File.ReadAllText(Path.Combine(Workflows, "sla-approval.json")), DefinitionDocument.Json)!;

    private static WorkflowSubject Agreement(decimal annualValue, decimal creditCapPercent, bool hasExclusions, string vendorRiskTier) => new()
    {
        Type = "Agreement",
        Id = "agreement-1",
        Fields = new Dictionary<string, JsonElement>
        {
            ["annualValue"] = JsonSerializer.SerializeToElement(annualValue),
            ["creditCapPercent"] = JsonSerializer.SerializeToElement(creditCapPercent),
            ["hasExclusions"] = JsonSerializer.SerializeToElement(hasExclusions),
            ["hasNonStandardClause"] = JsonSerializer.SerializeToElement(false),
            ["vendorRiskTier"] = JsonSerializer.SerializeToElement(vendorRiskTier),
        },
    };

    private static IReadOnlyDictionary<string, object?> Settings(DefinitionDocument document) =>
        (document.Settings ?? []).ToDictionary(s => s.Key, s => WorkflowSubject.ToScalar(s.Value), StringComparer.Ordinal);

    [Fact]
    public void A_request_with_exclusions_high_value_and_a_high_cap_is_routed_through_four_stages_each_with_the_reason_of_its_branch()
    {
        var document = SlaApproval();
        var route = ApprovalRoute.Plan(document, Settings(document), Agreement(150_000m, 30m, hasExclusions: true, "High"));

        Assert.Equal(["procurement", "legal", "finance", "board"], route.Select(s => s.StepId));
        Assert.Null(route[0].Reason);
        Assert.Equal("The draft has exclusions or non-standard clauses, which Legal reviews.", route[1].Reason);
        Assert.Contains("above 100,000", route[2].Reason);
        Assert.Contains("two members of the Governance board", route[3].Reason);
        Assert.Equal(("GovernanceBoard", (int?)2), (route[3].Role, route[3].Quorum!.Count));
    }

    [Fact]
    public void A_small_plain_request_from_a_low_risk_vendor_goes_to_procurement_alone()
    {
        var document = SlaApproval();
        var route = ApprovalRoute.Plan(document, Settings(document), Agreement(20_000m, 10m, hasExclusions: false, "Low"));

        Assert.Equal("procurement", Assert.Single(route).StepId);
    }

    [Fact]
    public void Every_branch_of_a_shipped_definition_that_sends_work_to_people_says_why()
    {
        var missing = new List<string>();
        foreach (var file in Directory.GetFiles(Workflows, "*.json").Where(DefinitionCatalogue.IsDefinitionFile))
        {
            var definition = JsonNode.Parse(File.ReadAllText(file))!;
            var steps = definition["steps"]!.AsArray().ToDictionary(s => (string)s!["id"]!, s => s!);
            foreach (var decision in steps.Values.Where(s => (string?)s["type"] == "decision"))
            {
                foreach (var branch in decision["branches"]!.AsArray())
                {
                    var target = steps[(string)branch!["next"]!];
                    if ((string?)target["type"] is "approval" or "humanTask" && string.IsNullOrWhiteSpace((string?)branch["reason"]))
                        missing.Add($"{Path.GetFileName(file)}: {decision["id"]} -> {target["id"]}");
                }
            }
        }
        Assert.Empty(missing);
    }
}
