using System.Data.Common;
using Dapper;
using SlaGovernance.Domain.Changes;

namespace SlaGovernance.Data.Changes;

/// <summary>
/// A change request as stored: the agreement and its number among the agreement's requests, the class (a <see cref="ChangeClass"/>
/// by name), where it stands (<see cref="ChangeRequestStatus"/>), the governing version it changes and the proposed one (none for a
/// termination), the effective date in the agreement's zone, and the impact computed when it was submitted.
/// </summary>
public sealed record ChangeRequestRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public int Number { get; init; }
    public string ChangeClass { get; init; } = "";
    public string Status { get; init; } = ChangeRequestStatus.Draft;
    public string? Reason { get; init; }
    public int BaseVersion { get; init; }
    public int? ProposedVersion { get; init; }
    public DateOnly? EffectiveOn { get; init; }
    public string? Impact { get; init; }
    public string? ImpactSummary { get; init; }
    public Guid? WorkflowId { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public Guid? RevertsChangeId { get; init; }
    public int Revision { get; init; }

    public ChangeClass Class => Enum.Parse<ChangeClass>(ChangeClass);

    public bool IsOpen => ChangeRequestStatus.IsOpen(Status);

    public bool IsTermination => Class == Domain.Changes.ChangeClass.Termination;

    /// <summary>"CR-3", how people name it beside the agreement's title.</summary>
    public string Reference => $"CR-{Number}";
}

/// <summary>A change request with its agreement's title, for lists and the change calendar.</summary>
public sealed record ChangeRequestListRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string AgreementTitle { get; init; } = "";
    public int Number { get; init; }
    public string ChangeClass { get; init; } = "";
    public string Status { get; init; } = "";
    public DateOnly? EffectiveOn { get; init; }
    public string? ImpactSummary { get; init; }
    public string? Reason { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }

    public string Reference => $"CR-{Number}";
}

[SqlCatalogue]
internal static class ChangeRequestSql
{
    private const string Columns = """
        id, agreement_id, number, change_class, status, reason, base_version, proposed_version, effective_on, impact, impact_summary, workflow_id,
        requested_by, requested_at, submitted_at, decided_at, reverts_change_id, revision
        """;

    public const string Insert = "INSERT INTO change_requests (" + Columns + """
        )
        VALUES (@Id, @AgreementId, @Number, @ChangeClass, @Status, @Reason, @BaseVersion, @ProposedVersion, @EffectiveOn, @Impact, @ImpactSummary,
                @WorkflowId, @RequestedBy, @RequestedAt, @SubmittedAt, @DecidedAt, @RevertsChangeId, @Revision)
        """;

    public const string InsertOpen = "INSERT INTO change_request_open (agreement_id, change_request_id) VALUES (@AgreementId, @Id)";

    public const string DeleteOpen = "DELETE FROM change_request_open WHERE agreement_id = @AgreementId AND change_request_id = @Id";

    public const string OpenOf = "SELECT change_request_id FROM change_request_open WHERE agreement_id = @AgreementId";

    public const string NextNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM change_requests WHERE agreement_id = @AgreementId";

    public const string ById = "SELECT " + Columns + "\nFROM change_requests WHERE id = @Id";

    public const string OfAgreement = "SELECT " + Columns + "\nFROM change_requests WHERE agreement_id = @AgreementId ORDER BY number DESC";

    public const string ByProposedVersion = "SELECT " + Columns + """

        FROM change_requests WHERE agreement_id = @AgreementId AND proposed_version = @Version
        """;

    /// <summary>Everything but the keys, moved only from the revision the caller read.</summary>
    public const string Update = """
        UPDATE change_requests
        SET change_class = @ChangeClass, status = @Status, reason = @Reason, base_version = @BaseVersion, proposed_version = @ProposedVersion,
            effective_on = @EffectiveOn, impact = @Impact, impact_summary = @ImpactSummary, workflow_id = @WorkflowId, submitted_at = @SubmittedAt,
            decided_at = @DecidedAt, revision = @Revision + 1
        WHERE id = @Id AND revision = @Revision
        """;

    private const string ListColumns = """
        SELECT c.id, c.agreement_id, a.title AS agreement_title, c.number, c.change_class, c.status, c.effective_on, c.impact_summary, c.reason,
               c.requested_by, c.requested_at, c.decided_at
        FROM change_requests c JOIN agreements a ON a.id = c.agreement_id
        """;

