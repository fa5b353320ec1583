using System.ComponentModel;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Persistence;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Steps;

public sealed record ApprovalInputs : TaskStepInputs
{
    [Role, Description("Every active member of this role, less those excluded, gets a task of their own (distinct approvers).")]
    public override required string Role { get; init; }

    [Description("How many approvals decide the stage: any (one), all (every eligible approver) or a number N of the M eligible. Any other outcome decides the stage at once.")]
    public Quorum? Quorum { get; init; }

    protected override bool Approves => true;

    /// <summary>How many approvals decide a stage of <paramref name="eligible"/> approvers; one when no quorum is given.</summary>
    public int RequiredApprovals(int eligible) => Quorum?.RequiredApprovals(eligible) ?? 1;
}

/// <summary>A task per eligible member of a role, decided by quorum or at once by any answer other than approving.</summary>
public sealed class ApprovalStep : StepType<ApprovalInputs, ApprovalStageBody>
{
    public override string Name => "approval";

    protected override IEnumerable<StepRoute> Routes(ApprovalInputs inputs) => inputs.OutcomeRoutes();

    protected override IEnumerable<InputProblem> Check(ApprovalInputs inputs, DefinitionScope scope) => inputs.Problems();
}

/// <summary>
/// An approval stage: one task per eligible member of the role (distinct people), decided by quorum (any, all, N of M),
/// or at once by any answer other than approving. The requester, and anyone who approved an earlier stage of this
/// instance, are left out when the definition says so; the subject's authors always are.
/// </summary>
public sealed class ApprovalStageBody(TaskStore tasks, TaskParticipants participants, TaskNotices notices, UserStore users, BusinessTime businessTime,
    IDateTimeProvider clock, DapperPersistenceProvider store, TaskContexts contexts) : StepBodyAsync
{
    public override async Task<ExecutionResult> RunAsync(IStepExecutionContext context)
    {
        var pointer = context.ExecutionPointer;
        if (pointer.EventPublished && pointer.EventData is TaskCompleted decided)
            return ExecutionResult.Outcome(decided.Outcome);

        var step = context.Configuration().Step;
        var inputs = context.Inputs<ApprovalInputs>();
        var subject = context.Subject();
        var since = pointer.StartTime ?? clock.UtcNow;
        var groupId = TaskEvents.TaskIdFor(context.IdempotencyKey());
        if (await tasks.GetGroupAsync(groupId, context.CancellationToken) is null)
        {
            var workflowId = Guid.Parse(context.Workflow.Id);
            var excluded = inputs.ExcludePriorApprovers == true
                ? new HashSet<string>(await tasks.ApproversAsync(workflowId, context.CancellationToken), StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (inputs.ExcludeRequester == true && subject.RequestedBy is { } requester)
                excluded.Add(requester);
            // Segregation of duties: whoever drafted, edited or submitted the subject never gets a vote on it.
            excluded.UnionWith(await participants.AuthorsOfAsync(subject, context.CancellationToken));
            var eligible = (await users.ActiveInRoleAsync(inputs.Role, context.CancellationToken)).Where(u => !excluded.Contains(u.UserName)).ToList();
            var required = inputs.RequiredApprovals(eligible.Count);
            if (eligible.Count == 0 || required > eligible.Count)
                throw new InvalidOperationException(
                    $"The approval stage '{step.Title ?? step.Id}' needs {Math.Max(required, 1)} approval(s) from {inputs.Role}, but {eligible.Count} " +
                    $"member(s) of the role are eligible (active, not the requester or an author of the subject, not an earlier approver of this request). " +
                    "Add people to the role; the step is retried.");
            var schedule = await TaskSchedule.ForAsync(inputs, since, businessTime, context.CancellationToken);
            var about = await contexts.ForAsync(context, carryComment: false);
            var stage = new TaskGroupRow
            {
                Id = groupId,
                WorkflowId = workflowId,
                StepId = step.Id,
                Role = inputs.Role,
                ApproveOutcome = inputs.EffectiveApproveOutcome,
                Required = required,
                Eligible = eligible.Count,
            };
            var votes = eligible.Select(u => TaskRows.New(context, TaskEvents.TaskIdFor($"{context.IdempotencyKey()}/{u.Id}"), since, schedule,
                inputs.Role, u.Id, groupId, about, required)).ToList();
            // Written with the save of the wait, as a human task is: no vote is visible before the stage's wait is subscribed.
            store.SaveWithInstance(context.Workflow, TaskEvents.Completed, groupId.ToString(), (unit, cancellationToken) =>
                tasks.OpenGroupAsync(unit, stage, votes, (_, opened) => notices.OpenedAsync(unit, opened, cancellationToken), cancellationToken));
            Failpoints.Hit("approval-after-open");
        }
        return ExecutionResult.WaitForEvent(TaskEvents.Completed, groupId.ToString(), TaskEvents.SubscribeFrom);
    }
}
