using Dapper;

namespace SlaGovernance.Data.Audits;

/// <summary>An audit of a vendor under one agreement's audit rights.</summary>
public sealed record VendorAuditRow
{
    public Guid Id { get; init; }
    public int Number { get; init; }
    public Guid VendorId { get; init; }
    public string VendorName { get; init; } = "";
    public Guid AgreementId { get; init; }
    public string AgreementTitle { get; init; } = "";
    public string Status { get; init; } = "";
    public string LeadUser { get; init; } = "";
    public string Scope { get; init; } = "";

    /// <summary>Comma-separated periods to recompute: 2027-01,2027-Q1.</summary>
    public string Periods { get; init; } = "";

    /// <summary>The documents asked of the vendor, one a line.</summary>
    public string Items { get; init; } = "";
    public DateOnly FieldworkOn { get; init; }
    public int NoticeDays { get; init; }
    public string TimeZone { get; init; } = "";
    public bool Scheduled { get; init; }
    public Guid? EvidenceRequestId { get; init; }
    public Guid? WorkflowId { get; init; }
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? Recomputation { get; init; }
    public int Version { get; init; }

    public string Reference => $"AUD-{Number}";

    public IReadOnlyList<string> PeriodList => Periods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IReadOnlyList<string> ItemList => Items.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed record AuditDocumentRow
{
    public Guid Id { get; init; }
    public Guid AuditId { get; init; }
    public string Kind { get; init; } = "";
    public string FileName { get; init; } = "";
    public byte[] Content { get; init; } = [];
    public string Sha256 { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed record FindingRow
{
    public Guid Id { get; init; }
    public Guid AuditId { get; init; }
    public int Number { get; init; }
    public string Title { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Concerns { get; init; } = "";
    public string Evidence { get; init; } = "";
    public Guid? EvidenceFileId { get; init; }
    public string VendorOwner { get; init; } = "";
    public string ActionText { get; init; } = "";
    public DateOnly ActionDueOn { get; init; }
    public string ActionOwner { get; init; } = "";
    public string Status { get; init; } = "";
    public int EscalationLevel { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    public string? ClosedBy { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosingNote { get; init; }
    public int Version { get; init; }
}

/// <summary>A finding with the audit it belongs to, as registers and sweeps read it.</summary>
public sealed record FindingRegisterRow
{
    public Guid Id { get; init; }
    public Guid AuditId { get; init; }
    public int AuditNumber { get; init; }
    public Guid VendorId { get; init; }
    public string VendorName { get; init; } = "";
    public Guid AgreementId { get; init; }
    public string AgreementTitle { get; init; } = "";
    public string LeadUser { get; init; } = "";
    public int Number { get; init; }
    public string Title { get; init; } = "";
    public string Severity { get; init; } = "";
    public string Concerns { get; init; } = "";
    public string VendorOwner { get; init; } = "";
    public string ActionText { get; init; } = "";
    public DateOnly ActionDueOn { get; init; }
    public string ActionOwner { get; init; } = "";
    public string Status { get; init; } = "";
    public int EscalationLevel { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedBy { get; init; }

    public string Reference => $"AUD-{AuditNumber}/F{Number}";
}

public sealed record ActionUpdateRow
{
    public Guid Id { get; init; }
    public Guid FindingId { get; init; }
    public string UpdateText { get; init; } = "";
    public Guid? EvidenceFileId { get; init; }
    public string ByName { get; init; } = "";
    public bool ByVendor { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

[SqlCatalogue]
internal static class VendorAuditSql
{
    public const string Columns = """
        SELECT x.id, x.number, x.vendor_id, v.name AS vendor_name, x.agreement_id, a.title AS agreement_title, x.status, x.lead_user, x.scope,
               x.periods, x.items, x.fieldwork_on, x.notice_days, x.time_zone, x.scheduled, x.evidence_request_id, x.workflow_id, x.started_by,
               x.started_at, x.closed_at, x.recomputation, x.version
        FROM vendor_audits x JOIN vendors v ON v.id = x.vendor_id JOIN agreements a ON a.id = x.agreement_id
        """;

    public const string ById = Columns + "\nWHERE x.id = @Id";

    public const string OfVendor = Columns + "\nWHERE x.vendor_id = @VendorId ORDER BY x.fieldwork_on DESC, x.number DESC";

    public const string All = Columns + "\nORDER BY x.fieldwork_on DESC, x.number DESC";

    public const string LatestOfAgreement = Columns + "\nWHERE x.agreement_id = @AgreementId AND x.status <> @Cancelled ORDER BY x.fieldwork_on DESC, x.number DESC";

    public const string NextNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM vendor_audits";

    public const string Insert = """
        INSERT INTO vendor_audits (id, number, vendor_id, agreement_id, status, lead_user, scope, periods, items, fieldwork_on, notice_days, time_zone,
            scheduled, evidence_request_id, workflow_id, started_by, started_at, closed_at, recomputation, version)
        VALUES (@Id, @Number, @VendorId, @AgreementId, @Status, @LeadUser, @Scope, @Periods, @Items, @FieldworkOn, @NoticeDays, @TimeZone,
            @Scheduled, @EvidenceRequestId, @WorkflowId, @StartedBy, @StartedAt, @ClosedAt, @Recomputation, 1)
        """;

    public const string Update = """
        UPDATE vendor_audits
        SET status = @Status, evidence_request_id = @EvidenceRequestId, workflow_id = @WorkflowId, closed_at = @ClosedAt, recomputation = @Recomputation,
            version = version + 1
        WHERE id = @Id AND version = @Version
        """;

    public const string InsertDocument = """
        INSERT INTO vendor_audit_documents (id, audit_id, kind, file_name, content, sha256, created_by, created_at)
        VALUES (@Id, @AuditId, @Kind, @FileName, @Content, @Sha256, @CreatedBy, @CreatedAt)
        """;

    public const string DocumentOfKind = """
        SELECT id, audit_id, kind, file_name, content, sha256, created_by, created_at FROM vendor_audit_documents WHERE audit_id = @AuditId AND kind = @Kind
        """;

    public const string DocumentById = """
        SELECT id, audit_id, kind, file_name, content, sha256, created_by, created_at FROM vendor_audit_documents WHERE audit_id = @AuditId AND id = @Id
        """;

    public const string DocumentsOf = """
        SELECT id, audit_id, kind, file_name, sha256, created_by, created_at FROM vendor_audit_documents WHERE audit_id = @AuditId ORDER BY created_at, kind
        """;

    public const string FindingColumns = """
        SELECT id, audit_id, number, title, severity, concerns, evidence, evidence_file_id, vendor_owner, action_text, action_due_on, action_owner, status,
               escalation_level, recorded_by, recorded_at, closed_by, closed_at, closing_note, version
        FROM vendor_audit_findings
        """;

    public const string FindingsOf = FindingColumns + "\nWHERE audit_id = @AuditId ORDER BY number";

    public const string FindingById = FindingColumns + "\nWHERE id = @Id";

    public const string NextFindingNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM vendor_audit_findings WHERE audit_id = @AuditId";

    public const string InsertFinding = """
        INSERT INTO vendor_audit_findings (id, audit_id, number, title, severity, concerns, evidence, evidence_file_id, vendor_owner, action_text,
            action_due_on, action_owner, status, escalation_level, recorded_by, recorded_at, closed_by, closed_at, closing_note, version)
        VALUES (@Id, @AuditId, @Number, @Title, @Severity, @Concerns, @Evidence, @EvidenceFileId, @VendorOwner, @ActionText,
            @ActionDueOn, @ActionOwner, @Status, 0, @RecordedBy, @RecordedAt, NULL, NULL, NULL, 1)
        """;

    public const string MoveFinding = """
        UPDATE vendor_audit_findings SET status = @To, closed_by = @ClosedBy, closed_at = @ClosedAt, closing_note = @ClosingNote, version = version + 1
        WHERE id = @Id AND status = @From
        """;

    public const string RaiseEscalation = """
        UPDATE vendor_audit_findings SET escalation_level = @Level, version = version + 1 WHERE id = @Id AND escalation_level = @Level - 1
        """;

    public const string RegisterColumns = """
        SELECT f.id, f.audit_id, x.number AS audit_number, x.vendor_id, v.name AS vendor_name, x.agreement_id, a.title AS agreement_title, x.lead_user,
               f.number, f.title, f.severity, f.concerns, f.vendor_owner, f.action_text, f.action_due_on, f.action_owner, f.status, f.escalation_level,
               f.recorded_at, f.closed_at, f.closed_by
        FROM vendor_audit_findings f JOIN vendor_audits x ON x.id = f.audit_id JOIN vendors v ON v.id = x.vendor_id JOIN agreements a ON a.id = x.agreement_id
        """;

    public const string Register = RegisterColumns + "\nORDER BY x.number DESC, f.number";

    public const string RegisterOfVendor = RegisterColumns + "\nWHERE x.vendor_id = @VendorId ORDER BY x.number DESC, f.number";

    public const string Overdue = RegisterColumns + "\nWHERE f.status = @Open AND f.action_due_on < @Today ORDER BY f.action_due_on, f.id";

    public const string CountUnsettled = """
        SELECT COUNT(*) FROM vendor_audit_findings WHERE audit_id = @AuditId AND status IN (@Open, @Ready)
        """;

    public const string InsertUpdate = """
        INSERT INTO vendor_audit_action_updates (id, finding_id, update_text, evidence_file_id, by_name, by_vendor, updated_at)
        VALUES (@Id, @FindingId, @UpdateText, @EvidenceFileId, @ByName, @ByVendor, @UpdatedAt)
        """;

    public const string UpdatesOf = """
        SELECT u.id, u.finding_id, u.update_text, u.evidence_file_id, u.by_name, u.by_vendor, u.updated_at
        FROM vendor_audit_action_updates u JOIN vendor_audit_findings f ON f.id = u.finding_id
        WHERE f.audit_id = @AuditId ORDER BY u.updated_at, u.id
        """;
}

public sealed class VendorAuditStore(Database database)
{
    public async Task<VendorAuditRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VendorAuditRow>(new CommandDefinition(database.Sql(VendorAuditSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public Task<VendorAuditRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<VendorAuditRow>(new CommandDefinition(unit.Sql(VendorAuditSql.ById), new { Id = id }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<VendorAuditRow>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorAuditRow>(new CommandDefinition(database.Sql(VendorAuditSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<VendorAuditRow>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorAuditRow>(new CommandDefinition(database.Sql(VendorAuditSql.All), cancellationToken: cancellationToken)))
            .ToList();
    }

    /// <summary>The agreement's latest audit that was not cancelled, which the next scheduled one counts from.</summary>
    public async Task<VendorAuditRow?> LatestOfAgreementAsync(UnitOfWork unit, Guid agreementId, CancellationToken cancellationToken = default) =>
        (await unit.Connection.QueryAsync<VendorAuditRow>(new CommandDefinition(unit.Sql(VendorAuditSql.LatestOfAgreement),
            new { AgreementId = agreementId, Cancelled = Domain.Audits.VendorAuditStatus.Cancelled }, unit.Transaction,
            cancellationToken: cancellationToken))).FirstOrDefault();

    public Task<int> NextNumberAsync(UnitOfWork unit, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(VendorAuditSql.NextNumber), transaction: unit.Transaction,
            cancellationToken: cancellationToken));

    public Task InsertAsync(UnitOfWork unit, VendorAuditRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.Insert), new
        {
            row.Id, row.Number, row.VendorId, row.AgreementId, row.Status, row.LeadUser, row.Scope, row.Periods, row.Items, row.FieldworkOn, row.NoticeDays,
            row.TimeZone, row.Scheduled, row.EvidenceRequestId, row.WorkflowId, row.StartedBy, row.StartedAt, row.ClosedAt, row.Recomputation,
        }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Saves status, links and recomputation against the version read; false when someone changed it since.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, VendorAuditRow row, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.Update), new
        {
            row.Id, row.Status, row.EvidenceRequestId, row.WorkflowId, row.ClosedAt, row.Recomputation, row.Version,
        }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public Task<AuditDocumentRow?> DocumentOfKindAsync(UnitOfWork unit, Guid auditId, string kind, CancellationToken cancellationToken) =>
        unit.Connection.QuerySingleOrDefaultAsync<AuditDocumentRow>(new CommandDefinition(unit.Sql(VendorAuditSql.DocumentOfKind),
            new { AuditId = auditId, Kind = kind }, unit.Transaction, cancellationToken: cancellationToken));

    public Task InsertDocumentAsync(UnitOfWork unit, AuditDocumentRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.InsertDocument), row, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<AuditDocumentRow?> DocumentAsync(Guid auditId, Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AuditDocumentRow>(new CommandDefinition(database.Sql(VendorAuditSql.DocumentById),
            new { AuditId = auditId, Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>The audit's documents without their content.</summary>
    public async Task<IReadOnlyList<AuditDocumentRow>> DocumentsAsync(Guid auditId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AuditDocumentRow>(new CommandDefinition(database.Sql(VendorAuditSql.DocumentsOf), new { AuditId = auditId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<FindingRow>> FindingsAsync(Guid auditId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<FindingRow>(new CommandDefinition(database.Sql(VendorAuditSql.FindingsOf), new { AuditId = auditId },
            cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<FindingRow>> FindingsAsync(UnitOfWork unit, Guid auditId, CancellationToken cancellationToken = default) =>
        (await unit.Connection.QueryAsync<FindingRow>(new CommandDefinition(unit.Sql(VendorAuditSql.FindingsOf), new { AuditId = auditId }, unit.Transaction,
            cancellationToken: cancellationToken))).ToList();

    public async Task<FindingRow?> FindingAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FindingRow>(new CommandDefinition(database.Sql(VendorAuditSql.FindingById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public Task<int> NextFindingNumberAsync(UnitOfWork unit, Guid auditId, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(VendorAuditSql.NextFindingNumber), new { AuditId = auditId }, unit.Transaction,
            cancellationToken: cancellationToken));

    public Task InsertFindingAsync(UnitOfWork unit, FindingRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.InsertFinding), new
        {
            row.Id, row.AuditId, row.Number, row.Title, row.Severity, row.Concerns, row.Evidence, row.EvidenceFileId, row.VendorOwner, row.ActionText,
            row.ActionDueOn, row.ActionOwner, row.Status, row.RecordedBy, row.RecordedAt,
        }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Moves a finding from one status to another; false when it was no longer in <paramref name="from"/>.</summary>
    public async Task<bool> MoveFindingAsync(UnitOfWork unit, Guid id, string from, string to, string? closedBy, DateTimeOffset? closedAt, string? note,
        CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.MoveFinding),
            new { Id = id, From = from, To = to, ClosedBy = closedBy, ClosedAt = closedAt, ClosingNote = note }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    /// <summary>Raises a finding's escalation to <paramref name="level"/> once; false when it was raised already.</summary>
    public async Task<bool> RaiseEscalationAsync(UnitOfWork unit, Guid id, int level, CancellationToken cancellationToken) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.RaiseEscalation), new { Id = id, Level = level }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public Task<int> CountUnsettledAsync(UnitOfWork unit, Guid auditId, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(VendorAuditSql.CountUnsettled),
            new { AuditId = auditId, Open = Domain.Audits.FindingStatus.Open, Ready = Domain.Audits.FindingStatus.ReadyForVerification }, unit.Transaction,
            cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<FindingRegisterRow>> RegisterAsync(Guid? vendorId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<FindingRegisterRow>(new CommandDefinition(
            database.Sql(vendorId is null ? VendorAuditSql.Register : VendorAuditSql.RegisterOfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Open findings whose action was due before <paramref name="today"/>.</summary>
    public async Task<IReadOnlyList<FindingRegisterRow>> OverdueAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<FindingRegisterRow>(new CommandDefinition(database.Sql(VendorAuditSql.Overdue),
            new { Open = Domain.Audits.FindingStatus.Open, Today = today }, cancellationToken: cancellationToken))).ToList();
    }

    public Task InsertUpdateAsync(UnitOfWork unit, ActionUpdateRow row, CancellationToken cancellationToken) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAuditSql.InsertUpdate), row, unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<ActionUpdateRow>> UpdatesAsync(Guid auditId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ActionUpdateRow>(new CommandDefinition(database.Sql(VendorAuditSql.UpdatesOf), new { AuditId = auditId },
            cancellationToken: cancellationToken))).ToList();
    }
}
