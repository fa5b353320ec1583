using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace SlaGovernance.Benchmarks.Workflow;

/// <summary>One measured run: every client took its instances through all three stages.</summary>
public sealed record ApprovalRun(int Transitions, List<Guid> WorkflowIds, TimeSpan Elapsed, List<double> NextTaskMs, List<double> CompletionMs)
{
    public double TransitionsPerSecond => Transitions / Elapsed.TotalSeconds;
}

/// <summary>
/// Concurrent clients, each a Procurement, a Legal and a Finance person with API tokens of their own. A client starts an
/// instance, waits for its first task, then per stage completes the task over HTTP and polls the next person's inbox
/// until the next task is there (after the last stage: until the engine announces the instance finished and the store
/// says it is complete).
/// </summary>
public sealed class ApprovalClients
{
    private sealed record TaskItem(Guid Id, Guid WorkflowId, string Status);

    private readonly BenchmarkHost _host;
    private readonly List<HttpClient[]> _clients;
    private readonly TimeSpan _pollPause;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> _finishing = new();
    private int _runs;

    private ApprovalClients(BenchmarkHost host, List<HttpClient[]> clients, TimeSpan pollPause)
    {
        _host = host;
        _clients = clients;
        _pollPause = pollPause;
        // The engine announces a finished instance in-process, so a client learns of it without polling the store: polls
        // every 10 ms were statements the benchmark added to every measured transition.
        host.Services.GetRequiredService<IWorkflowHost>().OnLifeCycleEvent += e =>
        {
            if (e is WorkflowCompleted && _finishing.TryGetValue(e.WorkflowInstanceId, out var finished))
                finished.TrySetResult();
        };
    }

    public static async Task<ApprovalClients> CreateAsync(BenchmarkHost host, int clients, TimeSpan pollPause)
    {
        var people = new List<HttpClient[]>();
        for (var c = 0; c < clients; c++)
        {
            var perStage = new HttpClient[ApprovalDefinition.Stages.Length];
            for (var s = 0; s < perStage.Length; s++)
                perStage[s] = await host.ApiClientAsync($"bench-{c}-{ApprovalDefinition.Stages[s].ToLowerInvariant()}", ApprovalDefinition.Stages[s]);
            people.Add(perStage);
        }
        return new ApprovalClients(host, people, pollPause);
    }

    public async Task<ApprovalRun> RunAsync(int instancesPerClient)
    {
        var run = Interlocked.Increment(ref _runs);
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(_clients.Select((people, c) => Task.Run(() => DriveAsync(people, $"{run}-{c}", instancesPerClient))));
        clock.Stop();
        return new ApprovalRun(results.Sum(r => r.Transitions), results.SelectMany(r => r.WorkflowIds).ToList(), clock.Elapsed,
            results.SelectMany(r => r.NextTaskMs).ToList(), results.SelectMany(r => r.CompletionMs).ToList());
    }

    private async Task<(int Transitions, List<Guid> WorkflowIds, List<double> NextTaskMs, List<double> CompletionMs)> DriveAsync(HttpClient[] people, string client, int instances)
    {
        var engine = _host.Services.GetRequiredService<IWorkflowHost>();
        var store = _host.Services.GetRequiredService<IPersistenceProvider>();
        var nextTask = new List<double>();
        var completion = new List<double>();
        var transitions = 0;
        var workflowIds = new List<Guid>();
        for (var i = 0; i < instances; i++)
        {
            var workflowId = Guid.Parse(await engine.StartWorkflow(ApprovalDefinition.Id, ApprovalDefinition.Version,
                new WorkflowSubject { Type = "Agreement", Id = $"agr-{client}-{i}" }));
            workflowIds.Add(workflowId);
            var task = await AwaitTaskAsync(people[0], workflowId);
            for (var stage = 0; stage < people.Length; stage++)
            {
                var finished = stage + 1 == people.Length ? _finishing.GetOrAdd(workflowId.ToString(), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)) : null;
                var response = await people[stage].PostAsJsonAsync($"/api/v1/tasks/{task.Id}/complete", new { outcome = "approve", comment = (string?)null });
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"Completing task {task.Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                var waited = Stopwatch.StartNew();
                if (stage + 1 < people.Length)
                {
                    task = await AwaitTaskAsync(people[stage + 1], workflowId);
                    nextTask.Add(waited.Elapsed.TotalMilliseconds);
                }
                else
                {
                    // Announced as it finishes, just before the instance is saved: the store is read until it says so too.
                    await finished!.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    _finishing.TryRemove(workflowId.ToString(), out _);
                    while ((await store.GetWorkflowInstance(workflowId.ToString())).Status != WorkflowStatus.Complete)
                        await Pause(waited, workflowId, "to complete");
                    completion.Add(waited.Elapsed.TotalMilliseconds);
                }
                transitions++;
            }
        }
        return (transitions, workflowIds, nextTask, completion);
    }

    /// <summary>
    /// Reads the inbox as a script should: with the last ETag and <c>Prefer: wait</c>, so the server holds the request
    /// until the inbox changes instead of the client polling it. The inbox is shared by the role, so a change may be
    /// another client's task; the client then waits again from the new ETag.
    /// </summary>
    private async Task<TaskItem> AwaitTaskAsync(HttpClient person, Guid workflowId)
    {
        var waited = Stopwatch.StartNew();
        string? etag = null;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tasks");
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                request.Headers.TryAddWithoutValidation("Prefer", "wait=5");
            }
            using var response = await person.SendAsync(request);
            if (response.StatusCode != System.Net.HttpStatusCode.NotModified)
            {
                response.EnsureSuccessStatusCode();
                etag = response.Headers.ETag?.ToString();
                var inbox = await response.Content.ReadFromJsonAsync<List<TaskItem>>() ?? [];
                if (inbox.FirstOrDefault(t => t.WorkflowId == workflowId) is { } task)
                    return task;
            }
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"Workflow {workflowId} took over 30 s to show its next task.");
        }
    }

    private async Task Pause(Stopwatch waited, Guid workflowId, string what)
    {
        if (waited.Elapsed > TimeSpan.FromSeconds(30))
            throw new TimeoutException($"Workflow {workflowId} took over 30 s {what}.");
        if (_pollPause > TimeSpan.Zero)
            await Task.Delay(_pollPause);
    }
}
