using System.ComponentModel;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Emails;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

[AtLeastOneOf("toRoles", "toRequester")]
[Together("calendarDate", "calendarSummary")]
public sealed record NotifyInputs(
    [property: MinItems(1), UniqueItems, Role, Description("Every active member of these roles with an email address.")]
    IReadOnlyList<string>? ToRoles,
    [property: Description("The person who started the workflow.")] bool? ToRequester,
    [property: TextLength(Min = 1, Max = 300), Placeholders]
    [property: Description("May name subject fields in braces, e.g. {title}; also {subjectType} and {subjectId}.")]
    string Subject,
    [property: TextLength(Min = 1), Placeholders, Description("Plain text; placeholders as in subject.")] string Body,
    [property: StepId] string Next,
    [property: SubjectField]
    [property: Description("A subject field holding a local date (yyyy-MM-dd); the email carries it as an all-day iCalendar (.ics) event.")]
    string? CalendarDate,
    [property: TextLength(Min = 1, Max = 300), Placeholders, Description("The calendar event's title; placeholders as in subject.")]
    string? CalendarSummary) : StepInputs;

/// <summary>Emails the members of roles, the requester, or both, with a subject date as a calendar event if asked.</summary>
public sealed class NotifyStep : StepType<NotifyInputs, NotifyBody>
{
    public override string Name => "notify";

    protected override IEnumerable<StepRoute> Routes(NotifyInputs inputs) => [new(null, inputs.Next)];
}

/// <summary>
/// Writes an email to the outbox under the step's idempotency key: a replay of the step after a crash finds the row
/// and adds nothing, and the dispatcher sends it with retries.
/// </summary>
public sealed class NotifyBody(IWorkflowEmails emails, UserStore users, Tasks.TaskNotices notices, IDateTimeProvider clock) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var inputs = context.Inputs<NotifyInputs>();
        var subject = context.Subject();
        var to = new List<EmailRecipient>();
        foreach (var role in inputs.ToRoles ?? [])
            to.AddRange(await notices.RoleAsync(role, context.CancellationToken));
        if (inputs.ToRequester == true && subject.RequestedBy is { } requester
            && await users.FindByUserNameAsync(requester, context.CancellationToken) is { IsActive: true, Email: { } email } user)
            to.Add(new EmailRecipient(email, user.DisplayName));
        to = to.DistinctBy(a => a.Address.ToUpperInvariant()).ToList();
        if (to.Count > 0)
            await emails.EnqueueAsync(context.IdempotencyKey(), to, Placeholders.Render(inputs.Subject, subject, emails.PublicBaseUrl),
                Placeholders.Render(inputs.Body, subject, emails.PublicBaseUrl), CalendarEvent(inputs, subject, context), context.CancellationToken);
        Failpoints.Hit("notify-after-enqueue");
        return ExecutionResult.Next();
    }

    /// <summary>
    /// The deadline as an all-day event, when the step names a date field: the recipient adds it to a calendar in one
    /// click. Its UID is the step's idempotency key, so a resent email updates the same event instead of adding one.
    /// </summary>
    private CalendarEvent? CalendarEvent(NotifyInputs inputs, WorkflowSubject subject, IStepExecutionContext context)
    {
        if (inputs.CalendarDate is not { } field)
            return null;
        if (subject.FieldValue(field) is not string text || !DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date))
            throw new InvalidOperationException($"The subject's field '{field}' holds no date (yyyy-MM-dd) for the calendar attachment.");
        return new CalendarEvent($"{field}-{date:yyyy-MM-dd}.ics", context.IdempotencyKey() + "@slagovernance", date,
            Placeholders.Render(inputs.CalendarSummary!, subject, emails.PublicBaseUrl), Placeholders.Render(inputs.Subject, subject, emails.PublicBaseUrl),
            new DateTimeOffset(DateTime.SpecifyKind(clock.UtcNow, DateTimeKind.Utc)));
    }
}
