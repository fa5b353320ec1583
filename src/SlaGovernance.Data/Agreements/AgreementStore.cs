using Dapper;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Data.Agreements;

/// <summary>A record, so a change is a copy made with <c>with</c>.</summary>
public sealed record AgreementRow
{
    public Guid Id { get; init; }
    public Guid? VendorId { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Category { get; init; }
    public string? Owner { get; init; }
    public string Status { get; init; } = AgreementStatus.Draft;
    public int CurrentVersion { get; init; }
    public DateOnly TermStart { get; init; }
    public DateOnly TermEnd { get; init; }
    public decimal MonthlyFee { get; init; }
    public string Currency { get; init; } = "";
    public decimal AnnualValue { get; init; }
    public string? CostCentre { get; init; }
    public string TimeZone { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>The listing columns, copied from a version's content.</summary>
    public static AgreementRow From(Guid id, AgreementContent content, string status, int currentVersion, string createdBy, DateTimeOffset createdAt,
        DateTimeOffset updatedAt, int version) => new()
    {
        Id = id,
        VendorId = content.VendorId,
        Kind = content.Kind.ToString(),
        Title = content.Title.Trim(),
        Category = content.Category,
        Owner = content.Owner,
        Status = status,
        CurrentVersion = currentVersion,
        TermStart = content.TermStart,
        TermEnd = content.TermEnd,
        MonthlyFee = content.MonthlyFee,
        Currency = content.Currency,
        AnnualValue = content.AnnualValue,
        CostCentre = content.CostCentre,
        TimeZone = content.TimeZone,
        CreatedBy = createdBy,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
        Version = version,
    };
}

/// <summary>A record, so a change is a copy made with <c>with</c>.</summary>
public sealed record AgreementVersionRow
{
    public Guid AgreementId { get; init; }
    public int Number { get; init; }
    public string Status { get; init; } = AgreementVersionStatus.Draft;
    public string Content { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public int Round { get; init; }
    public Guid? WorkflowId { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }

    public AgreementContent Parsed => AgreementContent.FromJson(Content);

    /// <summary>A new draft version holding <paramref name="content"/>.</summary>
    public static AgreementVersionRow Draft(Guid agreementId, int number, AgreementContent content, string actor, DateTimeOffset now) => new()
    {
        AgreementId = agreementId, Number = number, Status = AgreementVersionStatus.Draft, Content = content.ToJson(), ContentHash = content.ContentHash(),
        Round = 0, CreatedBy = actor, CreatedAt = now, UpdatedBy = actor, UpdatedAt = now,
    };

    /// <summary>Only a draft (or one sent back for changes) can be edited; anything submitted or decided is frozen.</summary>
    public bool IsEditable => AgreementVersionStatus.IsEditable(Status);
}

public sealed record AgreementQuery(string? Search, string? Status, PageRequest Page);

[SqlCatalogue]
internal static class AgreementSql
{
    public const string Columns = """
        SELECT id, vendor_id, kind, title, category, owner, status, current_version, term_start, term_end, monthly_fee, currency,
               annual_value, cost_centre, time_zone, created_by, created_at, updated_at, version
        FROM agreements
        """;

    public const string ById = Columns + "\nWHERE id = @Id";

    private const string Filter = """
        WHERE (@Pattern IS NULL OR UPPER(title) LIKE @Pattern ESCAPE '\')
          AND (@Status IS NULL OR status = @Status)
        """;

    public const string Page = Columns + "\n" + Filter + "\nORDER BY title, id {{page}}";

    public const string Count = "SELECT COUNT(*) FROM agreements\n" + Filter;

    public const string Insert = """
        INSERT INTO agreements (id, vendor_id, kind, title, category, owner, status, current_version, term_start, term_end, monthly_fee,
                                currency, annual_value, cost_centre, time_zone, created_by, created_at, updated_at, version)
        VALUES (@Id, @VendorId, @Kind, @Title, @Category, @Owner, @Status, @CurrentVersion, @TermStart, @TermEnd, @MonthlyFee,
                @Currency, @AnnualValue, @CostCentre, @TimeZone, @CreatedBy, @CreatedAt, @UpdatedAt, @Version)
        """;

    public const string Update = """
        UPDATE agreements
        SET vendor_id = @VendorId, kind = @Kind, title = @Title, category = @Category, owner = @Owner, current_version = @CurrentVersion, term_start = @TermStart, term_end = @TermEnd, monthly_fee = @MonthlyFee, currency = @Currency,
            annual_value = @AnnualValue, cost_centre = @CostCentre, time_zone = @TimeZone, updated_at = @UpdatedAt, version = @Version
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string VersionColumns = """
        SELECT agreement_id, number, status, content, content_hash, round, workflow_id, created_by, created_at, updated_by, updated_at,
               submitted_at, decided_at
        FROM agreement_versions
        """;

    public const string VersionByNumber = VersionColumns + "\nWHERE agreement_id = @AgreementId AND number = @Number";

    public const string Versions = VersionColumns + "\nWHERE agreement_id = @AgreementId ORDER BY number DESC";

    /// <summary>The versions whose signature is recorded, oldest first, each with the effective date of the approved change request that proposed it.</summary>
    public const string SignedVersions = """
        SELECT v.number, v.content, s.signed_on, c.effective_on
        FROM agreement_versions v JOIN agreement_signatures s ON s.agreement_id = v.agreement_id AND s.version_number = v.number
        LEFT JOIN change_requests c ON c.agreement_id = v.agreement_id AND c.proposed_version = v.number AND c.status = 'Approved'
        WHERE v.agreement_id = @AgreementId ORDER BY v.number
        """;

    public const string InsertVersion = """
        INSERT INTO agreement_versions (agreement_id, number, status, content, content_hash, round, workflow_id, created_by, created_at,
                                        updated_by, updated_at, submitted_at, decided_at)
        VALUES (@AgreementId, @Number, @Status, @Content, @ContentHash, @Round, @WorkflowId, @CreatedBy, @CreatedAt, @UpdatedBy, @UpdatedAt,
                @SubmittedAt, @DecidedAt)
        """;

    public const string UpdateVersion = """
        UPDATE agreement_versions
        SET content = @Content, content_hash = @ContentHash, round = @Round, workflow_id = @WorkflowId,
            updated_by = @UpdatedBy, updated_at = @UpdatedAt, submitted_at = @SubmittedAt, decided_at = @DecidedAt
        WHERE agreement_id = @AgreementId AND number = @Number
        """;

    /// <summary>Guarded by the status the caller saw; a decision also stamps when it was made.</summary>
    public const string ChangeVersionStatus = """
        UPDATE agreement_versions SET status = @To, updated_by = @By, updated_at = @At, decided_at = COALESCE(@DecidedAt, decided_at)
        WHERE agreement_id = @AgreementId AND number = @Number AND status = @From
        """;

    /// <summary>Guarded by the status the caller saw, so of two sweepers deciding the same change one makes it.</summary>
    public const string ChangeStatus = """
        UPDATE agreements SET status = @To, updated_at = @At, version = version + 1 WHERE id = @Id AND status = @From
        """;

    public const string RecordStatusChange = """
        INSERT INTO agreement_status_changes (idempotency_key, agreement_id, status, at) VALUES (@Key, @AgreementId, @Status, @At)
        """;

    public const string StatusChangeExists = "SELECT COUNT(*) FROM agreement_status_changes WHERE idempotency_key = @Key";

    /// <summary>The versions in a status whose current round was submitted by a person, latest change first.</summary>
    public const string SubmittedByInStatus = """
        SELECT v.agreement_id, v.number, v.status, v.content, v.content_hash, v.round, v.workflow_id, v.created_by, v.created_at, v.updated_by,
               v.updated_at, v.submitted_at, v.decided_at
        FROM agreement_versions v
        JOIN agreement_submissions s ON s.agreement_id = v.agreement_id AND s.version_number = v.number AND s.round = v.round
        WHERE v.status = @Status AND s.submitted_by = @SubmittedBy
        ORDER BY v.updated_at DESC
        """;

    public const string InsertSubmission = """
        INSERT INTO agreement_submissions (agreement_id, version_number, round, content, content_hash, submitted_by, submitted_at)
        VALUES (@AgreementId, @VersionNumber, @Round, @Content, @ContentHash, @SubmittedBy, @SubmittedAt)
        """;

    public const string InsertEditorUnlessExists = """
        INSERT INTO agreement_version_editors (agreement_id, version_number, user_name, part, first_at)
        SELECT @AgreementId, @VersionNumber, @UserName, @Part, @At
        WHERE NOT EXISTS (SELECT 1 FROM agreement_version_editors
                          WHERE agreement_id = @AgreementId AND version_number = @VersionNumber AND user_name = @UserName AND part = @Part)
        """;

    public const string ApprovedVersions = """
        SELECT COUNT(*) FROM agreement_versions WHERE agreement_id = @AgreementId AND status IN ('Approved', 'Superseded')
        """;

    public const string Editors = """
        SELECT DISTINCT user_name FROM agreement_version_editors WHERE agreement_id = @AgreementId AND version_number = @VersionNumber
        """;

    public const string Submissions = """
        SELECT agreement_id, version_number, round, content, content_hash, submitted_by, submitted_at
        FROM agreement_submissions WHERE agreement_id = @AgreementId ORDER BY version_number, round
        """;
}

/// <summary>How a person took part in a version, as recorded in <c>agreement_version_editors</c>.</summary>
public static class VersionParts
{
    public const string Drafted = "Drafted";
    public const string Edited = "Edited";
    public const string Submitted = "Submitted";
}

/// <summary>The content of one round as it was submitted.</summary>
public sealed record AgreementSubmissionRow
{
    public Guid AgreementId { get; init; }
    public int VersionNumber { get; init; }
    public int Round { get; init; }
    public string Content { get; init; } = "";
    public string ContentHash { get; init; } = "";
    public string SubmittedBy { get; init; } = "";
    public DateTimeOffset SubmittedAt { get; init; }
}

/// <summary>Agreements (one row each, the listing copy) and their versions (the content documents).</summary>
public sealed class AgreementStore(Database database)
{
    public async Task<AgreementRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgreementRow>(new CommandDefinition(database.Sql(AgreementSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public async Task<AgreementRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        await unit.Connection.QuerySingleOrDefaultAsync<AgreementRow>(new CommandDefinition(unit.Sql(AgreementSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<Page<AgreementRow>> ListAsync(AgreementQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { Pattern = LikePattern.Contains(query.Search), Status = string.IsNullOrWhiteSpace(query.Status) ? null : query.Status,
            query.Page.Offset, Limit = query.Page.PageSize };
        var rows = (await connection.QueryAsync<AgreementRow>(new CommandDefinition(database.Sql(AgreementSql.Page), args,
            cancellationToken: cancellationToken))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(AgreementSql.Count), args,
            cancellationToken: cancellationToken));
        return new Page<AgreementRow>(rows, query.Page.Page, query.Page.PageSize, total);
    }

    public async Task InsertAsync(UnitOfWork unit, AgreementRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>
    /// Saves the listing copy if the row is still at <paramref name="expectedVersion"/>; false when someone else saved first. The
    /// status is not written here: it moves only through <see cref="ChangeStatusAsync"/>.
    /// </summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, AgreementRow row, int expectedVersion, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.Update), new
        {
            row.Id, row.VendorId, row.Kind, row.Title, row.Category, row.Owner, row.CurrentVersion, row.TermStart, row.TermEnd,
            row.MonthlyFee, row.Currency, row.AnnualValue, row.CostCentre, row.TimeZone, row.UpdatedAt, row.Version, ExpectedVersion = expectedVersion,
        }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public async Task<AgreementVersionRow?> GetVersionAsync(Guid agreementId, int number, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AgreementVersionRow>(new CommandDefinition(database.Sql(AgreementSql.VersionByNumber),
            new { AgreementId = agreementId, Number = number }, cancellationToken: cancellationToken));
    }

    public async Task<AgreementVersionRow?> GetVersionAsync(UnitOfWork unit, Guid agreementId, int number, CancellationToken cancellationToken = default) =>
        await unit.Connection.QuerySingleOrDefaultAsync<AgreementVersionRow>(new CommandDefinition(unit.Sql(AgreementSql.VersionByNumber),
            new { AgreementId = agreementId, Number = number }, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<AgreementVersionRow>> VersionsAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementVersionRow>(new CommandDefinition(database.Sql(AgreementSql.Versions),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The versions in <paramref name="status"/> whose current round <paramref name="submittedBy"/> submitted, latest change first.</summary>
    public async Task<IReadOnlyList<AgreementVersionRow>> SubmittedByAsync(string submittedBy, string status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementVersionRow>(new CommandDefinition(database.Sql(AgreementSql.SubmittedByInStatus),
            new { Status = status, SubmittedBy = submittedBy }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The versions that were signed, oldest first: what <see cref="GoverningVersion"/> chooses from.</summary>
    public async Task<IReadOnlyList<SignedVersion>> SignedVersionsAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SignedVersionRow>(new CommandDefinition(database.Sql(AgreementSql.SignedVersions),
                new { AgreementId = agreementId }, cancellationToken: cancellationToken)))
            .Select(v => SignedVersion.Of(v.Number, AgreementContent.FromJson(v.Content), v.SignedOn, v.EffectiveOn)).ToList();
    }

    /// <summary>The vendor whose token may send raw data to the agreement now (<see cref="GoverningVersion.VendorScope"/>).</summary>
    public async Task<Guid?> VendorScopeAsync(Guid agreementId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var first = await GetVersionAsync(agreementId, 1, cancellationToken);
        return GoverningVersion.VendorScope(await SignedVersionsAsync(agreementId, cancellationToken), NodaTime.Instant.FromDateTimeOffset(now),
            first?.Parsed.VendorId);
    }

    private sealed record SignedVersionRow
    {
        public int Number { get; init; }
        public string Content { get; init; } = "";
        public DateOnly SignedOn { get; init; }
        public DateOnly? EffectiveOn { get; init; }
    }

    /// <summary>
    /// Drafts version <paramref name="number"/> copied from <paramref name="from"/> and moves the listing copy to it, in the caller's
    /// transaction; null when the agreement moved on since <paramref name="agreement"/> was read. A version stored before objectives
    /// had keys gives its objectives keys now; later versions keep them.
    /// </summary>
    public async Task<(AgreementRow Row, AgreementVersionRow Draft)?> DraftNextVersionAsync(UnitOfWork unit, AgreementRow agreement, int number,
        AgreementContent from, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var draft = AgreementVersionRow.Draft(agreement.Id, number, from.WithObjectiveKeys(), actor, now);
        var row = AgreementRow.From(agreement.Id, from, agreement.Status, number, agreement.CreatedBy, agreement.CreatedAt, now, agreement.Version + 1);
        if (!await UpdateAsync(unit, row, agreement.Version, cancellationToken))
            return null;
        await InsertVersionAsync(unit, draft, cancellationToken);
        return (row, draft);
    }

    /// <summary>
    /// Puts a draft into approval as its next round, in the caller's transaction: its status, round and submission time, the
    /// submitter among its editors, and the round's content as submitted. Null when its status moved since it was read.
    /// </summary>
    public async Task<AgreementVersionRow?> SubmitRoundAsync(UnitOfWork unit, AgreementVersionRow version, string actor, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (!await ChangeVersionStatusAsync(unit, version.AgreementId, version.Number, version.Status, AgreementVersionStatus.InApproval, actor, now, null,
                cancellationToken))
            return null;
        var submitted = version with
        {
            Status = AgreementVersionStatus.InApproval, Round = version.Round + 1, WorkflowId = null, UpdatedBy = actor, UpdatedAt = now, SubmittedAt = now,
        };
        await UpdateVersionAsync(unit, submitted, cancellationToken);
        await RecordEditorAsync(unit, version.AgreementId, version.Number, actor, VersionParts.Submitted, now, cancellationToken);
        await InsertSubmissionAsync(unit, new AgreementSubmissionRow
        {
            AgreementId = version.AgreementId, VersionNumber = version.Number, Round = submitted.Round, Content = version.Content,
            ContentHash = version.ContentHash, SubmittedBy = actor, SubmittedAt = now,
        }, cancellationToken);
        return submitted;
    }

    /// <summary>Inserts a version and records its creator as its drafter.</summary>
    public async Task InsertVersionAsync(UnitOfWork unit, AgreementVersionRow row, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.InsertVersion), row, unit.Transaction,
            cancellationToken: cancellationToken));
        await RecordEditorAsync(unit, row.AgreementId, row.Number, row.CreatedBy, VersionParts.Drafted, row.CreatedAt, cancellationToken);
    }

    /// <summary>Saves a version's content and round; its status moves only through <see cref="ChangeVersionStatusAsync"/>.</summary>
    public async Task UpdateVersionAsync(UnitOfWork unit, AgreementVersionRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.UpdateVersion), row, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task InsertSubmissionAsync(UnitOfWork unit, AgreementSubmissionRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.InsertSubmission), row, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Records that <paramref name="userName"/> took part in a version (<see cref="VersionParts"/>), once per part.</summary>
    public async Task RecordEditorAsync(UnitOfWork unit, Guid agreementId, int versionNumber, string userName, string part, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.InsertEditorUnlessExists),
            new { AgreementId = agreementId, VersionNumber = versionNumber, UserName = userName, Part = part, At = at }, unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Everyone who drafted, edited or submitted the version: segregation of duties keeps them from deciding it.</summary>
    public async Task<IReadOnlyList<string>> EditorsAsync(Guid agreementId, int versionNumber, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(AgreementSql.Editors),
            new { AgreementId = agreementId, VersionNumber = versionNumber }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Every round ever submitted, oldest first.</summary>
    public async Task<IReadOnlyList<AgreementSubmissionRow>> SubmissionsAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AgreementSubmissionRow>(new CommandDefinition(database.Sql(AgreementSql.Submissions),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Moves the agreement from <paramref name="from"/> to <paramref name="to"/>, as <see cref="AgreementStatus.Lifecycle"/> allows;
    /// false when its status is no longer <paramref name="from"/>. A move the lifecycle refuses is a fault in the caller and throws.
    /// </summary>
    public async Task<bool> ChangeStatusAsync(UnitOfWork unit, Guid id, string from, string to, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (AgreementStatus.Lifecycle.Move(from, to).Refusal is { } refusal)
            throw new InvalidOperationException($"Agreement {id}: {refusal}");
        return await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.ChangeStatus), new { Id = id, From = from, To = to, At = at },
            unit.Transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Moves a version from <paramref name="from"/> to <paramref name="to"/>, as <see cref="AgreementVersionStatus.Lifecycle"/>
    /// allows; false when its status is no longer <paramref name="from"/>. <paramref name="decidedAt"/> stamps a decision.
    /// </summary>
    public async Task<bool> ChangeVersionStatusAsync(UnitOfWork unit, Guid agreementId, int number, string from, string to, string by,
        DateTimeOffset at, DateTimeOffset? decidedAt, CancellationToken cancellationToken)
    {
        if (AgreementVersionStatus.Lifecycle.Move(from, to).Refusal is { } refusal)
            throw new InvalidOperationException($"Agreement {agreementId} version {number}: {refusal}");
        return await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.ChangeVersionStatus), new
        {
            AgreementId = agreementId, Number = number, From = from, To = to, By = by, At = at, DecidedAt = decidedAt,
        }, unit.Transaction, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Whether any version was ever approved (approved or superseded since): such an agreement changes only by change request.</summary>
    public async Task<bool> HasApprovedVersionAsync(Guid agreementId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(AgreementSql.ApprovedVersions),
            new { AgreementId = agreementId }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> HasApprovedVersionAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(AgreementSql.ApprovedVersions), new { AgreementId = agreementId },
            unit.Transaction, cancellationToken: cancellationToken)) > 0;

    /// <summary>Records a workflow step's status change under its key; false if that step already made it.</summary>
    public async Task<bool> RecordStatusChangeAsync(UnitOfWork unit, string key, Guid agreementId, string status, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (await unit.Connection.ExecuteScalarAsync<long>(new CommandDefinition(unit.Sql(AgreementSql.StatusChangeExists), new { Key = key },
                unit.Transaction, cancellationToken: cancellationToken)) > 0)
            return false;
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(AgreementSql.RecordStatusChange),
            new { Key = key, AgreementId = agreementId, Status = status, At = at }, unit.Transaction, cancellationToken: cancellationToken));
        return true;
    }
}
