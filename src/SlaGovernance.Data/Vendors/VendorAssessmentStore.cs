using Dapper;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Data.Vendors;

/// <summary>A due diligence of a vendor: its factors, the risk it computed and the tier that followed.</summary>
public sealed record VendorAssessmentRow
{
    public Guid Id { get; init; }
    public int Number { get; init; }
    public Guid VendorId { get; init; }
    public string VendorName { get; init; } = "";
    public string Cause { get; init; } = "";

    /// <summary>What started it, once per vendor: "new-vendor", "due-after/{previous id}", "by-hand/{id}".</summary>
    public string CauseKey { get; init; } = "";
    public string Status { get; init; } = "";

    /// <summary>The questionnaire versions its reviews answer, fixed at its start: "information-security@1,legal@1,…".</summary>
    public string Questionnaires { get; init; } = "";

    /// <summary>The vendor manager who owns it (the vendor's owner), whose review task it is.</summary>
    public string OwnerUser { get; init; } = "";
    public int? DataAccess { get; init; }
    public int? ServiceCriticality { get; init; }
    public int? AnnualSpend { get; init; }
    public int? Substitutability { get; init; }
    public int? RegulatoryRelevance { get; init; }
    public int? InherentRisk { get; init; }
    public int? ControlEffectiveness { get; init; }
    public int? ResidualRisk { get; init; }
    public string? ResultTier { get; init; }
    public string TierBefore { get; init; } = "";
    public string? BoardDecision { get; init; }
    public DateOnly? NextDueOn { get; init; }
    public Guid? WorkflowId { get; init; }
    public string StartedBy { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public int Version { get; init; }

    public string Reference => $"VA-{Number}";

    public CriticalityFactors? Factors() => DataAccess is { } d && ServiceCriticality is { } c && AnnualSpend is { } s && Substitutability is { } x
                                          && RegulatoryRelevance is { } r
        ? new CriticalityFactors(d, c, s, x, r)
        : null;

    /// <summary>The questionnaire version this assessment fixed for a questionnaire id.</summary>
    public int? QuestionnaireVersion(string questionnaireId) => Questionnaires.Split(',', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('@')).Where(p => p.Length == 2 && p[0] == questionnaireId && int.TryParse(p[1], out _)).Select(p => (int?)int.Parse(p[1],
            System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
}

public sealed record AssessmentReviewRow
{
    public Guid Id { get; init; }
    public Guid AssessmentId { get; init; }
    public string Area { get; init; } = "";
    public string QuestionnaireId { get; init; } = "";
    public int QuestionnaireVersion { get; init; }
    public string Answers { get; init; } = "{}";
    public int Score { get; init; }
    public string Comment { get; init; } = "";
    public string SubmittedBy { get; init; } = "";
    public DateTimeOffset SubmittedAt { get; init; }
}

[SqlCatalogue]
internal static class VendorAssessmentSql
{
    public const string Columns = """
        SELECT x.id, x.number, x.vendor_id, v.name AS vendor_name, x.cause, x.cause_key, x.status, x.questionnaires, x.owner_user, x.data_access,
               x.service_criticality, x.annual_spend, x.substitutability, x.regulatory_relevance, x.inherent_risk, x.control_effectiveness, x.residual_risk,
               x.result_tier, x.tier_before, x.board_decision, x.next_due_on, x.workflow_id, x.started_by, x.started_at, x.completed_at, x.version
        FROM vendor_assessments x JOIN vendors v ON v.id = x.vendor_id
        """;

    public const string ById = Columns + "\nWHERE x.id = @Id";

    public const string OfVendor = Columns + "\nWHERE x.vendor_id = @VendorId ORDER BY x.number DESC";

    public const string All = Columns + "\nORDER BY x.number DESC";

    /// <summary>Each active vendor's latest assessment that did not end cancelled, for the re-assessment sweep.</summary>
    public const string Latest = Columns + """

        WHERE v.is_archived = @False AND x.status <> @Cancelled
          AND x.number = (SELECT MAX(y.number) FROM vendor_assessments y WHERE y.vendor_id = x.vendor_id AND y.status <> @Cancelled)
        ORDER BY x.number
        """;

    public const string NextNumber = "SELECT COALESCE(MAX(number), 0) + 1 FROM vendor_assessments";

    public const string Insert = """
        INSERT INTO vendor_assessments (id, number, vendor_id, cause, cause_key, status, questionnaires, owner_user, data_access, service_criticality,
            annual_spend, substitutability, regulatory_relevance, inherent_risk, control_effectiveness, residual_risk, result_tier, tier_before, board_decision,
            next_due_on, workflow_id, started_by, started_at, completed_at, version)
        VALUES (@Id, @Number, @VendorId, @Cause, @CauseKey, @Status, @Questionnaires, @OwnerUser, @DataAccess, @ServiceCriticality,
            @AnnualSpend, @Substitutability, @RegulatoryRelevance, @InherentRisk, @ControlEffectiveness, @ResidualRisk, @ResultTier, @TierBefore, @BoardDecision,
            @NextDueOn, @WorkflowId, @StartedBy, @StartedAt, @CompletedAt, 1)
        """;

    public const string Update = """
        UPDATE vendor_assessments
        SET status = @Status, data_access = @DataAccess, service_criticality = @ServiceCriticality, annual_spend = @AnnualSpend,
            substitutability = @Substitutability, regulatory_relevance = @RegulatoryRelevance, inherent_risk = @InherentRisk,
            control_effectiveness = @ControlEffectiveness, residual_risk = @ResidualRisk, result_tier = @ResultTier, board_decision = @BoardDecision,
            next_due_on = @NextDueOn, workflow_id = @WorkflowId, completed_at = @CompletedAt, version = version + 1
        WHERE id = @Id AND version = @Version
        """;

    public const string ReviewColumns = """
        SELECT id, assessment_id, area, questionnaire_id, questionnaire_version, answers, score, comment, submitted_by, submitted_at
        FROM vendor_assessment_reviews
        """;

    public const string ReviewsOf = ReviewColumns + "\nWHERE assessment_id = @AssessmentId ORDER BY submitted_at, area";

    public const string InsertReview = """
        INSERT INTO vendor_assessment_reviews (id, assessment_id, area, questionnaire_id, questionnaire_version, answers, score, comment, submitted_by, submitted_at)
        VALUES (@Id, @AssessmentId, @Area, @QuestionnaireId, @QuestionnaireVersion, @Answers, @Score, @Comment, @SubmittedBy, @SubmittedAt)
        """;
}

public sealed class VendorAssessmentStore(Database database)
{
    public async Task<VendorAssessmentRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<VendorAssessmentRow>(new CommandDefinition(database.Sql(VendorAssessmentSql.ById), new { Id = id },
            cancellationToken: cancellationToken));
    }

    public Task<VendorAssessmentRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default) =>
        unit.Connection.QuerySingleOrDefaultAsync<VendorAssessmentRow>(new CommandDefinition(unit.Sql(VendorAssessmentSql.ById), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyList<VendorAssessmentRow>> OfVendorAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorAssessmentRow>(new CommandDefinition(database.Sql(VendorAssessmentSql.OfVendor), new { VendorId = vendorId },
            cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>The register: every assessment, or one vendor's, newest first.</summary>
    public async Task<IReadOnlyList<VendorAssessmentRow>> RegisterAsync(Guid? vendorId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorAssessmentRow>(new CommandDefinition(database.Sql(vendorId is null ? VendorAssessmentSql.All
            : VendorAssessmentSql.OfVendor), new { VendorId = vendorId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<VendorAssessmentRow>> LatestPerVendorAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<VendorAssessmentRow>(new CommandDefinition(database.Sql(VendorAssessmentSql.Latest),
            new { False = false, AssessmentStatus.Cancelled }, cancellationToken: cancellationToken))).ToList();
    }

    public Task<int> NextNumberAsync(UnitOfWork unit, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteScalarAsync<int>(new CommandDefinition(unit.Sql(VendorAssessmentSql.NextNumber), transaction: unit.Transaction,
            cancellationToken: cancellationToken));

    /// <summary>Inserts an assessment; a second start for the same cause surfaces as the provider's unique violation.</summary>
    public Task InsertAsync(UnitOfWork unit, VendorAssessmentRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAssessmentSql.Insert), row, unit.Transaction, cancellationToken: cancellationToken));

    /// <summary>Writes the row only if its stored version is still <see cref="VendorAssessmentRow.Version"/>.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, VendorAssessmentRow row, CancellationToken cancellationToken = default) =>
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAssessmentSql.Update), row, unit.Transaction,
            cancellationToken: cancellationToken)) == 1;

    public async Task<IReadOnlyList<AssessmentReviewRow>> ReviewsAsync(Guid assessmentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<AssessmentReviewRow>(new CommandDefinition(database.Sql(VendorAssessmentSql.ReviewsOf),
            new { AssessmentId = assessmentId }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<AssessmentReviewRow>> ReviewsAsync(UnitOfWork unit, Guid assessmentId, CancellationToken cancellationToken = default) =>
        (await unit.Connection.QueryAsync<AssessmentReviewRow>(new CommandDefinition(unit.Sql(VendorAssessmentSql.ReviewsOf),
            new { AssessmentId = assessmentId }, unit.Transaction, cancellationToken: cancellationToken))).ToList();

    /// <summary>Inserts a review; a second review of the same area surfaces as the provider's unique violation.</summary>
    public Task InsertReviewAsync(UnitOfWork unit, AssessmentReviewRow row, CancellationToken cancellationToken = default) =>
        unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(VendorAssessmentSql.InsertReview), row, unit.Transaction,
            cancellationToken: cancellationToken));
}
