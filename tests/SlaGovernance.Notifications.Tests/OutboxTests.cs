using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SlaGovernance.Data;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Tests;
using SlaGovernance.Tests.Providers;

namespace SlaGovernance.Notifications.Tests;

/// <summary>Fails the first sends it is given, then passes the rest to the real sender.</summary>
internal sealed class FlakySender(IEmailSender inner, int failures) : IEmailSender
{
    private int _left = failures;

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref _left) >= 0
            ? throw new IOException("The SMTP server closed the connection.")
            : inner.SendAsync(message, cancellationToken);
}

public abstract class OutboxTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IAsyncLifetime
    where TFixture : ProviderFixture
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private LoopbackSmtpServer _smtp = null!;

    private Database Db => fixture.Database!;

    public async Task InitializeAsync()
    {
        TestEnvironment.SkipUnlessAvailable(fixture.Database is not null, fixture.SkipReason ?? "", fixture.Optional);
        await fixture.ResetAsync();
        _smtp = new LoopbackSmtpServer();
    }

    public async Task DisposeAsync()
    {
        if (_smtp is not null)
            await _smtp.DisposeAsync();
    }

    private IEmailSender Smtp() => new SmtpEmailSender(
        Options.Create(new EmailOptions { Smtp = new SmtpSettings { Host = "127.0.0.1", Port = _smtp.Port, Security = "None" } }), _time);

    private OutboxDispatcher Dispatcher(IEmailSender sender, int maxAttempts = 6) =>
        new(Db, sender, Options.Create(new OutboxOptions { MaxAttempts = maxAttempts }), _time, NullLogger<OutboxDispatcher>.Instance);

    private EmailOutbox Outbox() => new(Db, _time);

    private static readonly EmailAddress[] Finance = [new("finance@example.com", "Fatima Finance")];

    [SkippableFact]
    public async Task The_same_key_written_twice_is_one_message_sent_once_with_its_stable_message_id()
    {
        var (id, added) = await Outbox().EnqueueAsync("wf-1/pointer-7/approval-task", Finance, "Approval needed", "Please review.");
        var (again, addedAgain) = await Outbox().EnqueueAsync("wf-1/pointer-7/approval-task", Finance, "Approval needed", "Please review.");
        Assert.True(added);
        Assert.False(addedAgain);
        Assert.Equal(id, again);

        Assert.Equal(1, await Dispatcher(Smtp()).DispatchDueAsync());
        Assert.Equal(0, await Dispatcher(Smtp()).DispatchDueAsync());
        var received = Assert.Single(_smtp.Received);
        Assert.Equal($"{id:N}@slagovernance", received.MessageId);
        Assert.Equal(OutboxStatus.Sent, (await Outbox().GetAsync(id))!.Status);
    }

    [SkippableFact]
    public async Task An_email_written_in_a_rolled_back_transaction_is_never_sent()
    {
        await using (var unit = await Db.BeginAsync())
            await Outbox().EnqueueAsync(unit, "rolled-back", Finance, "Never", "This change was rolled back.");
        Assert.Equal(0, await Dispatcher(Smtp()).DispatchDueAsync());
        Assert.Empty(_smtp.Received);
    }

    [SkippableFact]
    public async Task A_failed_send_is_retried_after_its_back_off_and_not_before()
    {
        var (id, _) = await Outbox().EnqueueAsync("retry-me", Finance, "Reminder", "Due soon.");
        var dispatcher = Dispatcher(new FlakySender(Smtp(), failures: 2));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        var failed = (await Outbox().GetAsync(id))!;
        Assert.Equal((OutboxStatus.Pending, 1), (failed.Status, failed.Attempts));
        Assert.Contains("closed the connection", failed.LastError);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Equal(1, (await Outbox().GetAsync(id))!.Attempts);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        _time.Advance(OutboxDispatcher.DelayAfter(2));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Single(_smtp.Received);
    }

    [SkippableFact]
    public async Task After_the_last_attempt_a_message_is_a_dead_letter_until_resent()
    {
        var (id, _) = await Outbox().EnqueueAsync("doomed", Finance, "Notice", "Notice deadline.");
        var dispatcher = Dispatcher(new FlakySender(Smtp(), failures: 3), maxAttempts: 3);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await dispatcher.DispatchDueAsync();
            _time.Advance(TimeSpan.FromDays(1));
        }
        var dead = (await Outbox().GetAsync(id))!;
        Assert.Equal((OutboxStatus.Dead, 3), (dead.Status, dead.Attempts));
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Single((await Outbox().ListAsync(OutboxStatus.Dead, new PageRequest(1, 10))).Items);

        Assert.True(await Outbox().ResendAsync(id));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Equal($"{id:N}@slagovernance", Assert.Single(_smtp.Received).MessageId);
    }

    /// <summary>Dispatches once a minute of the stepped clock, as the dispatcher's own timer would, until <paramref name="until"/>.</summary>
    private async Task DispatchEveryMinuteAsync(OutboxDispatcher dispatcher, DateTimeOffset until, Func<Task>? eachMinute = null)
    {
        while (_time.GetUtcNow() < until)
        {
            if (eachMinute is not null)
                await eachMinute();
            await dispatcher.DispatchDueAsync();
            _time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    [SkippableFact]
    public async Task After_an_smtp_outage_of_temporary_refusals_every_email_is_delivered_once_with_its_message_id()
    {
        var start = _time.GetUtcNow();
        var outageEnds = start.AddMinutes(40);
        _smtp.Refusing = () => _time.GetUtcNow() < outageEnds;
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
            ids.Add((await Outbox().EnqueueAsync($"outage-early-{i}", Finance, $"Approval needed {i}", "Please review.")).Id);

        var dispatcher = Dispatcher(Smtp());
        await DispatchEveryMinuteAsync(dispatcher, start.AddHours(4), async () =>
        {
            if (_time.GetUtcNow() == start.AddMinutes(10))
                for (var i = 0; i < 3; i++)
                    ids.Add((await Outbox().EnqueueAsync($"outage-late-{i}", Finance, $"Reminder {i}", "Due soon.")).Id);
        });

        Assert.True(_smtp.Refused >= 8 * 3, $"The server refused {_smtp.Refused} messages during the outage.");
        var received = _smtp.Received.ToArray();
        Assert.Equal(8, received.Length);
        Assert.Equal(ids.Select(id => $"{id:N}@slagovernance").Order(), received.Select(m => m.MessageId).Order());
        foreach (var id in ids)
        {
            var row = (await Outbox().GetAsync(id))!;
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.True(row.SentAt >= outageEnds, $"{row.Subject} was marked sent at {row.SentAt}, during the outage.");
        }
        await DispatchEveryMinuteAsync(dispatcher, _time.GetUtcNow().AddDays(1));
        Assert.Equal(8, _smtp.Received.Count);
    }

    [SkippableFact]
    public async Task A_refusal_that_outlasts_the_configured_attempts_makes_dead_letters_sent_only_when_resent()
    {
        var start = _time.GetUtcNow();
        _smtp.Refusing = () => _time.GetUtcNow() < start.AddHours(2);
        var (id, _) = await Outbox().EnqueueAsync("outage-doomed", Finance, "Notice deadline", "Notice is due on Friday.");
        var dispatcher = Dispatcher(Smtp(), maxAttempts: 3);

        // Attempts at 0, 1 and 6 minutes (back-off 1 min, then 5 min); the third makes a dead letter.
        await DispatchEveryMinuteAsync(dispatcher, start.AddMinutes(7));
        var dead = (await Outbox().GetAsync(id))!;
        Assert.Equal((OutboxStatus.Dead, 3), (dead.Status, dead.Attempts));
        Assert.Contains("451", dead.LastError);
        Assert.Equal(3, _smtp.Refused);

        await DispatchEveryMinuteAsync(dispatcher, start.AddHours(6));
        Assert.Empty(_smtp.Received);
        Assert.Equal(3, _smtp.Refused);

        Assert.True(await Outbox().ResendAsync(id));
        await DispatchEveryMinuteAsync(dispatcher, _time.GetUtcNow().AddMinutes(10));
        Assert.Equal($"{id:N}@slagovernance", Assert.Single(_smtp.Received).MessageId);
        Assert.Equal(OutboxStatus.Sent, (await Outbox().GetAsync(id))!.Status);
    }

    [SkippableFact]
    public async Task A_resend_after_a_crash_is_recognisably_the_same_message()
    {
        var (id, _) = await Outbox().EnqueueAsync("crash", Finance, "Decision due", "Renew, renegotiate or terminate.");
        await Dispatcher(Smtp()).DispatchDueAsync();
        // As if the process died after the SMTP server took the message but before the row was marked sent.
        await using (var connection = await Db.OpenAsync())
        {
            var command = connection.CreateCommand();
            command.CommandText = Db.Sql("UPDATE email_outbox SET status = 'Pending' WHERE idempotency_key = 'crash'");
            await command.ExecuteNonQueryAsync();
        }
        await Dispatcher(Smtp()).DispatchDueAsync();
        Assert.Equal(2, _smtp.Received.Count);
        var copies = _smtp.Received.ToArray();
        Assert.Equal(copies[0].MessageId, copies[1].MessageId);
        Assert.Equal(copies[0].Subject, copies[1].Subject);
        Assert.Equal(copies[0].TextBody, copies[1].TextBody);
    }

    [SkippableFact]
    public async Task Two_dispatchers_at_once_send_each_message_once()
    {
        for (var i = 0; i < 10; i++)
            await Outbox().EnqueueAsync($"bulk-{i}", Finance, $"Message {i}", "Body");
        var sent = await Task.WhenAll(Dispatcher(Smtp()).DispatchDueAsync(), Dispatcher(Smtp()).DispatchDueAsync());
        Assert.Equal(10, sent.Sum());
        Assert.Equal(10, _smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }
}

public sealed class SqliteOutboxTests(SqliteFixture fixture) : OutboxTests<SqliteFixture>(fixture);

public sealed class PostgresOutboxTests(PostgresFixture fixture) : OutboxTests<PostgresFixture>(fixture);
