using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Models.LifeCycleEvents;

namespace SlaGovernance.Workflows.Hosting;

/// <summary>
/// The in-process work queues, waited on without holding a thread. WorkflowCore's <c>SingleNodeQueueProvider</c> waits in
/// <c>BlockingCollection.TryTake</c>; once a consumer's loop has awaited anything it runs on the thread pool, so each consumer
/// (workflows, events) holds a pool thread for the life of the host. On two cores that is the whole pool: requests then wait for
/// the pool to grow, and the web benchmark's p99 was 760 ms against 7 ms once the pool was forced larger.
/// </summary>
public sealed class AwaitingQueueProvider : IQueueProvider
{
    private readonly ConcurrentDictionary<QueueType, Channel<string>> _queues = new();

    /// <summary>True: <see cref="DequeueWork"/> waits for work, so the consumer does not add an idle pause of its own.</summary>
    public bool IsDequeueBlocking => true;

    public Task QueueWork(string id, QueueType queue)
    {
        Queue(queue).Writer.TryWrite(id);
        return Task.CompletedTask;
    }

    /// <summary>The next id, waiting until one is queued; null when the consumer stops.</summary>
    public async Task<string?> DequeueWork(QueueType queue, CancellationToken cancellationToken)
    {
        try
        {
            return await Queue(queue).Reader.ReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task Start() => Task.CompletedTask;

    public Task Stop() => Task.CompletedTask;

    public void Dispose()
    {
    }

    private Channel<string> Queue(QueueType queue) =>
        _queues.GetOrAdd(queue, _ => Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false }));
}

/// <summary>
/// Hands workflow life-cycle events to the event hub without holding a thread: WorkflowCore's publisher enumerates a
/// <c>BlockingCollection</c> on a pool thread after its first await, which the thread then never gives back (see
/// <see cref="AwaitingQueueProvider"/>).
/// </summary>
public sealed class AwaitingLifeCycleEventPublisher(ILifeCycleEventHub hub, WorkflowOptions options, ILogger<AwaitingLifeCycleEventPublisher> logger)
    : ILifeCycleEventPublisher, IBackgroundTask
{
    private Channel<LifeCycleEvent> _outbox = Channel.CreateUnbounded<LifeCycleEvent>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _dispatch;

    public void PublishNotification(LifeCycleEvent evt)
    {
        if (options.EnableLifeCycleEventsPublisher)
            _outbox.Writer.TryWrite(evt);
    }

    public void Start()
    {
        if (_dispatch is not null)
            throw new InvalidOperationException("The life-cycle event publisher is already running.");
        _outbox = Channel.CreateUnbounded<LifeCycleEvent>(new UnboundedChannelOptions { SingleReader = true });
        _dispatch = Task.Run(DispatchAsync);
    }

    public void Stop()
    {
        _outbox.Writer.TryComplete();
        _dispatch?.GetAwaiter().GetResult();
        _dispatch = null;
    }

    private async Task DispatchAsync()
    {
        await foreach (var evt in _outbox.Reader.ReadAllAsync())
        {
            try
            {
                await hub.PublishNotification(evt);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A workflow life-cycle event ({Event}) could not be published", evt.GetType().Name);
            }
        }
    }
}
