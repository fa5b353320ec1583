using SlaGovernance.Tests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Each definition in workflows/ is started by a feature with a typed record of its subject's fields
/// (<see cref="SubjectFields"/>, tied by <see cref="StartsDefinitionAttribute"/>): every field the definition declares or
/// reads must be one the record produces.
/// </summary>
public sealed class WorkflowSubjectFieldsTests
{
    public static TheoryData<string> Definitions()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows"), "*.json")
                     .Where(DefinitionCatalogue.IsDefinitionFile).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Every_field_a_definition_declares_or_reads_is_produced_by_the_typed_subject_it_is_started_with(string file)
    {
        var document = System.Text.Json.JsonSerializer.Deserialize<DefinitionDocument>(
            File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", file)), DefinitionDocument.Json)!;
        var starters = typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(SubjectFields)) && SubjectFields.DefinitionsStartedBy(t).Contains(document.Id)).ToList();
        var starter = Assert.Single(starters);
        var produced = SubjectFields.Names(starter);
        var missing = document.Subject.Fields.Concat(document.FieldsRead()).Distinct().Where(f => !produced.Contains(f)).ToList();
        Assert.True(missing.Count == 0,
            $"workflows/{file} declares or reads {string.Join(", ", missing)}, which {starter.Name} does not produce; add them to the record or take them out of the definition.");
    }

    [Fact]
    public void The_fields_read_include_conditions_placeholders_and_fields_named_by_steps_but_not_settings_or_built_ins()
    {
        var document = System.Text.Json.JsonSerializer.Deserialize<DefinitionDocument>(
            File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "renewal.json")), DefinitionDocument.Json)!;
        var read = document.FieldsRead().ToList();
        Assert.Contains("budgetReminderPending", read);
        Assert.Contains("fundingYear", read);
        Assert.Contains("escalationAt", read);
        Assert.Contains("budgetRequestDeadline", read);
        Assert.DoesNotContain("baseUrl", read);
        Assert.DoesNotContain("subjectId", read);
        var approval = System.Text.Json.JsonSerializer.Deserialize<DefinitionDocument>(
            File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", "sla-approval.json")), DefinitionDocument.Json)!;
        Assert.Contains("annualValue", approval.FieldsRead());
        Assert.DoesNotContain("financeThreshold", approval.FieldsRead());
    }
}
