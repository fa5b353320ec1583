using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;
using SlaGovernance.Workflows.Hosting;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace SlaGovernance.Workflows.Tests;

/// <summary>Records what definition-driven steps did, per subject.</summary>
public sealed class Recorder : IWorkflowAction, IWorkflowSubjectStatus
{
    public static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Trail = new();

    public string Name => "record";
    public string SubjectType => "Agreement";

    public Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        Trail.GetOrAdd(context.Subject.Id, _ => new()).Enqueue($"action:{context.StepId}");
        return Task.CompletedTask;
    }

    public Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken)
    {
        Trail.GetOrAdd(subject.Id, _ => new()).Enqueue($"status:{status}");
        return Task.CompletedTask;
    }
}

public abstract class DefinitionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-workflows-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    private const string Approval = """
        {
          "$schema": "./workflow.schema.json",
          "id": "test-approval",
          "version": 1,
          "title": "Test approval",
          "subject": { "type": "Agreement", "fields": ["annualValue", "riskTier"] },
          "settings": { "financeThreshold": 100000 },
          "start": "route",
          "steps": [
            { "id": "route", "type": "decision",
              "branches": [ { "when": "annualValue > financeThreshold or riskTier in ('Critical')", "next": "finance" } ],
              "otherwise": "approved" },
            { "id": "finance", "type": "action", "action": "record", "next": "cooling-off" },
            { "id": "cooling-off", "type": "timer", "delay": { "days": 2 }, "next": "signature" },
            { "id": "signature", "type": "waitForEvent", "event": "signature-recorded", "timeout": { "days": 10 },
              "next": "approved", "onTimeout": "lapsed" },
            { "id": "approved", "type": "setStatus", "status": "Approved", "next": "end" },
            { "id": "lapsed", "type": "setStatus", "status": "Lapsed", "next": "end" },
            { "id": "end", "type": "end" }
          ]
        }
        """;

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", DefinitionCatalogue.SchemaFileName),
            Path.Combine(_folder, DefinitionCatalogue.SchemaFileName));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_folder, name), content);

    private WorkflowTestHost StartHost() => WorkflowTestHost.Start(_time, services =>
    {
        services.AddSingleton(fixture.Database!);
        services.AddSingleton<Recorder>();
        services.AddSingleton<IWorkflowAction>(sp => sp.GetRequiredService<Recorder>());
        services.AddSingleton<IWorkflowSubjectStatus>(sp => sp.GetRequiredService<Recorder>());
        services.AddPersistedType<ConformanceData>("test.conformance");
        services.AddWorkflowRuntime(new WorkflowRuntimeOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            IdleTime = TimeSpan.FromMilliseconds(10),
            DefinitionsFolder = _folder,
        });
    });

    private static WorkflowSubject Agreement(decimal annualValue, string riskTier) => new()
    {
        Type = "Agreement",
        Id = Guid.NewGuid().ToString("N"),
        Fields = new()
        {
            ["annualValue"] = JsonSerializer.SerializeToElement(annualValue),
            ["riskTier"] = JsonSerializer.SerializeToElement(riskTier),
        },
    };

    private static string[] TrailOf(WorkflowSubject subject) => Recorder.Trail.TryGetValue(subject.Id, out var trail) ? trail.ToArray() : [];

    [SkippableFact]
    public async Task A_bad_file_is_refused_with_the_file_the_json_path_and_the_rule()
    {
        Write("broken.json", """
            {
              "id": "broken", "version": 1, "title": "Broken",
              "subject": { "type": "Agreement", "fields": ["annualValue"] },
              "start": "route",
              "steps": [
                { "id": "route", "type": "decision", "branches": [ { "when": "annualValue > limit", "next": "nowhere" } ], "otherwise": "done" },
                { "id": "call", "type": "action", "action": "launch-missiles", "next": "done" },
                { "id": "done", "type": "end" }
              ]
            }
            """);
        Write("schema-breaker.json", """{ "id": "Bad Id", "version": 0, "title": "x", "subject": { "type": "Agreement", "fields": [] }, "start": "a", "steps": [ { "id": "a", "type": "setStatus" } ] }""");
        await using var host = StartHost();
        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(
            () => host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder));
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("workflows/broken.json at $.steps[0].branches[0].when:", StringComparison.Ordinal) && p.Contains("'limit'"));
        Assert.Contains(problems, p => p.StartsWith("workflows/broken.json at $.steps[0]:", StringComparison.Ordinal) && p.Contains("'nowhere'"));
        Assert.Contains(problems, p => p.StartsWith("workflows/broken.json at $.steps[1].action:", StringComparison.Ordinal) && p.Contains("launch-missiles"));
        Assert.Contains(problems, p => p.StartsWith("workflows/broken.json at $.steps[1]:", StringComparison.Ordinal) && p.Contains("never be reached"));
        Assert.Contains(problems, p => p.StartsWith("workflows/schema-breaker.json at $.id:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflows/schema-breaker.json at $.version:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("workflows/schema-breaker.json at $.steps[0]:", StringComparison.Ordinal) && p.Contains("next"));
        Assert.Contains("workflows/broken.json at", error.Message);
    }

    [SkippableFact]
    public async Task Approval_notify_and_parallel_steps_are_checked_for_what_the_schema_cannot_say()
    {
        Write("shapes.json", """
            {
              "id": "shapes", "version": 1, "title": "Shapes",
              "subject": { "type": "Agreement", "fields": ["title"] },
              "start": "both",
              "steps": [
                { "id": "both", "type": "parallel", "paths": ["vote", "tell"], "next": "done" },
                { "id": "vote", "type": "approval", "title": "Vote", "role": "GovernanceBoard", "quorum": 2, "escalateTo": "Admin",
                  "dueInBusinessDays": 2, "remindBeforeBusinessDays": [2],
                  "outcomes": ["yes", "no"], "routes": { "yes": "done", "no": "vote-end" } },
                { "id": "vote-end", "type": "end" },
                { "id": "tell", "type": "notify", "toRoles": ["Finance"], "subject": "{title} for {colour}", "body": "See {subjectId}.", "next": "tell-end" },
                { "id": "tell-end", "type": "end" },
                { "id": "done", "type": "end" }
              ]
            }
            """);
        await using var host = StartHost();
        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(
            () => host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder));
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.Contains("$.steps[1].approveOutcome") && p.Contains("'approve'"));
        Assert.Contains(problems, p => p.Contains("$.steps[1].remindBeforeBusinessDays"));
        Assert.Contains(problems, p => p.Contains("$.steps[3].subject") && p.Contains("{colour}"));
        Assert.Contains(problems, p => p.Contains("$.steps[0].paths") && p.Contains("'done', which the main flow also runs"));
        Assert.DoesNotContain(problems, p => p.Contains("{subjectId}"));
    }

    [SkippableFact]
    public async Task Dated_tasks_and_calendar_attachments_must_name_subject_fields()
    {
        Write("dated.json", """
            {
              "id": "dated", "version": 1, "title": "Dated",
              "subject": { "type": "Agreement", "fields": ["title", "decideBy"] },
              "start": "decide",
              "steps": [
                { "id": "decide", "type": "humanTask", "title": "Decide", "role": "VendorManager", "dueAt": "decideBy",
                  "remindBeforeBusinessDays": [1], "expiresAt": "noticeBy", "onExpired": "done",
                  "outcomes": ["expired"], "routes": { "expired": "tell" } },
                { "id": "tell", "type": "notify", "toRoles": ["Finance"], "subject": "{title}", "body": "Due.", "calendarDate": "dueOn",
                  "calendarSummary": "{title} due {dueOn}", "next": "done" },
                { "id": "done", "type": "end" }
              ]
            }
            """);
        await using var host = StartHost();
        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(
            () => host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder));
        var problems = error.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.Contains("$.steps[0].expiresAt") && p.Contains("'noticeBy' is not a field"));
        Assert.DoesNotContain(problems, p => p.Contains("$.steps[0].dueAt"));
        // A task due at a subject's date counts its reminders back from that date.
        Assert.DoesNotContain(problems, p => p.Contains("$.steps[0].remindBeforeBusinessDays"));
        Assert.Contains(problems, p => p.Contains("$.steps[0].outcomes") && p.Contains("'expired'"));
        Assert.Contains(problems, p => p.Contains("$.steps[1].calendarDate") && p.Contains("'dueOn' is not a field"));
        Assert.Contains(problems, p => p.Contains("$.steps[1].calendarSummary") && p.Contains("{dueOn}"));
    }

    [SkippableFact]
    public async Task A_condition_calling_code_is_refused_at_load_time()
    {
        Write("sneaky.json", Approval.Replace("annualValue > financeThreshold or riskTier in ('Critical')", "Exec('rm -rf /') > 0"));
        await using var host = StartHost();
        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(
            () => host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder));
        Assert.Contains(error.Problems, p => p.Path == "$.steps[0].branches[0].when" && p.Rule.Contains("'Exec'"));
    }

    [SkippableFact]
    public async Task Changed_content_under_the_same_version_stops_loading_and_a_raised_version_keeps_both()
    {
        Write("approval.json", Approval);
        await using var host = StartHost();
        var catalogue = host.Services.GetRequiredService<DefinitionCatalogue>();
        var first = Assert.Single(await catalogue.LoadAsync(_folder));
        Assert.Equal(64, first.Hash.Length);

        Write("approval.json", Approval.Replace("\"days\": 2", "\"days\": 3"));
        var error = await Assert.ThrowsAsync<WorkflowDefinitionException>(() => catalogue.LoadAsync(_folder));
        Assert.Contains("raise the version", Assert.Single(error.Problems).Rule);

        Write("approval.json", Approval.Replace("\"days\": 2", "\"days\": 3").Replace("\"version\": 1", "\"version\": 2"));
        var loaded = await catalogue.LoadAsync(_folder);
        Assert.Equal([(1, false), (2, true)], loaded.Select(d => (d.Version, d.FromCurrentFiles)));
        var registry = host.Services.GetRequiredService<IWorkflowRegistry>();
        Assert.True(registry.IsRegistered("test-approval", 1));
        Assert.True(registry.IsRegistered("test-approval", 2));
    }

    [SkippableFact]
    public async Task A_low_value_agreement_is_approved_without_the_finance_branch()
    {
        Write("approval.json", Approval);
        await using var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var subject = Agreement(50_000m, "Low");
        var id = await host.Host.StartWorkflow("test-approval", 1, subject);
        await host.CompletedAsync(id);
        Assert.Equal(["status:Approved"], TrailOf(subject));
    }

    [SkippableFact]
    public async Task A_critical_agreement_takes_the_finance_branch_waits_out_the_timer_and_is_signed()
    {
        Write("approval.json", Approval);
        await using var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var subject = Agreement(50_000m, "Critical");
        var id = await host.Host.StartWorkflow("test-approval", 1, subject);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.Status == PointerStatus.Sleeping), "cooling off");
        Assert.Equal(["action:finance"], TrailOf(subject));

        _time.Advance(TimeSpan.FromDays(2.1));
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == "signature-recorded" && p.Status == PointerStatus.WaitingForEvent),
            "waiting for the signature");
        _time.Advance(TimeSpan.FromDays(1));
        await host.Host.PublishEvent("signature-recorded", subject.Id, "signed");
        await host.CompletedAsync(id);
        Assert.Equal(["action:finance", "status:Approved"], TrailOf(subject));
    }

    [SkippableFact]
    public async Task An_unsigned_agreement_lapses_when_the_wait_times_out()
    {
        Write("approval.json", Approval);
        await using var host = StartHost();
        await host.Services.GetRequiredService<DefinitionCatalogue>().LoadAsync(_folder);
        var subject = Agreement(500_000m, "Low");
        var id = await host.Host.StartWorkflow("test-approval", 1, subject);
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.Status == PointerStatus.Sleeping), "cooling off");
        _time.Advance(TimeSpan.FromDays(2.1));
        await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.EventName == "signature-recorded" && p.Status == PointerStatus.WaitingForEvent),
            "waiting for the signature");
        _time.Advance(TimeSpan.FromDays(9));
        Assert.Equal(WorkflowStatus.Runnable, (await host.Persistence.GetWorkflowInstance(id)).Status);
        _time.Advance(TimeSpan.FromDays(1.1));
        await host.CompletedAsync(id);
        Assert.Equal(["action:finance", "status:Lapsed"], TrailOf(subject));
    }
}

