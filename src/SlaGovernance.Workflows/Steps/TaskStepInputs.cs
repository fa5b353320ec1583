using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Workflows.Steps;

/// <summary>What a human task and an approval stage both declare: the task people see, its answers, and its deadlines.</summary>
public abstract record TaskStepInputs : StepInputs
{
    public const int DefaultDueInBusinessDays = 3;

    /// <remarks>May name subject fields in braces, e.g. {vendor}: the task's title is rendered from the subject when it opens.</remarks>
    [TextLength(Min = 1, Max = 300), Placeholders, Description("What the person is asked to do, shown in their inbox.")]
    public required string Title { get; init; }

    public abstract string Role { get; init; }

    [Minimum(1), Description("Due at close of business on the N-th business day of the default calendar; 3 when absent.")]
    public int? DueInBusinessDays { get; init; }

    [MinItems(1), UniqueItems, Pattern("^[a-z][a-z-]*$")]
    public required IReadOnlyList<string> Outcomes { get; init; }

    [UniqueItems]
    public IReadOnlyList<string>? CommentRequiredFor { get; init; }

    [Description("The person who requested the workflow may not complete this task.")]
    public bool? ExcludeRequester { get; init; }

    [StepId, Description("The step that follows each outcome.")]
    public required IReadOnlyDictionary<string, string> Routes { get; init; }

    [Description("The outcome that counts as approving, for 'excludePriorApprovers' in later stages; 'approve' when absent.")]
    public string? ApproveOutcome { get; init; }

    [Description("Nobody who approved an earlier stage of this instance (this round) may complete this task.")]
    public bool? ExcludePriorApprovers { get; init; }

    [Role, Description("When the task is overdue it moves to this role, whose members are told; they may also reassign it.")]
    public string? EscalateTo { get; init; }

    [UniqueItems, Minimum(1), Description("Reminder emails this many business days before the due date, e.g. [2, 1].")]
    public IReadOnlyList<int>? RemindBeforeBusinessDays { get; init; }

    /// <summary>The outcome that counts as approving; "approve" unless the definition names another.</summary>
    public string EffectiveApproveOutcome => ApproveOutcome ?? "approve";

    /// <summary>Whether one of the answers approves: the step is an approval stage, or names or offers an approving outcome.</summary>
    protected virtual bool Approves => ApproveOutcome is not null;

    public int DueDays => DueInBusinessDays ?? DefaultDueInBusinessDays;

    /// <summary>The approving outcome recorded with each task, for quorum and "already approved an earlier stage"; null when none approves.</summary>
    public string? RecordedApproveOutcome => Approves || Outcomes.Contains("approve") ? EffectiveApproveOutcome : null;

    /// <summary>Each outcome to its route, in the order of the outcomes; a route naming no outcome last (only ever in a refused file).</summary>
    public IEnumerable<StepRoute> OutcomeRoutes() =>
        Outcomes.Where(Routes.ContainsKey).Select(o => new StepRoute(o, Routes[o]))
            .Concat(Routes.Where(r => !Outcomes.Contains(r.Key)).Select(r => new StepRoute(r.Key, r.Value)));

    /// <summary>The rules a task's answers, roles and reminders follow that a schema cannot say.</summary>
    public IEnumerable<InputProblem> Problems()
    {
        foreach (var (role, field) in new[] { (Role, "role"), (EscalateTo, "escalateTo") })
        {
            if (role is not null && !Roles.IsKnown(role))
                yield return new(field, $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }
        if (Approves && !Outcomes.Contains(EffectiveApproveOutcome))
            yield return new("approveOutcome", $"The approving outcome '{EffectiveApproveOutcome}' is not one of the step's outcomes.");
        // A task due at a subject's date counts its reminders back from that date; those before the task opens are left out.
        foreach (var before in (RemindBeforeBusinessDays ?? []).Where(d => d >= DueDays && (this as HumanTaskInputs)?.DueAt is null))
            yield return new("remindBeforeBusinessDays",
                $"A reminder {before} business days before the due date would come before the task opens; the task is due in {DueDays}.");
        foreach (var outcome in Outcomes.Where(o => !Routes.ContainsKey(o)))
            yield return new("routes", $"The outcome '{outcome}' has no route; say which step follows it.");
        foreach (var route in Routes.Keys.Where(r => !Outcomes.Contains(r)))
            yield return new($"routes.{route}", $"'{route}' is not one of the step's outcomes.");
        foreach (var required in (CommentRequiredFor ?? []).Where(c => !Outcomes.Contains(c)))
            yield return new("commentRequiredFor", $"'{required}' is not one of the step's outcomes.");
    }
}

/// <summary>How many approvals decide an approval stage: any (one), all (every eligible approver), or a number N.</summary>
[JsonConverter(typeof(QuorumConverter))]
public sealed record Quorum(int? Count, bool All) : IDeclaresSchema
{
    public int RequiredApprovals(int eligible) => Count ?? (All ? eligible : 1);

