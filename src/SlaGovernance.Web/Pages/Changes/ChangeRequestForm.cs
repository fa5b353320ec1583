using SlaGovernance.Data.Changes;
using SlaGovernance.Web.Features.Changes;

namespace SlaGovernance.Web.Pages.Changes;

/// <summary>The class, reason and effective date of a change request, as its forms post them.</summary>
public sealed class ChangeRequestForm
{
    public string? Class { get; set; }
    public string? Reason { get; set; }
    public DateOnly? EffectiveOn { get; set; }

    public ChangeRequestBody ToBody() => new() { Class = Class, Reason = Reason, EffectiveOn = EffectiveOn };

    public static ChangeRequestForm From(ChangeRequestRow request) =>
        new() { Class = request.ChangeClass, Reason = request.Reason, EffectiveOn = request.EffectiveOn };
}

/// <summary>
/// What the shared fields partial renders: the values, the classes to offer, the field errors by the commands' field names
/// ("class", "reason", "effectiveOn"), and the agreement's zone the effective date is a day in.
/// </summary>
public sealed record ChangeRequestFormView(ChangeRequestForm Input, IReadOnlyList<ClassChoice> Classes, IReadOnlyDictionary<string, string[]> Errors,
    string TimeZone)
{
    public static readonly string[] Fields = ["class", "reason", "effectiveOn"];

    public bool IsTermination => string.Equals(Input.Class, nameof(Domain.Changes.ChangeClass.Termination), StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<string> MessagesOf(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>The id of the control a field's messages sit by, for the error summary's links.</summary>
    public string Anchor(string field) => field switch
    {
        "class" => Classes.Count == 1 ? "Input_Reason" : $"class-{Classes[0].Name}",
        "reason" => "Input_Reason",
        _ => "Input_EffectiveOn",
    };
}
