using System.Text.RegularExpressions;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Emails;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Activities;

/// <summary>
/// Writes an email to the outbox under the step's idempotency key: a replay of the step after a crash finds the row
/// and adds nothing, and the dispatcher sends it with retries.
/// </summary>
public sealed partial class NotifyBody(IWorkflowEmails emails, UserStore users, Tasks.TaskNotices notices, IDateTimeProvider clock)
    : StepBodyAsync
{
    /// <summary>Placeholders every definition may use besides its subject's fields; baseUrl is Email:PublicBaseUrl, for links.</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal) { "subjectType", "subjectId", "baseUrl" };

    [GeneratedRegex(@"\{([a-zA-Z][A-Za-z0-9]*)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct();

    public static string Render(string text, WorkflowSubject subject, string baseUrl = "") => Placeholder().Replace(text, m => m.Groups[1].Value switch
    {
        "baseUrl" => baseUrl.TrimEnd('/'),
        "subjectType" => subject.Type,
        "subjectId" => subject.Id,
        var field => subject.FieldValue(field) switch
        {
            null => "",
            decimal d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            var value => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        },
    });

    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var spec = context.Configuration().Spec;
        var subject = context.Subject();
        var to = new List<EmailRecipient>();
        foreach (var role in spec.ToRoles ?? [])
            to.AddRange(await notices.RoleAsync(role, context.CancellationToken));
        if (spec.ToRequester == true && subject.RequestedBy is { } requester
            && await users.FindByUserNameAsync(requester, context.CancellationToken) is { IsActive: true, Email: { } email } user)
            to.Add(new EmailRecipient(email, user.DisplayName));
        to = to.DistinctBy(a => a.Address.ToUpperInvariant()).ToList();
        if (to.Count > 0)
            await emails.EnqueueAsync(context.IdempotencyKey(), to, Render(spec.Subject!, subject, emails.PublicBaseUrl),
                Render(spec.Body!, subject, emails.PublicBaseUrl), CalendarEvent(spec, subject, context), context.CancellationToken);
        Failpoints.Hit("notify-after-enqueue");
        return ExecutionResult.Next();
    }

    /// <summary>
    /// The deadline as an all-day event, when the step names a date field: the recipient adds it to a calendar in one
    /// click. Its UID is the step's idempotency key, so a resent email updates the same event instead of adding one.
    /// </summary>
    private CalendarEvent? CalendarEvent(Definitions.StepSpec spec, WorkflowSubject subject, IStepExecutionContext context)
    {
        if (spec.CalendarDate is not { } field)
            return null;
        if (subject.FieldValue(field) is not string text || !DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date))
            throw new InvalidOperationException($"The subject's field '{field}' holds no date (yyyy-MM-dd) for the calendar attachment.");
        return new CalendarEvent($"{field}-{date:yyyy-MM-dd}.ics", context.IdempotencyKey() + "@slagovernance", date,
            Render(spec.CalendarSummary!, subject, emails.PublicBaseUrl), Render(spec.Subject!, subject, emails.PublicBaseUrl),
            new DateTimeOffset(DateTime.SpecifyKind(clock.UtcNow, DateTimeKind.Utc)));
    }
}

/// <summary>Runs its paths side by side and moves on when every one has reached its end (the join).</summary>
public sealed class ParallelBody : StepBody
{
    public override ExecutionResult Run(IStepExecutionContext context)
    {
        if (context.PersistenceData is null)
            return ExecutionResult.Branch([null], new ControlPersistenceData { ChildrenActive = true });
        return context.Workflow.IsBranchComplete(context.ExecutionPointer.Id)
            ? ExecutionResult.Next()
            : ExecutionResult.Persist(context.PersistenceData);
    }
}
