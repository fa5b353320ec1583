using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>The three-stage approval the benchmark drives: Procurement, then Legal, then Finance; a rejection ends it.</summary>
public static class ApprovalDefinition
{
    public const string Id = "bench-approval";
    public const int Version = 1;

    public static readonly string[] Stages = [Roles.Procurement, Roles.Legal, Roles.Finance];

    private const string Json = """
        {
          "id": "bench-approval", "version": 1, "title": "Three-stage approval",
          "subject": { "type": "Agreement", "fields": [] },
          "start": "procurement",
          "steps": [
            { "id": "procurement", "type": "humanTask", "title": "Procurement review", "role": "Procurement",
              "outcomes": ["approve", "reject"], "routes": { "approve": "legal", "reject": "end" } },
            { "id": "legal", "type": "humanTask", "title": "Legal review", "role": "Legal",
              "outcomes": ["approve", "reject"], "routes": { "approve": "finance", "reject": "end" } },
            { "id": "finance", "type": "humanTask", "title": "Finance approval", "role": "Finance",
              "outcomes": ["approve", "reject"], "routes": { "approve": "end", "reject": "end" } },
            { "id": "end", "type": "end" }
          ]
        }
        """;

    /// <summary>A definitions folder holding the shipped schema and this definition alone.</summary>
    public static string WriteFolder()
    {
        var folder = Directory.CreateTempSubdirectory("slagov-bench-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "workflows", "workflow.schema.json"), Path.Combine(folder, "workflow.schema.json"));
        File.WriteAllText(Path.Combine(folder, "bench-approval.json"), Json);
        return folder;
    }
}
