using Dapper;

namespace SlaGovernance.Data.Vendors;

/// <summary>A request to a vendor, with the names a list shows (its vendor's and its agreement's).</summary>
public sealed record VendorRequestRow
{
    public Guid Id { get; init; }
    public Guid VendorId { get; init; }
    public string VendorName { get; init; } = "";
    public Guid? AgreementId { get; init; }
    public string? AgreementTitle { get; init; }
    public string Kind { get; init; } = "";
    public string Title { get; init; } = "";
    public string Asked { get; init; } = "";
    public DateOnly DueOn { get; init; }
    public string Status { get; init; } = "";

    /// <summary>The workflow subject that asked (an audit, an assessment), for the feature that reacts to the answer.</summary>
    public string? SubjectType { get; init; }
    public string? SubjectId { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset RequestedAt { get; init; }
    public string? AnswerText { get; init; }

    /// <summary>For a request that asks the vendor to decide (acknowledge or dispute a claim), what it decided.</summary>
    public string? AnswerDecision { get; init; }
    public string? AnsweredBy { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int Version { get; init; }
}

[SqlCatalogue]
internal static class VendorRequestSql
{
    public const string Columns = """
        SELECT r.id, r.vendor_id, v.name AS vendor_name, r.agreement_id, a.title AS agreement_title, r.kind, r.title, r.asked, r.due_on, r.status,
               r.subject_type, r.subject_id, r.requested_by, r.requested_at, r.answer_text, r.answer_decision, r.answered_by, r.answered_at, r.closed_at, r.version
        FROM vendor_requests r
        JOIN vendors v ON v.id = r.vendor_id
        LEFT JOIN agreements a ON a.id = r.agreement_id
        """;

    public const string ById = Columns + "\nWHERE r.id = @Id";

    public const string OfVendor = Columns + """

        WHERE r.vendor_id = @VendorId AND (@Status IS NULL OR r.status = @Status)
        ORDER BY r.due_on, r.requested_at, r.id
        """;

    public const string Insert = """
        INSERT INTO vendor_requests (id, vendor_id, agreement_id, kind, title, asked, due_on, status, subject_type, subject_id, requested_by, requested_at,
                                     answer_text, answered_by, answered_at, closed_at, version)
        VALUES (@Id, @VendorId, @AgreementId, @Kind, @Title, @Asked, @DueOn, @Status, @SubjectType, @SubjectId, @RequestedBy, @RequestedAt,
                NULL, NULL, NULL, NULL, 1)
        """;

    public const string Answer = """
        UPDATE vendor_requests SET status = @Status, answer_text = @AnswerText, answer_decision = @AnswerDecision, answered_by = @AnsweredBy,
            answered_at = @AnsweredAt, version = version + 1
        WHERE id = @Id AND status = @From
        """;

    public const string Move = """
        UPDATE vendor_requests SET status = @Status, closed_at = @ClosedAt, version = version + 1
        WHERE id = @Id AND status = @From
        """;

    public const string AttachEvidence = "INSERT INTO vendor_request_evidence (request_id, evidence_id) VALUES (@RequestId, @EvidenceId)";
}

/// <summary>The vendor request inbox: requests are opened, answered (once per round) and closed or withdrawn; each move checks the status it starts from.</summary>
public sealed class VendorRequestStore(Database database)
{
    public async Task<VendorRequestRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VendorRequestRow>(new CommandDefinition(database.Sql(VendorRequestSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public Task<VendorRequestRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<VendorRequestRow>(new CommandDefinition(unit.Sql(VendorRequestSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>A vendor's requests, soonest due first; <paramref name="status"/> null for all.</summary>
    public async Task<IReadOnlyList<VendorRequestRow>> OfVendorAsync(Guid vendorId, string? status, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorRequestRow>(new CommandDefinition(database.Sql(VendorRequestSql.OfVendor),
            new { VendorId = vendorId, Status = status }, cancellationToken: cancellationToken))).ToList();
    }

    public Task InsertAsync(UnitOfWork unit, VendorRequestRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorRequestSql.Insert), new
        {
            row.Id, row.VendorId, row.AgreementId, row.Kind, row.Title, row.Asked, row.DueOn, row.Status, row.SubjectType, row.SubjectId,
            row.RequestedBy, row.RequestedAt,
        }, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Records the answer if the request is still in <paramref name="from"/>; false when someone moved it first.</summary>
    public async Task<bool> AnswerAsync(UnitOfWork unit, Guid id, string from, string to, string? text, string answeredBy, DateTimeOffset at,
        string? decision = null, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorRequestSql.Answer),
            new { Id = id, From = from, Status = to, AnswerText = text, AnswerDecision = decision, AnsweredBy = answeredBy, AnsweredAt = at }, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<bool> MoveAsync(UnitOfWork unit, Guid id, string from, string to, DateTimeOffset? closedAt, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorRequestSql.Move),
            new { Id = id, From = from, Status = to, ClosedAt = closedAt }, unit.Transaction, cancellationToken: cancellationToken)) == 1;

    public Task AttachEvidenceAsync(UnitOfWork unit, Guid requestId, Guid evidenceId, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorRequestSql.AttachEvidence), new { RequestId = requestId, EvidenceId = evidenceId },
            unit.Transaction, cancellationToken: cancellationToken));
}
