using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Hosting;
using SlaGovernance.Workflows.Operations;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>Approval stages with quorum and segregation of duties, reminders and escalation, delegation, notify, parallel paths, the journal.</summary>
public abstract class ApprovalAndRoutingTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-approvals-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, TaskActor> _people = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
        await TestCalendars.InsertLondonOfficeAsync(fixture.Database!);
        await AddPersonAsync("rita", "Procurement", "GovernanceBoard");
        await AddPersonAsync("paul", "Procurement", "GovernanceBoard");
        await AddPersonAsync("priya", "Procurement");
        await AddPersonAsync("gina", "GovernanceBoard");
        await AddPersonAsync("gus", "GovernanceBoard");
        await AddPersonAsync("leo", "Legal");
        await AddPersonAsync("fay", "Finance");
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", DefinitionCatalogue.SchemaFileName),
            Path.Combine(_folder, DefinitionCatalogue.SchemaFileName));
        File.WriteAllText(Path.Combine(_folder, "approval.json"), """
            {
              "id": "test-approval", "version": 1, "title": "Two-stage approval",
              "subject": { "type": "Agreement", "fields": ["title"] },
              "start": "procurement",
              "steps": [
                { "id": "procurement", "type": "approval", "title": "Procurement approval", "role": "Procurement", "quorum": "any",
                  "outcomes": ["approve", "reject"], "commentRequiredFor": ["reject"], "excludeRequester": true,
                  "routes": { "approve": "board", "reject": "rejected" } },
                { "id": "board", "type": "approval", "title": "Board approval", "role": "GovernanceBoard", "quorum": 2,
                  "excludeRequester": true, "excludePriorApprovers": true,
                  "outcomes": ["approve", "reject"], "commentRequiredFor": ["reject"],
                  "routes": { "approve": "approved", "reject": "rejected" } },
                { "id": "approved", "type": "action", "action": "record", "next": "end" },
                { "id": "rejected", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(_folder, "deadline.json"), """
            {
              "id": "test-deadline", "version": 1, "title": "A task with reminders and escalation",
              "subject": { "type": "Agreement", "fields": [] },
              "start": "review",
              "steps": [
                { "id": "review", "type": "humanTask", "title": "Review the renewal", "role": "Procurement", "dueInBusinessDays": 3,
                  "remindBeforeBusinessDays": [2, 1], "escalateTo": "GovernanceBoard",
                  "outcomes": ["done"], "routes": { "done": "end" } },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(_folder, "parallel.json"), """
            {
              "id": "test-parallel", "version": 1, "title": "Legal review beside a Finance notice",
              "subject": { "type": "Agreement", "fields": ["title", "annualValue"] },
              "start": "both",
              "steps": [
                { "id": "both", "type": "parallel", "paths": ["legal", "tell-finance"], "next": "joined" },
                { "id": "legal", "type": "humanTask", "title": "Legal review", "role": "Legal", "outcomes": ["ok"], "routes": { "ok": "legal-end" } },
                { "id": "legal-end", "type": "end" },
                { "id": "tell-finance", "type": "notify", "toRoles": ["Finance"], "toRequester": true,
                  "subject": "{title} is under review", "body": "{subjectType} {subjectId} worth {annualValue} a year is with Legal.",
                  "next": "finance-end" },
                { "id": "finance-end", "type": "end" },
                { "id": "joined", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task AddPersonAsync(string name, params string[] roles)
    {
        var id = Guid.NewGuid();
        await using var unit = await fixture.Database!.BeginAsync();
        await new UserStore(fixture.Database!).InsertAsync(unit, new UserRow
        {
            Id = id, UserName = name, DisplayName = name.ToUpperInvariant(), Email = $"{name}@example.test", TimeZone = "Europe/London",
            IsActive = true, CreatedAt = _time.GetUtcNow(), UpdatedAt = _time.GetUtcNow(), Version = 1, Roles = roles,
        });
        await unit.CommitAsync();
        _people[name] = new TaskActor(id, name, roles);
    }

    private async Task<WorkflowTestHost> StartHostAsync()
    {
        var host = WorkflowTestHost.Start(_time, services =>
        {
            services.AddSingleton(fixture.Database!);
            services.AddSingleton<IWorkflowAction, Recorder>();
            services.AddWorkflowRuntime(new WorkflowRuntimeOptions
            {
                PollInterval = TimeSpan.FromMilliseconds(100),
                IdleTime = TimeSpan.FromMilliseconds(10),
                DefinitionsFolder = _folder,
            });
        });
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        return host;
    }

    private static async Task<string> StartAsync(WorkflowTestHost host, string definition, WorkflowSubject subject) =>
        await host.Host.StartWorkflow(definition, 1, subject);

    private static WorkflowSubject Subject(string requester = "rita") => new()
    {
        Type = "Agreement", Id = Guid.NewGuid().ToString("N"), RequestedBy = requester,
        Fields = new() { ["title"] = System.Text.Json.JsonSerializer.SerializeToElement("Hosting SLA"),
            ["annualValue"] = System.Text.Json.JsonSerializer.SerializeToElement(120000) },
    };

    private static async Task<IReadOnlyList<TaskRow>> OpenTasksAsync(WorkflowTestHost host, string workflowId, string stepId, int expected)
    {
        var tasks = host.Services.GetRequiredService<TaskStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var open = (await tasks.OfWorkflowAsync(Guid.Parse(workflowId))).Where(t => t.StepId == stepId && t.Status == WorkflowTaskStatus.Open).ToList();
            if (open.Count >= expected || DateTime.UtcNow > deadline)
                return open;
            await Task.Delay(20);
        }
    }

    private TaskRow For(IReadOnlyList<TaskRow> tasks, string person) => tasks.Single(t => t.AssigneeUserId == _people[person].UserId);

    [SkippableFact]
    public async Task Each_eligible_approver_gets_a_task_and_the_requester_and_earlier_approvers_are_left_out_until_the_quorum_decides()
    {
        await using var host = await StartHostAsync();
        var subject = Subject();
        var id = await StartAsync(host, "test-approval", subject);
        var completion = host.Services.GetRequiredService<TaskCompletion>();

        // Procurement: rita requested it, so paul and priya vote; any one approval decides the stage.
        var procurement = await OpenTasksAsync(host, id, "procurement", 2);
        Assert.Equal(["paul", "priya"], procurement.Select(t => _people.Single(p => p.Value.UserId == t.AssigneeUserId).Key).Order());
        Assert.Equal(TaskCompletionStatus.Forbidden, (await completion.CompleteAsync(For(procurement, "priya").Id, _people["paul"], "approve", null)).Status);
        Assert.Equal(TaskCompletionStatus.Completed, (await completion.CompleteAsync(For(procurement, "paul").Id, _people["paul"], "approve", null)).Status);
        var withdrawn = await completion.CompleteAsync(For(procurement, "priya").Id, _people["priya"], "approve", null);
        Assert.Equal(TaskCompletionStatus.AlreadyCompleted, withdrawn.Status);
        Assert.Equal(WorkflowTaskStatus.Withdrawn, withdrawn.Task!.Status);

        // Board, quorum 2: rita requested it and paul approved an earlier stage, so gina and gus vote, and both must approve.
        var board = await OpenTasksAsync(host, id, "board", 2);
        Assert.Equal(2, board.Count);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(board, t => t.AssigneeUserId == _people["paul"].UserId || t.AssigneeUserId == _people["rita"].UserId);
        Assert.Equal(TaskCompletionStatus.Completed, (await completion.CompleteAsync(For(board, "gina").Id, _people["gina"], "approve", null)).Status);
        Assert.Equal(WorkflowStatus.Runnable, (await host.Persistence.GetWorkflowInstance(id)).Status);
        Assert.Single(await OpenTasksAsync(host, id, "board", 1));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TaskCompletionStatus.Completed, (await completion.CompleteAsync(For(board, "gus").Id, _people["gus"], "approve", null)).Status);

        await host.CompletedAsync(id);
        Assert.Equal(["action:approved"], Recorder.Trail[subject.Id]);

        var journal = (await host.Services.GetRequiredService<WorkflowJournal>().ReadAsync(Guid.Parse(id)))!;
        var answers = journal.Entries.Where(e => e.Kind == JournalKinds.TaskCompleted).Select(e => (e.StepId, e.Actor, e.Outcome)).ToList();
        Assert.Equal([("procurement", "paul", "approve"), ("board", "gina", "approve"), ("board", "gus", "approve")], answers);
        Assert.Contains(journal.Entries, e => e.Kind == "task-withdrawn" && e.StepId == "procurement");
        Assert.Contains(journal.Entries, e => e.Kind == JournalKinds.StepEnded && e.StepId == "board" && e.Outcome == "approve");
        Assert.Equal(JournalKinds.WorkflowEnded, journal.Entries[^1].Kind);
    }

    [SkippableFact]
    public async Task A_rejection_decides_the_stage_at_once_and_concurrent_votes_are_counted_once()
    {
        await using var host = await StartHostAsync();
        var completion = host.Services.GetRequiredService<TaskCompletion>();

        var rejected = Subject();
        var first = await StartAsync(host, "test-approval", rejected);
        var procurement = await OpenTasksAsync(host, first, "procurement", 2);
        Assert.Equal(TaskCompletionStatus.Invalid, (await completion.CompleteAsync(For(procurement, "priya").Id, _people["priya"], "reject", " ")).Status);
        Assert.Equal(TaskCompletionStatus.Completed,
            (await completion.CompleteAsync(For(procurement, "priya").Id, _people["priya"], "reject", "No exit terms.")).Status);
        await host.CompletedAsync(first);
        Assert.Equal(["action:rejected"], Recorder.Trail[rejected.Id]);

        var raced = Subject();
        var second = await StartAsync(host, "test-approval", raced);
        var stage = await OpenTasksAsync(host, second, "procurement", 2);
        await completion.CompleteAsync(For(stage, "paul").Id, _people["paul"], "approve", null);
        var board = await OpenTasksAsync(host, second, "board", 2);
        var votes = await Task.WhenAll(
            completion.CompleteAsync(For(board, "gina").Id, _people["gina"], "approve", null),
            completion.CompleteAsync(For(board, "gus").Id, _people["gus"], "approve", null));
        Assert.All(votes, v => Assert.Equal(TaskCompletionStatus.Completed, v.Status));
        await host.CompletedAsync(second);
        Assert.Equal(["action:approved"], Recorder.Trail[raced.Id]);
    }

    [SkippableFact]
    public async Task A_stage_without_enough_eligible_approvers_stops_with_an_error_that_says_so()
    {
        await using var host = await StartHostAsync();
        var completion = host.Services.GetRequiredService<TaskCompletion>();
        // gina requests: paul approves Procurement, so the board has rita and gus, but deactivating gus leaves one for a quorum of 2.
        var subject = Subject(requester: "gina");
        var id = await StartAsync(host, "test-approval", subject);
        var procurement = await OpenTasksAsync(host, id, "procurement", 3);
        await using (var unit = await fixture.Database!.BeginAsync())
        {
            await unit.Connection.ExecuteAsyncSafe(unit, "UPDATE users SET is_active = @False WHERE user_name_normalized = 'GUS'");
            await unit.CommitAsync();
        }
        await completion.CompleteAsync(For(procurement, "paul").Id, _people["paul"], "approve", null);
        var operations = host.Services.GetRequiredService<WorkflowOperations>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<ExecutionErrorRow> errors = [];
        while (errors.Count == 0 && DateTime.UtcNow < deadline)
        {
            errors = await operations.ErrorsAsync(Guid.Parse(id));
            await Task.Delay(20);
        }
        Assert.Contains("needs 2 approval(s) from GovernanceBoard, but 1 member(s)", Assert.Single(errors.Take(1)).Message);
        Assert.Empty(await OpenTasksAsync(host, id, "board", 0));
    }

    [SkippableFact]
    public async Task Reminders_go_before_the_due_date_and_an_overdue_task_moves_to_the_escalation_role_once()
    {
        await using var host = await StartHostAsync();
        var id = await StartAsync(host, "test-deadline", Subject());
        var task = Assert.Single(await OpenTasksAsync(host, id, "review", 1));
        // Opened Thursday 26 November 09:00, due in 3 business days: Tuesday 1 December 17:30 London (GMT).
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 30, 0, TimeSpan.Zero), task.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 17, 30, 0, TimeSpan.Zero), task.NextReminderAt);

        var clock = new FakeTimeProvider(_time.GetUtcNow());
        var deadlines = new TaskDeadlines(fixture.Database!, host.Services.GetRequiredService<TaskStore>(), host.Services.GetRequiredService<TaskNotices>(),
            host.Services.GetRequiredService<AuditLog>(), clock);
        Assert.Equal((0, 0), await deadlines.RunOnceAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 17, 31, 0, TimeSpan.Zero));
        Assert.Equal((1, 0), await deadlines.RunOnceAsync());
        Assert.Equal((0, 0), await deadlines.RunOnceAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 31, 0, TimeSpan.Zero));
        Assert.Equal((1, 0), await deadlines.RunOnceAsync());
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 17, 31, 0, TimeSpan.Zero));
        Assert.Equal((0, 1), await deadlines.RunOnceAsync());
        Assert.Equal((0, 0), await deadlines.RunOnceAsync());

        var escalated = (await host.Services.GetRequiredService<TaskStore>().GetAsync(task.Id))!;
        Assert.Equal("GovernanceBoard", escalated.AssigneeRole);
        Assert.NotNull(escalated.EscalatedAt);
        Assert.Equal(TaskCompletionStatus.Forbidden, (await host.Services.GetRequiredService<TaskCompletion>()
            .CompleteAsync(task.Id, _people["priya"], "done", null)).Status);

        var outbox = (await new EmailOutbox(fixture.Database!, clock).ListAsync(OutboxStatus.Pending, PageRequest.Of(1, 100))).Items;
        Assert.Equal([$"task/{task.Id}/escalated", $"task/{task.Id}/opened", $"task/{task.Id}/reminder/1", $"task/{task.Id}/reminder/2"],
            outbox.Select(o => o.IdempotencyKey).Order(StringComparer.Ordinal));
        var escalationMail = outbox.Single(o => o.IdempotencyKey.EndsWith("/escalated", StringComparison.Ordinal));
        Assert.Contains("gina@example.test", escalationMail.Recipients);
        Assert.Contains("priya@example.test", escalationMail.Recipients);
        Assert.Contains($"/tasks/{task.Id}", escalationMail.TextBody);

        var journal = (await host.Services.GetRequiredService<WorkflowJournal>().ReadAsync(Guid.Parse(id)))!;
        Assert.Equal(["task-reminded", "task-reminded", "task-escalated"], journal.Entries.Where(e => e.Kind.StartsWith("task-", StringComparison.Ordinal) && e.Kind != JournalKinds.TaskOpened)
            .Select(e => e.Kind));
    }

    [SkippableFact]
    public async Task A_holder_delegates_within_the_role_a_deactivated_persons_tasks_return_to_the_role_and_an_admin_reassigns()
    {
        await using var host = await StartHostAsync();
        var id = await StartAsync(host, "test-deadline", Subject());
        var task = Assert.Single(await OpenTasksAsync(host, id, "review", 1));
        var routing = host.Services.GetRequiredService<TaskRouting>();

        Assert.Equal(TaskMoveStatus.Forbidden, (await routing.DelegateAsync(task.Id, _people["paul"], "leo", "away")).Status);
        Assert.Equal(TaskMoveStatus.Forbidden, (await routing.DelegateAsync(task.Id, _people["leo"], "priya", null)).Status);
        var delegated = await routing.DelegateAsync(task.Id, _people["paul"], "priya", "On leave until Monday");
        Assert.Equal(TaskMoveStatus.Moved, delegated.Status);
        Assert.Equal(_people["priya"].UserId, delegated.Task!.AssigneeUserId);
        Assert.Equal(TaskCompletionStatus.Forbidden, (await host.Services.GetRequiredService<TaskCompletion>()
            .CompleteAsync(task.Id, _people["paul"], "done", null)).Status);

        _time.Advance(TimeSpan.FromMinutes(1));
        await using (var unit = await fixture.Database!.BeginAsync())
        {
            await routing.ReturnToRoleAsync(unit, _people["priya"].UserId, "priya", "admin", CancellationToken.None);
            await unit.CommitAsync();
        }
        Assert.Null((await host.Services.GetRequiredService<TaskStore>().GetAsync(task.Id))!.AssigneeUserId);

        // priya holds only Procurement: neither Admin nor the escalation role (GovernanceBoard) may reassign.
        Assert.Equal(TaskMoveStatus.Forbidden, (await routing.ReassignAsync(task.Id, _people["priya"], "gina", null, null)).Status);
        var admin = new TaskActor(Guid.NewGuid(), "admin", ["Admin"]);
        Assert.Equal(TaskMoveStatus.Invalid, (await routing.ReassignAsync(task.Id, admin, "nobody", null, null)).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        // A task stays within its current role: an administrator cannot hand it to Legal, only to a member of Procurement.
        Assert.Equal(TaskMoveStatus.Forbidden, (await routing.ReassignAsync(task.Id, admin, null, "Legal", "Needs a lawyer's eye")).Status);
        var reassigned = await routing.ReassignAsync(task.Id, admin, "paul", null, "Back from leave");
        Assert.Equal(TaskMoveStatus.Moved, reassigned.Status);
        Assert.Equal(_people["paul"].UserId, reassigned.Task!.AssigneeUserId);
        Assert.Equal(TaskCompletionStatus.Completed, (await host.Services.GetRequiredService<TaskCompletion>()
            .CompleteAsync(task.Id, _people["paul"], "done", null)).Status);
        await host.CompletedAsync(id);

        var moves = (await host.Services.GetRequiredService<TaskStore>().LogOfWorkflowAsync(Guid.Parse(id))).Select(m => m.Action).ToList();
        Assert.Equal([TaskLogActions.Delegated, TaskLogActions.ReturnedToRole, TaskLogActions.Reassigned], moves);
        var audit = await host.Services.GetRequiredService<AuditLog>().VerifyAsync();
        Assert.True(audit.Intact);
    }

    [SkippableFact]
    public async Task Parallel_paths_run_side_by_side_and_the_join_runs_once_after_both_with_one_email_from_the_notify_step()
    {
        await using var host = await StartHostAsync();
        var subject = Subject();
        var id = await StartAsync(host, "test-parallel", subject);
        var legal = Assert.Single(await OpenTasksAsync(host, id, "legal", 1));
        var outbox = new EmailOutbox(fixture.Database!, _time);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        IReadOnlyList<OutboxRow> rows = [];
        while (DateTime.UtcNow < deadline && !rows.Any(r => r.Subject == "Hosting SLA is under review"))
        {
            rows = (await outbox.ListAsync(OutboxStatus.Pending, PageRequest.Of(1, 100))).Items;
            await Task.Delay(20);
        }
        var notice = Assert.Single(rows, r => r.Subject == "Hosting SLA is under review");
        Assert.Equal($"Agreement {subject.Id} worth 120000 a year is with Legal.", notice.TextBody);
        Assert.Contains("fay@example.test", notice.Recipients);
        Assert.Contains("rita@example.test", notice.Recipients);
        Assert.False(Recorder.Trail.ContainsKey(subject.Id));

        Assert.Equal(TaskCompletionStatus.Completed, (await host.Services.GetRequiredService<TaskCompletion>()
            .CompleteAsync(legal.Id, _people["leo"], "ok", null)).Status);
        await host.CompletedAsync(id);
        Assert.Equal(["action:joined"], Recorder.Trail[subject.Id]);
        Assert.Single((await outbox.ListAsync(OutboxStatus.Pending, PageRequest.Of(1, 100))).Items, r => r.Subject == "Hosting SLA is under review");
    }
}

internal static class SqlHelpers
{
    public static Task<int> ExecuteAsyncSafe(this System.Data.Common.DbConnection connection, UnitOfWork unit, string sql) =>
        Dapper.SqlMapper.ExecuteAsync(connection, unit.Sql(sql), new { False = false }, unit.Transaction);
}

public sealed class SqliteApprovalAndRoutingTests(SqliteFixture fixture) : ApprovalAndRoutingTests<SqliteFixture>(fixture);

public sealed class PostgresApprovalAndRoutingTests(PostgresFixture fixture) : ApprovalAndRoutingTests<PostgresFixture>(fixture);
