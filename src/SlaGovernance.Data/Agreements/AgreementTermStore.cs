using Dapper;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Data.Agreements;

/// <summary>The signed terms an agreement runs under; dates are days in <see cref="TimeZone"/>.</summary>
public sealed record AgreementTermRow
{
    public Guid AgreementId { get; init; }
    public int VersionNumber { get; init; }
    public DateOnly TermStart { get; init; }

    /// <summary>The last day of the term, moved by each tacit renewal.</summary>
    public DateOnly TermEnd { get; init; }
    public string TimeZone { get; init; } = "";

    /// <summary>The renewal term when the agreement renews itself (tacit renewal); null when it expires at its end.</summary>
    public int? RenewalAmount { get; init; }
    public string? RenewalUnit { get; init; }
    public int Renewals { get; init; }

    /// <summary>The day an early end takes effect (at its start), once Procurement terminates the agreement.</summary>
    public DateOnly? EndsOn { get; init; }
    public string? TerminationReason { get; init; }
    public string? TerminatedBy { get; init; }
    public DateTimeOffset? TerminatedAt { get; init; }
}

/// <summary>Terms with the agreement's title, status and revision: what the lifecycle sweeper decides on.</summary>
public sealed record DueAgreementRow
{
    public Guid AgreementId { get; init; }
    public string Title { get; init; } = "";
    public string Status { get; init; } = "";
    public int Revision { get; init; }
    public int VersionNumber { get; init; }
    public DateOnly TermStart { get; init; }
    public DateOnly TermEnd { get; init; }
    public string TimeZone { get; init; } = "";
    public int? RenewalAmount { get; init; }
    public string? RenewalUnit { get; init; }
    public int Renewals { get; init; }
    public DateOnly? EndsOn { get; init; }
    public string? TerminationReason { get; init; }

    public AgreementTermRow Terms => new()
    {
        AgreementId = AgreementId, VersionNumber = VersionNumber, TermStart = TermStart, TermEnd = TermEnd, TimeZone = TimeZone,
        RenewalAmount = RenewalAmount, RenewalUnit = RenewalUnit, Renewals = Renewals, EndsOn = EndsOn, TerminationReason = TerminationReason,
    };
}

public sealed record AgreementRenewalRow
{
    public Guid AgreementId { get; init; }
    public DateOnly PreviousEnd { get; init; }
    public DateOnly NewEnd { get; init; }
    public int Periods { get; init; }
    public DateTimeOffset RenewedAt { get; init; }
}

[SqlCatalogue]
internal static class AgreementTermSql
{
    private const string TermColumns = """
        agreement_id, version_number, term_start, term_end, time_zone, renewal_amount, renewal_unit, renewals, ends_on, termination_reason,
        terminated_by, terminated_at
        """;

    public const string ById = "SELECT " + TermColumns + "\nFROM agreement_terms WHERE agreement_id = @AgreementId";

    public const string Insert = """
        INSERT INTO agreement_terms (agreement_id, version_number, term_start, term_end, time_zone, renewal_amount, renewal_unit, renewals, ends_on,
                                     termination_reason, terminated_by, terminated_at)
        VALUES (@AgreementId, @VersionNumber, @TermStart, @TermEnd, @TimeZone, @RenewalAmount, @RenewalUnit, @Renewals, @EndsOn,
                @TerminationReason, @TerminatedBy, @TerminatedAt)
        """;

    /// <summary>A later signed version replaces the term; a scheduled early end stays.</summary>
    public const string ReplaceTerm = """
        UPDATE agreement_terms
        SET version_number = @VersionNumber, term_start = @TermStart, term_end = @TermEnd, time_zone = @TimeZone, renewal_amount = @RenewalAmount,
            renewal_unit = @RenewalUnit, renewals = 0
        WHERE agreement_id = @AgreementId
        """;

    /// <summary>
    /// Every agreement whose start, end or early end may have come by @Horizon, the day after today in UTC: no zone is more
    /// than a day ahead of UTC, so this is a superset that the caller narrows in the agreement's own zone.
    /// </summary>
    public const string Due = """
        SELECT t.agreement_id, a.title, a.status, a.version AS revision, t.version_number, t.term_start, t.term_end, t.time_zone,
               t.renewal_amount, t.renewal_unit, t.renewals, t.ends_on, t.termination_reason
        FROM agreement_terms t JOIN agreements a ON a.id = t.agreement_id
        WHERE (a.status = @Signed AND (t.term_start <= @Horizon OR t.ends_on <= @Horizon))
           OR (a.status = @Active AND (t.term_end < @Horizon OR t.ends_on <= @Horizon))
        ORDER BY t.agreement_id
        """;

