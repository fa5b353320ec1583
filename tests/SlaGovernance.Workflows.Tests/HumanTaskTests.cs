using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Hosting;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Workflows.Tests;

public abstract class HumanTaskTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-workflows-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private static readonly TaskActor Priya = new(Guid.NewGuid(), "priya", ["Procurement"]);
    private static readonly TaskActor Paul = new(Guid.NewGuid(), "paul", ["Procurement"]);
    private static readonly TaskActor Leo = new(Guid.NewGuid(), "leo", ["Legal"]);

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
        await TestCalendars.InsertLondonOfficeAsync(fixture.Database!);
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", DefinitionCatalogue.SchemaFileName),
            Path.Combine(_folder, DefinitionCatalogue.SchemaFileName));
        File.WriteAllText(Path.Combine(_folder, "review.json"), """
            {
              "id": "test-review", "version": 1, "title": "Procurement review",
              "subject": { "type": "Agreement", "fields": [] },
              "start": "review",
              "steps": [
                { "id": "review", "type": "humanTask", "title": "Review the draft SLA", "role": "Procurement", "dueInBusinessDays": 2,
                  "outcomes": ["approve", "reject"], "commentRequiredFor": ["reject"], "excludeRequester": true,
                  "routes": { "approve": "approved", "reject": "rejected" } },
                { "id": "approved", "type": "action", "action": "record", "next": "end" },
                { "id": "rejected", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(_folder, "dated.json"), """
            {
              "id": "test-dated", "version": 1, "title": "Decide by a date",
              "subject": { "type": "Agreement", "fields": ["escalateAt", "closeAt"] },
              "start": "decide",
              "steps": [
                { "id": "decide", "type": "humanTask", "title": "Decide", "role": "Procurement", "dueAt": "escalateAt", "escalateTo": "Legal",
                  "expiresAt": "closeAt", "onExpired": "lapsed", "outcomes": ["approve"], "routes": { "approve": "approved" } },
                { "id": "approved", "type": "action", "action": "record", "next": "end" },
                { "id": "lapsed", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
    }

    [SkippableFact]
    public async Task An_overdue_task_climbs_its_subjects_escalation_path_once_per_level_counted_from_its_due_date_as_moved()
    {
        File.WriteAllText(Path.Combine(_folder, "pathed.json"), """
            {
              "id": "test-pathed", "version": 1, "title": "Decide, escalated along a path",
              "subject": { "type": "Agreement", "fields": ["escalateAt", "closeAt", "path"] },
              "start": "decide",
              "steps": [
                { "id": "decide", "type": "humanTask", "title": "Decide", "role": "Procurement", "dueAt": "escalateAt", "escalationPathField": "path",
                  "outcomes": ["approve"], "routes": { "approve": "approved" } },
                { "id": "approved", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        await using var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var start = _time.GetUtcNow();
        var path = System.Text.Json.JsonSerializer.SerializeToElement(new[] { new TaskEscalationLevel(1, "Legal", 0), new TaskEscalationLevel(2, "Admin", 60) });
        var fields = Dates(start.AddDays(5), start.AddDays(10));
        fields["path"] = path;
        var subject = new WorkflowSubject { Type = "Agreement", Id = Guid.NewGuid().ToString("N"), Fields = fields };
        var id = await host.Host.StartWorkflow("test-pathed", 1, subject);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == TaskEvents.Completed), "waiting for the decision");
        var tasks = host.Services.GetRequiredService<TaskStore>();
        var task = (await tasks.InboxAsync(Paul.UserId, Paul.Roles)).Single(t => t.SubjectId == subject.Id);
        Assert.Equal((0, (DateTimeOffset?)start.AddDays(5)), (task.EscalationLevel, task.NextEscalationAt));

        // The due date moves two days on: the levels count from it.
        fields = Dates(start.AddDays(7), start.AddDays(10));
        fields["path"] = path;
        await host.Services.GetRequiredService<SlaGovernance.Workflows.Operations.SubjectRefresh>().RefreshAsync(id, fields);
        Assert.Equal(start.AddDays(7), (await tasks.GetAsync(task.Id))!.NextEscalationAt);

        var deadlines = host.Services.GetRequiredService<TaskDeadlines>();
        _time.SetUtcNow(start.AddDays(6));
        Assert.Equal(0, (await deadlines.RunOnceAsync()).Escalated);
        _time.SetUtcNow(start.AddDays(7).AddMinutes(1));
        Assert.Equal(1, (await deadlines.RunOnceAsync()).Escalated);
        Assert.Equal((1, (DateTimeOffset?)start.AddDays(7).AddMinutes(60)), ((await tasks.GetAsync(task.Id))!.EscalationLevel, (await tasks.GetAsync(task.Id))!.NextEscalationAt));
        _time.SetUtcNow(start.AddDays(8));
        Assert.Equal(1, (await deadlines.RunOnceAsync()).Escalated);
        Assert.Equal(0, (await deadlines.RunOnceAsync()).Escalated);
        var climbed = (await tasks.GetAsync(task.Id))!;
        Assert.Equal((2, (DateTimeOffset?)null, WorkflowTaskStatus.Open), (climbed.EscalationLevel, climbed.NextEscalationAt, climbed.Status));
    }

    private static Dictionary<string, System.Text.Json.JsonElement> Dates(DateTimeOffset escalateAt, DateTimeOffset closeAt) => new(StringComparer.Ordinal)
    {
        ["escalateAt"] = System.Text.Json.JsonSerializer.SerializeToElement(escalateAt),
        ["closeAt"] = System.Text.Json.JsonSerializer.SerializeToElement(closeAt),
    };

    [SkippableFact]
    public async Task A_dated_task_is_due_at_its_subjects_instant_expires_unanswered_at_another_and_both_move_when_the_subject_is_refreshed()
    {
        await using var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var start = _time.GetUtcNow();
        var subject = new WorkflowSubject { Type = "Agreement", Id = Guid.NewGuid().ToString("N"), Fields = Dates(start.AddDays(5), start.AddDays(10)) };
        var id = await host.Host.StartWorkflow("test-dated", 1, subject);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == TaskEvents.Completed), "waiting for the decision");
        var tasks = host.Services.GetRequiredService<TaskStore>();
        var task = (await tasks.InboxAsync(Paul.UserId, Paul.Roles)).Single(t => t.SubjectId == subject.Id);
        Assert.Equal(start.AddDays(5), task.DueAt);

        // The dates move (the subject's agreement changed): the open task is due later, and expires later.
        var refreshed = await host.Services.GetRequiredService<SlaGovernance.Workflows.Operations.SubjectRefresh>()
            .RefreshAsync(id, Dates(start.AddDays(7), start.AddDays(12)));
        Assert.Equal(SlaGovernance.Workflows.Operations.RefreshOutcome.Refreshed, refreshed);
        Assert.Equal(start.AddDays(7), (await tasks.GetAsync(task.Id))!.DueAt);

        // Past the old expiry nothing happens; past the new one the task closes unanswered and the workflow takes onExpired.
        _time.SetUtcNow(start.AddDays(11));
        await Task.Delay(500);
        Assert.Equal(WorkflowTaskStatus.Open, (await tasks.GetAsync(task.Id))!.Status);
        _time.SetUtcNow(start.AddDays(12).AddMinutes(1));
        await host.CompletedAsync(id);
        Assert.Equal(["action:lapsed"], Recorder.Trail[subject.Id]);
        Assert.Equal(WorkflowTaskStatus.Expired, (await tasks.GetAsync(task.Id))!.Status);
        var late = await host.Services.GetRequiredService<TaskCompletion>().CompleteAsync(task.Id, Paul, "approve", null);
        Assert.Equal(TaskCompletionStatus.AlreadyCompleted, late.Status);
        Assert.StartsWith("This task expired unanswered", late.Message);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private WorkflowTestHost StartHost() => WorkflowTestHost.Start(_time, services =>
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

    private async Task<(WorkflowTestHost Host, string WorkflowId, WorkflowSubject Subject, TaskRow Task)> StartReviewAsync()
    {
        var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var subject = new WorkflowSubject { Type = "Agreement", Id = Guid.NewGuid().ToString("N"), RequestedBy = "priya" };
        var id = await host.Host.StartWorkflow("test-review", 1, subject);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == TaskEvents.Completed), "waiting for the review");
        var inbox = await host.Services.GetRequiredService<TaskStore>().InboxAsync(Paul.UserId, Paul.Roles);
        return (host, id, subject, inbox.Single(t => t.SubjectId == subject.Id));
    }

    [SkippableFact]
    public async Task A_review_task_appears_in_the_roles_inbox_due_after_two_business_days_and_its_outcome_routes_the_workflow()
    {
        var (host, id, subject, task) = await StartReviewAsync();
        await using var _ = host;
        // Thursday 26 November + 2 business days = Monday 30 November, close of business 17:30 GMT (no calendar holidays here).
        Assert.Equal("Review the draft SLA", task.Title);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero), task.DueAt);
        Assert.Empty(await host.Services.GetRequiredService<TaskStore>().InboxAsync(Leo.UserId, Leo.Roles));

        var result = await host.Services.GetRequiredService<TaskCompletion>().CompleteAsync(task.Id, Paul, "approve", null);
        Assert.Equal(TaskCompletionStatus.Completed, result.Status);
        await host.CompletedAsync(id);
        Assert.Equal(["action:approved"], Recorder.Trail[subject.Id]);
    }

    [SkippableFact]
    public async Task A_completion_wakes_the_waiting_step_in_its_own_commit_and_the_rest_of_the_route_runs_in_one_save()
    {
        var (host, id, subject, task) = await StartReviewAsync();
        await using var _ = host;
        await using var connection = await fixture.Database!.OpenAsync();
        var versionSql = fixture.Database.Sql("SELECT row_version FROM wf_instances WHERE id = @Id");
        var waiting = await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, versionSql, new { Id = Guid.Parse(id) });

        Assert.Equal(TaskCompletionStatus.Completed, (await host.Services.GetRequiredService<TaskCompletion>().CompleteAsync(task.Id, Paul, "approve", null)).Status);
        await host.CompletedAsync(id);

        // One save wakes the step (with the task's completion, no event stored for a consumer to find); one save after
        // the pass that resumed the review, ran the action and ended.
        Assert.Equal(0, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, fixture.Database.Sql("SELECT COUNT(*) FROM wf_events")));
        Assert.Equal(waiting + 2, await Dapper.SqlMapper.ExecuteScalarAsync<int>(connection, versionSql, new { Id = Guid.Parse(id) }));
        Assert.Equal(["action:approved"], Recorder.Trail[subject.Id]);
    }

    [SkippableFact]
    public async Task The_requester_an_outsider_and_a_missing_comment_are_refused_and_nothing_changes()
    {
        var (host, id, _, task) = await StartReviewAsync();
        await using var _ = host;
        var completion = host.Services.GetRequiredService<TaskCompletion>();
        Assert.Equal(TaskCompletionStatus.Forbidden, (await completion.CompleteAsync(task.Id, Priya, "approve", null)).Status);
        Assert.Equal(TaskCompletionStatus.Forbidden, (await completion.CompleteAsync(task.Id, Leo, "approve", null)).Status);
        var noComment = await completion.CompleteAsync(task.Id, Paul, "reject", "  ");
        Assert.Equal(TaskCompletionStatus.Invalid, noComment.Status);
        Assert.Contains("comment", noComment.Errors!.Keys);
        Assert.Equal(TaskCompletionStatus.Invalid, (await completion.CompleteAsync(task.Id, Paul, "escalate", "why")).Status);
        Assert.Equal(WorkflowTaskStatus.Open, (await host.Services.GetRequiredService<TaskStore>().GetAsync(task.Id))!.Status);
        Assert.Equal(WorkflowCore.Models.WorkflowStatus.Runnable, (await host.Persistence.GetWorkflowInstance(id)).Status);
    }

    [SkippableFact]
    public async Task Two_people_completing_at_once_advance_the_workflow_once_and_the_other_is_told()
    {
        var (host, id, subject, task) = await StartReviewAsync();
        await using var _ = host;
        var completion = host.Services.GetRequiredService<TaskCompletion>();
        var other = Paul with { UserId = Guid.NewGuid(), UserName = "pat" };
        var results = await Task.WhenAll(
            completion.CompleteAsync(task.Id, Paul, "reject", "Credit cap too low."),
            completion.CompleteAsync(task.Id, other, "approve", null));
        Assert.Single(results, r => r.Status == TaskCompletionStatus.Completed);
        Assert.Single(results, r => r.Status == TaskCompletionStatus.AlreadyCompleted);
        await host.CompletedAsync(id);
        Assert.Single(Recorder.Trail[subject.Id]);
        Assert.Equal(TaskCompletionStatus.AlreadyCompleted, (await completion.CompleteAsync(task.Id, Paul, "approve", null)).Status);
    }

    [SkippableFact]
    public async Task The_inbox_holds_a_persons_own_tasks_and_their_roles_unassigned_ones_for_any_number_of_roles()
    {
        var store = new TaskStore(fixture.Database!, new InboxChanges());
        var workflowId = Guid.NewGuid();
        var at = _time.GetUtcNow();
        // More roles than one read covers, so the inbox takes two reads.
        var roles = Enumerable.Range(0, TaskSql.InboxRoleSlots + 2).Select(i => $"Role{i}").ToList();
        var someoneElse = Guid.NewGuid();
        async Task<TaskRow> Open(string title, string role, Guid? user, int dueInDays)
        {
            var task = new TaskRow
            {
                Id = Guid.NewGuid(), WorkflowId = workflowId, PointerId = title, DefinitionId = "test", StepId = "step", SubjectType = "Agreement",
                SubjectId = "agr-1", Title = title, AssigneeRole = role, AssigneeUserId = user, DueAt = at.AddDays(dueInDays), CreatedAt = at,
            };
            Assert.True(await store.OpenAsync(task));
            return task;
        }
        var mine = await Open("held by me, in a role I lack", "Outsiders", Paul.UserId, 3);
        var lastRole = await Open("my last role's", roles[^1], null, 1);
        var firstRole = await Open("my first role's", roles[0], null, 2);
        await Open("my role's, held by someone else", roles[0], someoneElse, 0);
        await Open("another role's", "Outsiders", null, 0);

        var inbox = await store.InboxAsync(Paul.UserId, roles);

        Assert.Equal([lastRole.Id, firstRole.Id, mine.Id], inbox.Select(t => t.Id));
        Assert.Equal([mine.Id], (await store.InboxAsync(Paul.UserId, [])).Select(t => t.Id));
        Assert.Equal([firstRole.Id], (await store.InboxAsync(Guid.NewGuid(), [roles[0]])).Select(t => t.Id));
    }
}

public sealed class SqliteHumanTaskTests(SqliteFixture fixture) : HumanTaskTests<SqliteFixture>(fixture);

public sealed class PostgresHumanTaskTests(PostgresFixture fixture) : HumanTaskTests<PostgresFixture>(fixture);
