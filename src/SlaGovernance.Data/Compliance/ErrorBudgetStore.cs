using Dapper;
using SlaGovernance.Data.RawData;

namespace SlaGovernance.Data.Compliance;

/// <summary>An objective's error budget over one window, as it stood at <see cref="DataTime"/>; durations in milliseconds.</summary>
public sealed record ErrorBudgetRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string ObjectiveKey { get; init; } = "";
    public string Service { get; init; } = "";
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public int VersionNumber { get; init; }
    public double TargetPercent { get; init; }
    public bool HasBudget { get; init; }
    public long BudgetMs { get; init; }
    public long ConsumedMs { get; init; }
    public long RemainingMs { get; init; }
    public DateTimeOffset DataTime { get; init; }

    /// <summary>JSON: each look-back's burn rate at the data time, e.g. <c>{"1h": 2.5}</c>.</summary>
    public string BurnRates { get; init; } = "{}";

    /// <summary>JSON: the remaining budget (ms) at the end of each day of the window up to the data time, for the chart.</summary>
    public string Points { get; init; } = "[]";

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The share of the budget left, in percent (below zero once overspent); null without a budget.</summary>
    public decimal? RemainingPercent => HasBudget && BudgetMs > 0 ? RemainingMs * 100m / BudgetMs : null;
}

/// <summary>One burn-rate alert episode of an objective, stored once with the email that reported it.</summary>
public sealed record ErrorBudgetEpisodeRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string ObjectiveKey { get; init; } = "";
    public string Service { get; init; } = "";
    public string Alert { get; init; } = "";
    public string Severity { get; init; } = "";
    public double Factor { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public bool Late { get; init; }
    public double? LongRate { get; init; }
    public double? ShortRate { get; init; }
    public long RemainingMs { get; init; }
    public long BudgetMs { get; init; }
    public Guid? UploadId { get; init; }
    public DateTimeOffset FoundAt { get; init; }
}

