namespace SlaGovernance.Workflows.Steps;

/// <summary>A wait: plain days, hours and minutes, or whole business days of the organisation's default calendar.</summary>
[SchemaDefinition("duration")]
[MinProperties(1)]
public sealed record DurationSpec(
    [property: Minimum(0)] int? Days,
    [property: Minimum(0)] int? Hours,
    [property: Minimum(0)] int? Minutes,
    [property: Minimum(1)]
    [property: System.ComponentModel.Description("Until close of business on the N-th business day of the organisation's default calendar; not combined with days, hours or minutes.")]
    int? BusinessDays = null) : IChecksItself
{
    public bool CountsBusinessDays => BusinessDays is not null;

    public TimeSpan ToTimeSpan() => new(Days ?? 0, Hours ?? 0, Minutes ?? 0, 0);

    public IEnumerable<string> Problems()
    {
        if (CountsBusinessDays && (Days ?? Hours ?? Minutes) is not null)
            yield return "businessDays counts whole business days and cannot be combined with days, hours or minutes.";
    }
}