    public const string Renew = """
        UPDATE agreement_terms SET term_end = @NewEnd, renewals = renewals + @Periods
        WHERE agreement_id = @AgreementId AND term_end = @PreviousEnd
        """;

    public const string InsertRenewal = """
        INSERT INTO agreement_renewals (agreement_id, previous_end, new_end, periods, renewed_at)
        VALUES (@AgreementId, @PreviousEnd, @NewEnd, @Periods, @RenewedAt)
        """;

    public const string Renewals = """
        SELECT agreement_id, previous_end, new_end, periods, renewed_at FROM agreement_renewals WHERE agreement_id = @AgreementId ORDER BY previous_end
        """;

    /// <summary>Notice of non-renewal was given: the term no longer renews itself, so the lifecycle expires it at its end.</summary>
    public const string StopRenewal = "UPDATE agreement_terms SET renewal_amount = NULL, renewal_unit = NULL WHERE agreement_id = @AgreementId";

    public const string ScheduleEnd = """
        UPDATE agreement_terms SET ends_on = @EndsOn, termination_reason = @TerminationReason, terminated_by = @TerminatedBy, terminated_at = @TerminatedAt
        WHERE agreement_id = @AgreementId AND ends_on IS NULL
        """;
}

/// <summary>The signed term of each agreement, its tacit renewals and its early end.</summary>
public sealed class AgreementTermStore(Database database)
{
    public async Task<AgreementTermRow?> GetAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgreementTermRow>(new CommandDefinition(database.Sql(AgreementTermSql.ById),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken));
    }

    public async Task<AgreementTermRow?> GetAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken = default) =>
        await unit.Connection.QuerySingleOrDefaultAsync<AgreementTermRow>(new CommandDefinition(unit.Sql(AgreementTermSql.ById),
            new { AgreementId = agreementId }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Keeps a newly signed version's term: the first one inserted, a later one replacing the term (renewals start again).</summary>
    public async Task SaveSignedTermAsync(UnitOfWork unit, AgreementTermRow row, CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.ReplaceTerm), row, unit.Transaction,
                cancellationToken: cancellationToken)) == 0)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.Insert), row, unit.Transaction,
                cancellationToken: cancellationToken));
    }

    /// <summary>Signed and Active agreements whose start, end or early end may have come (see <see cref="AgreementTermSql.Due"/>).</summary>
    public async Task<IReadOnlyList<DueAgreementRow>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<DueAgreementRow>(new CommandDefinition(database.Sql(AgreementTermSql.Due), new
        {
            AgreementStatus.Signed, AgreementStatus.Active, Horizon = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1),
        }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Moves the term's end if it is still <paramref name="previousEnd"/> and records the renewal; false when another sweep did it.</summary>
    public async Task<bool> RenewAsync(UnitOfWork unit, Guid agreementId, DateOnly previousEnd, DateOnly newEnd, int periods, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var args = new { AgreementId = agreementId, PreviousEnd = previousEnd, NewEnd = newEnd, Periods = periods, RenewedAt = at };
        if (await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.Renew), args, unit.Transaction,
                cancellationToken: cancellationToken)) != 1)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.InsertRenewal), args, unit.Transaction,
            cancellationToken: cancellationToken));
        return true;
    }

    public async Task<IReadOnlyList<AgreementRenewalRow>> RenewalsAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementRenewalRow>(new CommandDefinition(database.Sql(AgreementTermSql.Renewals),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Takes the renewal term off, so the agreement expires after its current term instead of renewing itself.</summary>
    public async Task StopRenewalAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.StopRenewal), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Records the early end unless one is already recorded; false then.</summary>
    public async Task<bool> ScheduleEndAsync(UnitOfWork unit, Guid agreementId, DateOnly endsOn, string reason, string actor, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementTermSql.ScheduleEnd), new
        {
            AgreementId = agreementId, EndsOn = endsOn, TerminationReason = reason, TerminatedBy = actor, TerminatedAt = at,
        }, unit.Transaction, cancellationToken: cancellationToken)) == 1;
}