    /// <summary>The change calendar: every request by effective date, those without one last; filtered by the store in memory.</summary>
    public const string Calendar = ListColumns + """

        ORDER BY CASE WHEN c.effective_on IS NULL THEN 1 ELSE 0 END, c.effective_on, a.title, c.number
        """;
}

/// <summary>The filters of the change calendar; null filters nothing.</summary>
public sealed record ChangeCalendarQuery(DateOnly? From, DateOnly? To, string? Status, string? ChangeClass, Guid? AgreementId);

/// <summary>Change requests and the one open request each agreement may have (a key, so two at once fail on every engine).</summary>
public sealed class ChangeRequestStore(Database database)
{
    /// <summary>
    /// Inserts a new open request with its number, and claims the agreement's open slot in the same transaction; false when another
    /// request holds it (the caller reads which with <see cref="OpenOfAsync(UnitOfWork, Guid, CancellationToken)"/>).
    /// </summary>
    public async Task<bool> InsertOpenAsync(UnitOfWork unit, ChangeRequestRow row, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ChangeRequestSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));
        return await ClaimOpenAsync(unit, row, cancellationToken);
    }

    /// <summary>The number the agreement's next request takes; the unique key refuses a second taker.</summary>
    public async Task<int> NextNumberAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(ChangeRequestSql.NextNumber), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    private async Task<bool> ClaimOpenAsync(UnitOfWork unit, ChangeRequestRow row, CancellationToken cancellationToken)
    {
        // A savepoint would be needed to go on after a failed insert on PostgreSQL; the caller rolls back instead, so a plain insert is enough.
        try
        {
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ChangeRequestSql.InsertOpen), new { row.AgreementId, row.Id },
                unit.Transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Frees the agreement's open slot once the request is decided or withdrawn.</summary>
    public async Task ReleaseOpenAsync(UnitOfWork unit, ChangeRequestRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ChangeRequestSql.DeleteOpen), new { row.AgreementId, row.Id },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<Guid?> OpenOfAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(unit.Sql(ChangeRequestSql.OpenOf), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<ChangeRequestRow?> OpenOfAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(database.Sql(ChangeRequestSql.OpenOf),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken));
        return id is { } open
            ? await connection.QuerySingleOrDefaultAsync<ChangeRequestRow>(new CommandDefinition(database.Sql(ChangeRequestSql.ById), new { Id = open },
                cancellationToken: cancellationToken))
            : null;
    }

    public async Task<ChangeRequestRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChangeRequestRow>(new CommandDefinition(database.Sql(ChangeRequestSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<ChangeRequestRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ChangeRequestRow>(new CommandDefinition(unit.Sql(ChangeRequestSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The request whose proposed version this is, if any.</summary>
    public async Task<ChangeRequestRow?> OfVersionAsync(UnitOfWork unit, Guid agreementId, int version, CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ChangeRequestRow>(new CommandDefinition(unit.Sql(ChangeRequestSql.ByProposedVersion),
            new { AgreementId = agreementId, Version = version }, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<ChangeRequestRow?> OfVersionAsync(Guid agreementId, int version, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChangeRequestRow>(new CommandDefinition(database.Sql(ChangeRequestSql.ByProposedVersion),
            new { AgreementId = agreementId, Version = version }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ChangeRequestRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ChangeRequestRow>(new CommandDefinition(database.Sql(ChangeRequestSql.OfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Writes <paramref name="row"/> over the stored request if it is still at <c>row.Revision</c> (which the store then moves on by
    /// one); false when someone changed it first.
    /// </summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, ChangeRequestRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ChangeRequestSql.Update), row, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// The change calendar. Filtered after the read: the list is of change requests, a few hundred in a year, and dates stored as
    /// text on SQLite would need each engine's own comparison.
    /// </summary>
    public async Task<IReadOnlyList<ChangeRequestListRow>> CalendarAsync(ChangeCalendarQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChangeRequestListRow>(new CommandDefinition(database.Sql(ChangeRequestSql.Calendar),
            cancellationToken: cancellationToken));
        return rows.Where(r => (query.From is not { } from || r.EffectiveOn >= from) && (query.To is not { } to || r.EffectiveOn <= to)
                && (query.Status is null || r.Status == query.Status) && (query.ChangeClass is null || r.ChangeClass == query.ChangeClass)
                && (query.AgreementId is null || r.AgreementId == query.AgreementId))
            .ToList();
    }
}
