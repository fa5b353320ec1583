using System.Globalization;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using WorkflowCore.Interface;

namespace SlaGovernance.Workflows.Tasks;

/// <summary>
/// What a task says of its subject in words (an agreement's title, vendor and annual value), supplied by the feature that
/// owns the subject type, so inboxes and emails never name a subject by its id.
/// </summary>
public interface IWorkflowSubjectSummary
{
    string SubjectType { get; }

    /// <summary>The subject in a line, as people know it; null when it is gone.</summary>
    Task<string?> SummaryAsync(WorkflowSubject subject, CancellationToken cancellationToken);
}

/// <summary>What a task tells the person holding it besides its title, worked out once when it opens.</summary>
public sealed record TaskContext(string? SubjectSummary, int? StageNumber, int? StageCount, string? RouteReason, string? Note)
{
    public static readonly TaskContext None = new(null, null, null, null, null);
}

/// <summary>
/// Works out a task's context when it opens: the subject in words, its approval stage's place on the route the request
/// takes and the reasons it was routed there, and, when the step asks, the comment of the run's latest answer.
/// </summary>
public sealed class TaskContexts(IEnumerable<IWorkflowSubjectSummary> summaries, TaskStore tasks)
{
    public async Task<TaskContext> ForAsync(IStepExecutionContext context, bool carryComment)
    {
        var configuration = context.Configuration();
        var subject = context.Subject();
        var summary = summaries.FirstOrDefault(s => s.SubjectType == subject.Type) is { } describer
            ? await describer.SummaryAsync(subject, context.CancellationToken)
            : null;
        var route = ApprovalRoute.Plan(configuration.Document, configuration.Settings, subject);
        var index = route.Select((stage, i) => (stage, i)).FirstOrDefault(s => s.stage.StepId == configuration.Step.Id);
        var onRoute = index.stage is not null;
        string? note = null;
        if (carryComment
            && (await tasks.OfWorkflowAsync(Guid.Parse(context.Workflow.Id), context.CancellationToken))
                .Where(t => t.Status == WorkflowTaskStatus.Completed && !string.IsNullOrWhiteSpace(t.Comment))
                .MaxBy(t => t.CompletedAt) is { } latest)
            note = Note(latest);
        return new TaskContext(summary, onRoute ? index.i + 1 : null, onRoute ? route.Count : null, onRoute ? index.stage!.Reason : null, note);
    }

    /// <summary>An earlier answer as the next person reads it: who answered what at which step, when, and their words.</summary>
    public static string Note(TaskRow answered) => string.Create(CultureInfo.InvariantCulture,
        $"{answered.CompletedBy} answered \u201c{OutcomeLabels.Label(answered.Outcome ?? "")}\u201d at {answered.Title} on {answered.CompletedAt:yyyy-MM-dd HH:mm} UTC: {answered.Comment}");
}

/// <summary>Outcomes in words for people: "request-changes" reads "Request changes".</summary>
public static class OutcomeLabels
{
    public static string Label(string outcome) =>
        outcome.Length == 0 ? outcome : char.ToUpperInvariant(outcome[0]) + outcome[1..].Replace('-', ' ');
}

/// <summary>A task's context in the words inboxes, task pages and emails share.</summary>
public static class TaskWording
{
    /// <summary>"stage 2 of 4 routed", with the quorum for a stage decided by several votes; null for a task on no route.</summary>
    public static string? Stage(TaskRow task)
    {
        if (task.StageNumber is not { } number || task.StageCount is not { } count)
            return null;
        var stage = $"stage {number} of {count} routed";
        return task.ApprovalsRequired is int quorum and > 1 ? $"{stage}, quorum {quorum} votes" : stage;
    }

    /// <summary>The quorum in votes for a stage decided by several: "vote 1 of quorum 2" while one more approval is the first.</summary>
    public static string? Vote(TaskRow task, int approvalsGiven) =>
        task.ApprovalsRequired is int quorum and > 1 ? $"vote {Math.Min(approvalsGiven + 1, quorum)} of quorum {quorum}" : null;

    /// <summary>What happening closes a task the application answers: "resubmitted" reads "resubmitted".</summary>
    public static string Closing(string outcome) => outcome.Replace('-', ' ');
}