/// <summary>An agreement's error-budget policy triggered for one objective's window, with what it asked for.</summary>
public sealed record ErrorBudgetExhaustionRow
{
    public Guid Id { get; init; }
    public Guid AgreementId { get; init; }
    public string ObjectiveKey { get; init; } = "";
    public string Service { get; init; } = "";
    public DateTimeOffset WindowStart { get; init; }
    public DateTimeOffset WindowEnd { get; init; }
    public int VersionNumber { get; init; }
    public DateTimeOffset TriggeredAt { get; init; }
    public long BudgetMs { get; init; }
    public long RemainingMs { get; init; }
    public bool ChangesFrozen { get; init; }
    public bool BoardNotified { get; init; }
    public bool BreachReviewRequired { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>The first and last instant of one service's rows in an upload.</summary>
public sealed record UploadSpanRow
{
    public string Service { get; init; } = "";
    public DateTimeOffset First { get; init; }
    public DateTimeOffset Last { get; init; }
}

internal sealed record ProbeRow
{
    public DateTimeOffset ObservedAt { get; init; }
    public bool Up { get; init; }
}

internal sealed record InstantRow
{
    public DateTimeOffset? At { get; init; }
}

[SqlCatalogue]
internal static class ErrorBudgetSql
{
    public const string BudgetColumns = """
        SELECT id, agreement_id, objective_key, service, window_start, window_end, version_number, target_percent, has_budget, budget_ms, consumed_ms,
               remaining_ms, data_time, burn_rates, points, updated_at
        FROM error_budgets
        """;

    public const string BudgetsOfAgreement = BudgetColumns + "\nWHERE agreement_id = @AgreementId ORDER BY objective_key, window_start";

    public const string BudgetOfWindow = BudgetColumns + "\nWHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND window_start = @WindowStart";

    /// <summary>The budgets whose windows hold <c>@Now</c>, with a budget: what the home page weighs for risk.</summary>
    public const string CurrentBudgets = BudgetColumns + "\nWHERE window_start <= @Now AND window_end > @Now AND has_budget = @HasBudget ORDER BY agreement_id, objective_key";

    public const string InsertBudget = """
        INSERT INTO error_budgets (id, agreement_id, objective_key, service, window_start, window_end, version_number, target_percent, has_budget, budget_ms,
            consumed_ms, remaining_ms, data_time, burn_rates, points, updated_at)
        VALUES (@Id, @AgreementId, @ObjectiveKey, @Service, @WindowStart, @WindowEnd, @VersionNumber, @TargetPercent, @HasBudget, @BudgetMs,
            @ConsumedMs, @RemainingMs, @DataTime, @BurnRates, @Points, @UpdatedAt)
        """;

    public const string UpdateBudget = """
        UPDATE error_budgets SET service = @Service, window_end = @WindowEnd, version_number = @VersionNumber, target_percent = @TargetPercent,
            has_budget = @HasBudget, budget_ms = @BudgetMs, consumed_ms = @ConsumedMs, remaining_ms = @RemainingMs, data_time = @DataTime,
            burn_rates = @BurnRates, points = @Points, updated_at = @UpdatedAt
        WHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND window_start = @WindowStart
        """;

    /// <summary>The newest data time any budget of the objective stands at: data older than it is late.</summary>
    public const string Watermark = """
        SELECT MAX(data_time) AS at FROM error_budgets WHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey
        """;

    public const string EpisodeColumns = """
        SELECT id, agreement_id, objective_key, service, alert, severity, factor, started_at, resolved_at, late, long_rate, short_rate, remaining_ms,
               budget_ms, upload_id, found_at
        FROM error_budget_episodes
        """;

    public const string EpisodesFrom = EpisodeColumns
        + "\nWHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND (resolved_at IS NULL OR resolved_at >= @From) ORDER BY started_at";

    public const string EpisodesOfAgreement = EpisodeColumns + "\nWHERE agreement_id = @AgreementId ORDER BY started_at DESC, alert";

    public const string OpenEpisodes = EpisodeColumns + "\nWHERE resolved_at IS NULL ORDER BY started_at, agreement_id, alert";

    public const string EpisodeExists = """
        SELECT COUNT(*) FROM error_budget_episodes
        WHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND alert = @Alert AND started_at = @StartedAt
        """;

    public const string InsertEpisode = """
        INSERT INTO error_budget_episodes (id, agreement_id, objective_key, service, alert, severity, factor, started_at, resolved_at, late, long_rate,
            short_rate, remaining_ms, budget_ms, upload_id, found_at)
        VALUES (@Id, @AgreementId, @ObjectiveKey, @Service, @Alert, @Severity, @Factor, @StartedAt, @ResolvedAt, @Late, @LongRate,
            @ShortRate, @RemainingMs, @BudgetMs, @UploadId, @FoundAt)
        """;

    public const string ResolveEpisode = """
        UPDATE error_budget_episodes SET resolved_at = @ResolvedAt
        WHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND alert = @Alert AND started_at = @StartedAt AND resolved_at IS NULL
        """;

    public const string ExhaustionColumns = """
        SELECT id, agreement_id, objective_key, service, window_start, window_end, version_number, triggered_at, budget_ms, remaining_ms, changes_frozen,
               board_notified, breach_review_required, recorded_at
        FROM error_budget_exhaustions
        """;

    public const string ExhaustionsOfAgreement = ExhaustionColumns + "\nWHERE agreement_id = @AgreementId ORDER BY window_start, objective_key";

    public const string ExhaustionOfWindow = ExhaustionColumns
        + "\nWHERE agreement_id = @AgreementId AND objective_key = @ObjectiveKey AND window_start = @WindowStart";

    /// <summary>Exhaustions whose policy froze changes and whose window has not ended.</summary>
    public const string Freezes = ExhaustionColumns
        + "\nWHERE agreement_id = @AgreementId AND changes_frozen = @Frozen AND window_end > @Now ORDER BY triggered_at";

    public const string InsertExhaustion = """
        INSERT INTO error_budget_exhaustions (id, agreement_id, objective_key, service, window_start, window_end, version_number, triggered_at, budget_ms,
            remaining_ms, changes_frozen, board_notified, breach_review_required, recorded_at)
        VALUES (@Id, @AgreementId, @ObjectiveKey, @Service, @WindowStart, @WindowEnd, @VersionNumber, @TriggeredAt, @BudgetMs,
            @RemainingMs, @ChangesFrozen, @BoardNotified, @BreachReviewRequired, @RecordedAt)
        """;

    public const string ProbeSpans = """
        SELECT service, MIN(observed_at) AS first, MAX(observed_at) AS last FROM probe_samples WHERE upload_id = @UploadId GROUP BY service
        """;

    public const string OutageSpans = """
        SELECT service, MIN(started_at) AS first, MAX(ended_at) AS last FROM outages WHERE upload_id = @UploadId GROUP BY service
        """;

    public const string NewestProbeBefore = """
        SELECT MAX(observed_at) AS at FROM probe_samples WHERE agreement_id = @AgreementId AND service = @Service AND observed_at < @Before
        """;

    public const string NewestOutageBefore = """
        SELECT MAX(ended_at) AS at FROM outages WHERE agreement_id = @AgreementId AND service = @Service AND started_at < @Before
        """;
}

/// <summary>
/// Stored error budgets, burn-rate alert episodes and error-budget policy triggers. Writes happen in the caller's unit of work,
/// under a lock per agreement and objective, so two nodes evaluating the same objective at once do not both report an episode.
/// </summary>
public sealed class ErrorBudgetStore(Database database)
{
    public static string LockName(Guid agreementId, string objectiveKey) => $"error-budget:{agreementId:N}:{objectiveKey}";

    public Task LockAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, CancellationToken cancellationToken) =>
        database.Dialect.AcquireTransactionLockAsync(unit.Transaction, LockName(agreementId, objectiveKey), cancellationToken);

    public async Task<IReadOnlyList<ErrorBudgetRow>> OfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.BudgetsOfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<ErrorBudgetRow>> CurrentAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.CurrentBudgets),
            new { Now = now, HasBudget = true }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<DateTimeOffset?> WatermarkAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, CancellationToken cancellationToken) =>
        (await unit.Connection.QuerySingleAsync<InstantRow>(new CommandDefinition(unit.Sql(ErrorBudgetSql.Watermark),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey }, unit.Transaction, cancellationToken: cancellationToken))).At;

    public async Task<DateTimeOffset?> WatermarkAsync(Guid agreementId, string objectiveKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleAsync<InstantRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.Watermark),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey }, cancellationToken: cancellationToken))).At;
    }

    /// <summary>Stores the budget of the row's window, replacing what an earlier evaluation stored for it.</summary>
    public async Task SaveAsync(UnitOfWork unit, ErrorBudgetRow row, CancellationToken cancellationToken)
    {
        var updated = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ErrorBudgetSql.UpdateBudget), row, unit.Transaction,
            cancellationToken: cancellationToken));
        if (updated == 0)
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ErrorBudgetSql.InsertBudget), row, unit.Transaction,
                cancellationToken: cancellationToken));
    }

    public async Task<ErrorBudgetRow?> BudgetAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, DateTimeOffset windowStart,
        CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ErrorBudgetRow>(new CommandDefinition(unit.Sql(ErrorBudgetSql.BudgetOfWindow),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey, WindowStart = windowStart }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>The objective's episodes still open, or resolved at or after <paramref name="from"/>.</summary>
    public async Task<IReadOnlyList<ErrorBudgetEpisodeRow>> EpisodesFromAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, DateTimeOffset from,
        CancellationToken cancellationToken) =>
        (await unit.Connection.QueryAsync<ErrorBudgetEpisodeRow>(new CommandDefinition(unit.Sql(ErrorBudgetSql.EpisodesFrom),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey, From = from }, unit.Transaction, cancellationToken: cancellationToken))).ToList();

    public async Task<IReadOnlyList<ErrorBudgetEpisodeRow>> EpisodesOfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetEpisodeRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.EpisodesOfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<ErrorBudgetEpisodeRow>> OpenEpisodesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetEpisodeRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.OpenEpisodes),
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Inserts the episode unless one with its agreement, objective, alert and start exists; true when it was new.</summary>
    public async Task<bool> InsertEpisodeAsync(UnitOfWork unit, ErrorBudgetEpisodeRow row, CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(ErrorBudgetSql.EpisodeExists), row, unit.Transaction,
                cancellationToken: cancellationToken)) > 0)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ErrorBudgetSql.InsertEpisode), row, unit.Transaction,
            cancellationToken: cancellationToken));
        return true;
    }

    public async Task<bool> ResolveEpisodeAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, string alert, DateTimeOffset startedAt,
        DateTimeOffset resolvedAt, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ErrorBudgetSql.ResolveEpisode),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey, Alert = alert, StartedAt = startedAt, ResolvedAt = resolvedAt },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<ErrorBudgetExhaustionRow?> ExhaustionAsync(UnitOfWork unit, Guid agreementId, string objectiveKey, DateTimeOffset windowStart,
        CancellationToken cancellationToken) =>
        await unit.Connection.QuerySingleOrDefaultAsync<ErrorBudgetExhaustionRow>(new CommandDefinition(unit.Sql(ErrorBudgetSql.ExhaustionOfWindow),
            new { AgreementId = agreementId, ObjectiveKey = objectiveKey, WindowStart = windowStart }, unit.Transaction, cancellationToken: cancellationToken));

    public Task InsertExhaustionAsync(UnitOfWork unit, ErrorBudgetExhaustionRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(ErrorBudgetSql.InsertExhaustion), row, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Every policy trigger of the agreement: what the month-end close reads to require a breach review.</summary>
    public async Task<IReadOnlyList<ErrorBudgetExhaustionRow>> ExhaustionsOfAgreementAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetExhaustionRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.ExhaustionsOfAgreement),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The triggers that freeze the agreement's changes at <paramref name="now"/>: their policy froze changes and their window lasts.</summary>
    public async Task<IReadOnlyList<ErrorBudgetExhaustionRow>> FreezesAsync(Guid agreementId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ErrorBudgetExhaustionRow>(new CommandDefinition(database.Sql(ErrorBudgetSql.Freezes),
            new { AgreementId = agreementId, Frozen = true, Now = now }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Each service's first and last data instant in an upload of probe samples or outages (for outages, the last end).</summary>
    public async Task<IReadOnlyList<UploadSpanRow>> UploadSpansAsync(Guid uploadId, bool probes, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<UploadSpanRow>(new CommandDefinition(database.Sql(probes ? ErrorBudgetSql.ProbeSpans : ErrorBudgetSql.OutageSpans),
            new { UploadId = uploadId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The newest instant of the service's data before <paramref name="before"/>: its last probe sample, or the last end of an outage.</summary>
    public async Task<DateTimeOffset?> NewestBeforeAsync(Guid agreementId, string service, bool probes, DateTimeOffset before,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QuerySingleAsync<InstantRow>(new CommandDefinition(database.Sql(probes ? ErrorBudgetSql.NewestProbeBefore : ErrorBudgetSql.NewestOutageBefore),
            new { AgreementId = agreementId, Service = service, Before = before }, cancellationToken: cancellationToken))).At;
    }

    /// <summary>The service's probe samples in [from, to), in time order.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset At, bool Up)>> ProbeSamplesAsync(Guid agreementId, string service, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. (await connection.QueryAsync<ProbeRow>(new CommandDefinition(database.Sql(ComplianceInputSql.ProbeSamples),
            new { AgreementId = agreementId, Service = service, From = from, To = to }, cancellationToken: cancellationToken))).Select(r => (r.ObservedAt, r.Up))];
    }
}
