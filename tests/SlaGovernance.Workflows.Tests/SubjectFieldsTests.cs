using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Workflows.Tests;

public sealed class SubjectFieldsTests
{
    [StartsDefinition("test-approval")]
    private sealed record SampleFields(string Title, decimal AnnualValue, int Round, bool Critical, DateTimeOffset DueAt, string? Owner)
        : SubjectFields;

    [Fact]
    public void Typed_fields_become_subject_fields_named_in_camel_case_each_as_the_json_of_its_type()
    {
        var fields = new SampleFields("Hosting", 120_000.50m, 2, true, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(1)), null).ToFields();
        Assert.Equal(["title", "annualValue", "round", "critical", "dueAt", "owner"], fields.Keys);
        Assert.Equal(SubjectFields.Names(typeof(SampleFields)), fields.Keys);
        Assert.Equal(["test-approval"], SubjectFields.DefinitionsStartedBy(typeof(SampleFields)));
        var subject = new WorkflowSubject { Type = "Agreement", Id = "a", Fields = fields };
        Assert.Equal("Hosting", subject.FieldValue("title"));
        Assert.Equal(120_000.50m, subject.FieldValue("annualValue"));
        Assert.Equal(2L, subject.FieldValue("round"));
        Assert.Equal(true, subject.FieldValue("critical"));
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 23, 0, 0, TimeSpan.Zero), subject.InstantOf("dueAt"));
        Assert.Null(subject.FieldValue("owner"));
    }
}
