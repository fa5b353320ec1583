using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;

namespace SlaGovernance.Notifications.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Email:Outbox";

    /// <summary>Attempts before a message becomes a dead letter.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How often the dispatcher looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed message is reserved for the node sending it.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 50;
}

/// <summary>
/// Drains the outbox: claims due messages (so two nodes never send one message at once), sends them, and on failure
/// retries with growing back-off until the last attempt makes the message a dead letter.
/// </summary>
public sealed class OutboxDispatcher(
    Database database,
    IEmailSender sender,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly TimeSpan[] BackOff =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public static TimeSpan DelayAfter(int failedAttempts) => BackOff[Math.Clamp(failedAttempts - 1, 0, BackOff.Length - 1)];

    /// <summary>Sends every message due now; returns how many were sent.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        List<OutboxRow> due;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(database.Sql(OutboxSql.Due),
                new { Now = now, Offset = 0, Limit = options.Value.BatchSize }, cancellationToken: cancellationToken))).ToList();
        }
        var sent = 0;
        foreach (var row in due)
        {
            if (!await ClaimAsync(row.Id, now, cancellationToken))
                continue;
            try
            {
                await sender.SendAsync(row.ToMessage(), cancellationToken);
                Failpoints.Hit("outbox-after-send");
                await ExecuteAsync(OutboxSql.MarkSent, new { row.Id, Now = time.GetUtcNow() }, cancellationToken);
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var attempts = row.Attempts + 1;
                var dead = attempts >= options.Value.MaxAttempts;
                await ExecuteAsync(OutboxSql.MarkFailed, new
                {
                    row.Id,
                    Status = dead ? OutboxStatus.Dead : OutboxStatus.Pending,
                    Attempts = attempts,
                    NextAttemptAt = time.GetUtcNow() + DelayAfter(attempts),
                    Error = Describe(e),
                }, cancellationToken);
                logger.LogWarning(e, "Email {MessageId} attempt {Attempt} failed{Dead}", row.MessageId, attempts, dead ? "; it is now a dead letter" : "");
            }
        }
        return sent;
    }

    // The reply code tells a temporary refusal (4xx: the server will take it later) from a permanent one (5xx).
    private static string Describe(Exception e) => e is MailKit.Net.Smtp.SmtpCommandException smtp
        ? $"SMTP {(int)smtp.StatusCode} ({smtp.StatusCode}): {smtp.Message}"
        : $"{e.GetType().Name}: {e.Message}";

        private async Task<bool> ClaimAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(OutboxSql.Claim),
            new { Id = id, Now = now, Until = now + options.Value.ClaimDuration }, cancellationToken: cancellationToken)) == 1;
    }

    private async Task ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(sql), args, cancellationToken: cancellationToken));
    }
}
