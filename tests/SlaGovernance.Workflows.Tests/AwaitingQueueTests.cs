using Microsoft.Extensions.Logging.Abstractions;
using SlaGovernance.Workflows.Hosting;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace SlaGovernance.Workflows.Tests;

/// <summary>The work queues and the life-cycle publisher that wait without holding a thread-pool thread.</summary>
public sealed class AwaitingQueueTests
{
    [Fact]
    public async Task A_dequeue_waits_for_work_of_its_queue_in_order_and_answers_null_once_the_consumer_stops()
    {
        using var queues = new AwaitingQueueProvider();
        using var stop = new CancellationTokenSource();
        var waiting = queues.DequeueWork(QueueType.Workflow, stop.Token);
        Assert.False(waiting.IsCompleted);

        await queues.QueueWork("event-1", QueueType.Event);
        Assert.False(waiting.IsCompleted);
        await queues.QueueWork("workflow-1", QueueType.Workflow);
        await queues.QueueWork("workflow-2", QueueType.Workflow);
        Assert.Equal("workflow-1", await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("workflow-2", await queues.DequeueWork(QueueType.Workflow, stop.Token));
        Assert.Equal("event-1", await queues.DequeueWork(QueueType.Event, stop.Token));

        var idle = queues.DequeueWork(QueueType.Workflow, stop.Token);
        await stop.CancelAsync();
        Assert.Null(await idle.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(queues.IsDequeueBlocking);
    }

    [Fact]
    public async Task Life_cycle_events_reach_the_hub_in_order_and_stop_delivers_what_was_published()
    {
        var hub = new RecordingHub();
        var publisher = new AwaitingLifeCycleEventPublisher(hub, new WorkflowOptions(new ServiceCollectionStub()), NullLogger<AwaitingLifeCycleEventPublisher>.Instance);
        publisher.Start();
        Assert.Throws<InvalidOperationException>(publisher.Start);
        publisher.PublishNotification(new WorkflowStarted { WorkflowInstanceId = "a" });
        publisher.PublishNotification(new WorkflowCompleted { WorkflowInstanceId = "a" });
        publisher.Stop();
        Assert.Equal(["WorkflowStarted a", "WorkflowCompleted a"], hub.Received);
        publisher.Start();
        publisher.PublishNotification(new WorkflowStarted { WorkflowInstanceId = "b" });
        publisher.Stop();
        Assert.Equal("WorkflowStarted b", hub.Received[^1]);
    }

    private sealed class ServiceCollectionStub : List<Microsoft.Extensions.DependencyInjection.ServiceDescriptor>,
        Microsoft.Extensions.DependencyInjection.IServiceCollection;

    private sealed class RecordingHub : ILifeCycleEventHub
    {
        public List<string> Received { get; } = [];

        public Task PublishNotification(LifeCycleEvent evt)
        {
            lock (Received)
                Received.Add($"{evt.GetType().Name} {evt.WorkflowInstanceId}");
            return Task.CompletedTask;
        }

        public void Subscribe(Action<LifeCycleEvent> action)
        {
        }

        public Task Start() => Task.CompletedTask;

        public Task Stop() => Task.CompletedTask;
    }
}