public abstract class BusinessDayTimerTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly string _folder = Directory.CreateTempSubdirectory("slagov-workflows-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot(), "workflows", DefinitionCatalogue.SchemaFileName),
            Path.Combine(_folder, DefinitionCatalogue.SchemaFileName));
        File.WriteAllText(Path.Combine(_folder, "reminder.json"), """
            {
              "id": "test-reminder", "version": 1, "title": "Business-day reminder",
              "subject": { "type": "Agreement", "fields": [] },
              "start": "wait",
              "steps": [
                { "id": "wait", "type": "timer", "delay": { "businessDays": 1 }, "next": "remind" },
                { "id": "remind", "type": "action", "action": "record", "next": "end" },
                { "id": "end", "type": "end" }
              ]
            }
            """);
        // Friday 27 November 2026 is a holiday.
        await TestCalendars.InsertLondonOfficeAsync(fixture.Database!, new NodaTime.LocalDate(2026, 11, 27));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task A_one_business_day_timer_started_on_thursday_skips_the_holiday_and_the_weekend()
    {
        await using var host = WorkflowTestHost.Start(_time, services =>
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
        var subject = new WorkflowSubject { Type = "Agreement", Id = Guid.NewGuid().ToString("N") };
        var id = await host.Host.StartWorkflow("test-reminder", 1, subject);
        var sleeping = await host.WaitUntilAsync(id, w => w.ExecutionPointers.Any(p => p.SleepUntil is not null), "sleeping");
        // Thursday 26 November + 1 business day = Monday 30 November, close of business 17:30 GMT.
        Assert.Equal(new DateTime(2026, 11, 30, 17, 30, 0, DateTimeKind.Utc), sleeping.ExecutionPointers.Single(p => p.SleepUntil is not null).SleepUntil);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 29, 0, TimeSpan.Zero));
        Assert.Equal(WorkflowStatus.Runnable, (await host.Persistence.GetWorkflowInstance(id)).Status);
        _time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 17, 31, 0, TimeSpan.Zero));
        await host.CompletedAsync(id);
        Assert.Equal(["action:remind"], Recorder.Trail[subject.Id]);
    }
}

public sealed class SqliteBusinessDayTimerTests(SqliteFixture fixture) : BusinessDayTimerTests<SqliteFixture>(fixture);

public sealed class PostgresBusinessDayTimerTests(PostgresFixture fixture) : BusinessDayTimerTests<PostgresFixture>(fixture);

public sealed class SqliteDefinitionTests(SqliteFixture fixture) : DefinitionTests<SqliteFixture>(fixture);

public sealed class PostgresDefinitionTests(PostgresFixture fixture) : DefinitionTests<PostgresFixture>(fixture);
