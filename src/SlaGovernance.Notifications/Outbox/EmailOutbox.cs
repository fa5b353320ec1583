using System.Data.Common;
using System.Text.Json;
using Dapper;
using SlaGovernance.Data;

namespace SlaGovernance.Notifications.Outbox;

public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Sent = "Sent";
    public const string Dead = "Dead";
}

public sealed class OutboxRow
{
    public Guid Id { get; init; }
    public string IdempotencyKey { get; init; } = "";
    public string MessageId { get; init; } = "";
    public string Recipients { get; init; } = "[]";
    public string Subject { get; init; } = "";
    public string TextBody { get; init; } = "";
    public string Status { get; init; } = "";
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>JSON list of <see cref="EmailAttachment"/> (content in base64), or null for a plain text email.</summary>
    public string? Attachments { get; init; }

    public IReadOnlyList<EmailAttachment> AttachmentList =>
        Attachments is null ? [] : JsonSerializer.Deserialize<List<EmailAttachment>>(Attachments, EmailOutbox.Json) ?? [];

    public IReadOnlyList<EmailAddress> To => JsonSerializer.Deserialize<List<EmailAddress>>(Recipients, EmailOutbox.Json) ?? [];

    public EmailMessage ToMessage() => new(To, Subject, TextBody, MessageId, AttachmentList);
}

/// <summary>
/// Where every email is written first, in the same transaction as the change that causes it. One row per
/// idempotency key, so a replayed step that writes the same email again adds nothing.
/// </summary>
public sealed class EmailOutbox(Database database, TimeProvider time)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Adds the email unless one with this key exists; returns the row's id either way.</summary>
    public async Task<(Guid Id, bool Added)> EnqueueAsync(UnitOfWork unit, string idempotencyKey, IReadOnlyList<EmailAddress> to,
        string subject, string textBody, IReadOnlyList<EmailAttachment>? attachments = null, CancellationToken cancellationToken = default)
    {
        // One statement where the key is new, which is every first attempt; a replay reads the existing row's id.
        var id = Guid.CreateVersion7();
        var added = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(OutboxSql.InsertUnlessKeyExists), new
        {
            Id = id,
            IdempotencyKey = idempotencyKey,
            MessageId = $"<{id:N}@slagovernance>",
            Recipients = JsonSerializer.Serialize(to, Json),
            Subject = subject,
            TextBody = textBody,
            Now = time.GetUtcNow(),
            Attachments = attachments is { Count: > 0 } ? JsonSerializer.Serialize(attachments, Json) : null,
        }, unit.Transaction, cancellationToken: cancellationToken));
        if (added == 1)
            return (id, true);
        return (await unit.Connection.QuerySingleAsync<Guid>(new CommandDefinition(unit.Sql(OutboxSql.IdByKey),
            new { IdempotencyKey = idempotencyKey }, unit.Transaction, cancellationToken: cancellationToken)), false);
    }

    /// <summary>Adds the email in a transaction of its own; a concurrent writer of the same key wins quietly.</summary>
    public async Task<(Guid Id, bool Added)> EnqueueAsync(string idempotencyKey, IReadOnlyList<EmailAddress> to, string subject,
        string textBody, IReadOnlyList<EmailAttachment>? attachments = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var unit = await database.BeginAsync(cancellationToken);
            var result = await EnqueueAsync(unit, idempotencyKey, to, subject, textBody, attachments, cancellationToken);
            await unit.CommitAsync(cancellationToken);
            return result;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return (await connection.QuerySingleAsync<Guid>(database.Sql(OutboxSql.IdByKey), new { IdempotencyKey = idempotencyKey }), false);
        }
    }

    public async Task<OutboxRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<OutboxRow>(new CommandDefinition(database.Sql(OutboxSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<Page<OutboxRow>> ListAsync(string status, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { Status = status, page.Offset, Limit = page.PageSize };
        var rows = await connection.QueryAsync<OutboxRow>(new CommandDefinition(database.Sql(OutboxSql.ByStatus), args,
            cancellationToken: cancellationToken));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(OutboxSql.CountByStatus), args,
            cancellationToken: cancellationToken));
        return new Page<OutboxRow>(rows.ToList(), page.Page, page.PageSize, total);
    }

    /// <summary>Puts a dead letter back in the queue, keeping its Message-ID.</summary>
    public async Task<bool> ResendAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(OutboxSql.Resend), new { Id = id, Now = time.GetUtcNow() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Puts a dead letter back in the queue in the caller's transaction (beside its audit entry), keeping its Message-ID.</summary>
    public async Task<bool> ResendAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(OutboxSql.Resend), new { Id = id, Now = time.GetUtcNow() },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;
}