    public static JsonObject Schema() => new()
    {
        ["oneOf"] = new JsonArray(
            new JsonObject { ["enum"] = new JsonArray("any", "all") },
            new JsonObject { ["type"] = "integer", ["minimum"] = 1 }),
    };
}

public sealed class QuorumConverter : JsonConverter<Quorum>
{
    public override Quorum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new Quorum(reader.GetInt32(), false),
        _ => new Quorum(null, reader.GetString() == "all"),
    };

    public override void Write(Utf8JsonWriter writer, Quorum value, JsonSerializerOptions options)
    {
        if (value.Count is { } count)
            writer.WriteNumberValue(count);
        else
            writer.WriteStringValue(value.All ? "all" : "any");
    }
}

/// <summary>Due date and reminders of a task opened at a given instant, in business days of the default calendar.</summary>
public sealed record TaskSchedule(DateTimeOffset Due, IReadOnlyList<DateTimeOffset> Reminders)
{
    public static async Task<TaskSchedule> ForAsync(TaskStepInputs inputs, DateTime since, BusinessTime businessTime, CancellationToken cancellationToken)
    {
        var dueDays = inputs.DueDays;
        var due = await businessTime.EndOfAsync(new DurationSpec(null, null, null, dueDays), since, cancellationToken);
        var reminders = new List<DateTimeOffset>();
        foreach (var before in (inputs.RemindBeforeBusinessDays ?? []).Where(d => d < dueDays).OrderDescending())
            reminders.Add(Utc(await businessTime.EndOfAsync(new DurationSpec(null, null, null, dueDays - before), since, cancellationToken)));
        return new TaskSchedule(Utc(due), reminders);
    }

    /// <summary>A task due at a subject's instant: each reminder that many business days before it, none that would come before the task opens.</summary>
    public static async Task<TaskSchedule> AtAsync(TaskStepInputs inputs, DateTimeOffset due, DateTime since, BusinessTime businessTime,
        CancellationToken cancellationToken)
    {
        var reminders = new List<DateTimeOffset>();
        foreach (var before in (inputs.RemindBeforeBusinessDays ?? []).OrderDescending())
        {
            var at = Utc(await businessTime.BusinessDaysBeforeAsync(before, due.UtcDateTime, cancellationToken));
            if (at.UtcDateTime > DateTime.SpecifyKind(since, DateTimeKind.Utc))
                reminders.Add(at);
        }
        return new TaskSchedule(due, reminders);
    }

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

internal static class TaskRows
{
    public static TaskRow New(IStepExecutionContext context, Guid id, DateTime since, TaskSchedule schedule, string? role, Guid? userId,
        Guid? groupId, TaskContext about, int? approvalsRequired = null)
    {
        var configuration = context.Configuration();
        var step = configuration.Step;
        var inputs = (TaskStepInputs)step.Inputs;
        var subject = context.Subject();
        var path = (inputs as HumanTaskInputs)?.EscalationPathField is { } pathField && subject.Fields.TryGetValue(pathField, out var levels)
            ? TaskEscalationLevel.FromField(levels)
            : null;
        return new TaskRow
        {
            Id = id,
            WorkflowId = Guid.Parse(context.Workflow.Id),
            PointerId = groupId is null ? context.ExecutionPointer.Id : $"{context.ExecutionPointer.Id}/{userId}",
            DefinitionId = configuration.Document.Id,
            StepId = step.Id,
            SubjectType = subject.Type,
            SubjectId = subject.Id,
            Title = Placeholders.Render(step.Title ?? step.Id, subject),
            AssigneeRole = role,
            AssigneeUserId = userId,
            RequestedBy = inputs.ExcludeRequester == true ? subject.RequestedBy : null,
            Outcomes = JsonSerializer.Serialize(inputs is HumanTaskInputs human ? human.PeoplesOutcomes : inputs.Outcomes),
            CommentRequiredFor = JsonSerializer.Serialize(inputs.CommentRequiredFor ?? []),
            DueAt = schedule.Due,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)),
            GroupId = groupId,
            ApproveOutcome = inputs.RecordedApproveOutcome,
            ExcludePriorApprovers = inputs.ExcludePriorApprovers == true,
            EscalateToRole = inputs.EscalateTo,
            Reminders = JsonSerializer.Serialize(schedule.Reminders),
            NextReminderAt = schedule.Reminders.Count > 0 ? schedule.Reminders[0] : null,
            SubjectSummary = about.SubjectSummary,
            StageNumber = about.StageNumber,
            StageCount = about.StageCount,
            RouteReason = about.RouteReason,
            ApprovalsRequired = approvalsRequired,
            ClosesOn = (inputs as HumanTaskInputs)?.ClosesOn,
            Note = about.Note,
            EscalationPath = path,
            NextEscalationAt = path is null ? null : schedule.Due.AddMinutes(TaskEscalationLevel.Parse(path)[0].AfterMinutes),
        };
    }
}
