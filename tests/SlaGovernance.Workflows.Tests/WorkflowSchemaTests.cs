using SlaGovernance.Tests;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Workflows.Tests;

/// <summary>workflows/workflow.schema.json is generated from the step types' declarations and checked in for editors.</summary>
public sealed class WorkflowSchemaTests
{
    public const string RewriteCommand =
        "SLAGOV_WRITE_SCHEMA=1 dotnet test tests/SlaGovernance.Workflows.Tests --filter FullyQualifiedName~WorkflowSchemaTests";

    [Fact]
    public void The_checked_in_schema_is_what_the_step_types_declare()
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", DefinitionCatalogue.SchemaFileName);
        if (Environment.GetEnvironmentVariable("SLAGOV_WRITE_SCHEMA") == "1")
            File.WriteAllText(path, WorkflowSchema.Text);
        var checkedIn = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(checkedIn == WorkflowSchema.Text,
            $"workflows/{DefinitionCatalogue.SchemaFileName} differs from what the step types in src/SlaGovernance.Workflows/Steps declare. " +
            $"Rewrite it with: {RewriteCommand}");
    }
}
