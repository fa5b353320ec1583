using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;

namespace SlaGovernance.Data.Tests;

/// <summary>Events written with a commit reach each of their handlers at least once, and a handler that has had one is not given it again.</summary>
public abstract class DomainEventSuite<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private Database Db => fixture.Database!;
    private FakeTimeProvider Time { get; } = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly DomainEventSignal _signal = new();

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Records what it handled; throws for the agreements it is told to fail on until it is told to stop.</summary>
    private sealed class Recorder(string name) : IDomainEventSubscriber
    {
        public ConcurrentQueue<Guid> Handled { get; } = new();
        public HashSet<Guid> FailFor { get; } = [];

        public string Name => name;
        public string EventType => AgreementSigned.Type;

        public async Task HandleAsync(DomainEventRow domainEvent, CancellationToken cancellationToken)
        {
            var signed = domainEvent.Read<AgreementSigned>();
            await Task.Yield();
            if (FailFor.Contains(signed.AgreementId))
                throw new InvalidOperationException($"{name} cannot handle {signed.AgreementId} yet.");
            Handled.Enqueue(signed.AgreementId);
        }
    }

    private DomainEventDispatcher Dispatcher(params IDomainEventSubscriber[] handlers) =>
        new(Db, handlers, Time, NullLogger<DomainEventDispatcher>.Instance);

    private async Task AppendAsync(Guid agreementId, bool commit = true)
    {
        await using var unit = await Db.BeginAsync();
        await new DomainEvents(Db, _signal, Time).AppendAsync(unit, new AgreementSigned(agreementId, 1, new DateOnly(2027, 4, 1),
            new DateOnly(2028, 3, 31)), CancellationToken.None);
        if (commit)
            await unit.CommitAsync();
    }

    [SkippableFact]
    public async Task An_event_reaches_each_handler_of_its_type_once_and_a_rolled_back_one_reaches_none()
    {
        var renewals = new Recorder("renewals");
        var exits = new Recorder("exits");
        var signed = Guid.NewGuid();
        await AppendAsync(signed);
        await AppendAsync(Guid.NewGuid(), commit: false);
        Assert.True(await _signal.WaitAsync(TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(1, await Dispatcher(renewals, exits).DispatchDueAsync());
        Assert.Equal(0, await Dispatcher(renewals, exits).DispatchDueAsync());
        Assert.Equal([signed], renewals.Handled);
        Assert.Equal([signed], exits.Handled);
        var stored = Assert.Single(await new DomainEvents(Db, _signal, Time).OfSubjectAsync(signed.ToString()));
        Assert.Equal((AgreementSigned.Type, new DateOnly(2028, 3, 31)), (stored.Type, stored.Read<AgreementSigned>().TermEnd));
    }

    [SkippableFact]
    public async Task A_failing_handler_gets_the_event_again_after_its_back_off_and_the_others_do_not()
    {
        var renewals = new Recorder("renewals");
        var exits = new Recorder("exits");
        var signed = Guid.NewGuid();
        exits.FailFor.Add(signed);
        await AppendAsync(signed);

        Assert.Equal(0, await Dispatcher(renewals, exits).DispatchDueAsync());
        Assert.Equal(0, await Dispatcher(renewals, exits).DispatchDueAsync());
        Time.Advance(DomainEventDispatcher.DelayAfter(1));
        Assert.Equal(0, await Dispatcher(renewals, exits).DispatchDueAsync());
        exits.FailFor.Clear();
        Time.Advance(DomainEventDispatcher.DelayAfter(2));
        Assert.Equal(1, await Dispatcher(renewals, exits).DispatchDueAsync());

        Assert.Equal([signed], renewals.Handled);
        Assert.Equal([signed], exits.Handled);
    }

    [SkippableFact]
    public async Task Two_nodes_dispatching_at_once_hand_each_event_to_each_handler_once()
    {
        var renewals = new Recorder("renewals");
        var agreements = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in agreements)
            await AppendAsync(id);

        var dispatched = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Dispatcher(renewals).DispatchDueAsync())));

        Assert.Equal(20, dispatched.Sum());
        Assert.Equal(agreements.Order(), renewals.Handled.Order());
    }

    [SkippableFact]
    public async Task Drain_waits_until_nothing_is_due_and_leaves_a_failing_event_to_its_retry()
    {
        var renewals = new Recorder("renewals");
        var failing = Guid.NewGuid();
        renewals.FailFor.Add(failing);
        await AppendAsync(Guid.NewGuid());
        await AppendAsync(failing);

        await Dispatcher(renewals).DrainAsync();

        Assert.Single(renewals.Handled);
    }
}

public sealed class SqliteDomainEventTests(SqliteFixture fixture) : DomainEventSuite<SqliteFixture>(fixture);

public sealed class PostgresDomainEventTests(PostgresFixture fixture) : DomainEventSuite<PostgresFixture>(fixture);

public sealed class SqlServerDomainEventTests(SqlServerFixture fixture) : DomainEventSuite<SqlServerFixture>(fixture);
