using System.Globalization;
using System.Text.Json;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Exports;

namespace SlaGovernance.Web.Features.Assessments;

public sealed record FactorsDto(int DataAccess, int ServiceCriticality, int AnnualSpend, int Substitutability, int RegulatoryRelevance);

public sealed record QuestionOptionDto(string Value, string Label);

public sealed record QuestionDto(string Id, string Text, string Type, int Weight, bool Required, string? Help, IReadOnlyList<QuestionOptionDto> Options);

/// <summary>An answer as people read it; an evidence answer links to its file.</summary>
public sealed record AnswerDto(string QuestionId, string Question, string Type, string Shown, JsonElement Value, string? EvidenceHref);

public sealed record ReviewDto(string Area, string AreaLabel, string Role, string Questionnaire, bool Submitted, string? SubmittedBy, DateTimeOffset? SubmittedAt,
    int? Score, string? Comment, IReadOnlyList<AnswerDto> Answers, IReadOnlyList<QuestionDto> Questions);

public sealed record AssessmentDto(Guid Id, string Reference, Guid VendorId, string VendorName, string Cause, string CauseLabel, string Status, string StatusLabel,
    string OwnerUser, FactorsDto? Factors, int? InherentRisk, int? ControlEffectiveness, int? ResidualRisk, string? ResultTier, string TierBefore,
    string? BoardDecision, DateOnly? NextDueOn, Guid? WorkflowId, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<ReviewDto> Reviews)
{
    public static AssessmentDto Summary(VendorAssessmentRow row, IReadOnlyList<ReviewDto>? reviews = null) => new(row.Id, row.Reference, row.VendorId, row.VendorName,
        row.Cause, AssessmentCause.Label(row.Cause), row.Status, AssessmentStatus.Label(row.Status), row.OwnerUser,
        row.Factors() is { } f ? new FactorsDto(f.DataAccess, f.ServiceCriticality, f.AnnualSpend, f.Substitutability, f.RegulatoryRelevance) : null,
        row.InherentRisk, row.ControlEffectiveness, row.ResidualRisk, row.ResultTier, row.TierBefore, row.BoardDecision, row.NextDueOn, row.WorkflowId,
        row.StartedBy, row.StartedAt, row.CompletedAt, reviews ?? []);
}

/// <summary>An assessment with each review (answered or not) and its questions, as the page and the API show it.</summary>
public sealed class AssessmentViews(VendorAssessmentStore assessments, QuestionnaireCatalogue questionnaires)
{
    public async Task<AssessmentDto?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var row = await assessments.GetAsync(id, cancellationToken);
        if (row is null)
            return null;
        var reviews = await assessments.ReviewsAsync(id, cancellationToken);
        var list = new List<ReviewDto>();
        foreach (var area in ReviewArea.All)
        {
            var review = reviews.FirstOrDefault(r => r.Area == area.Code);
            var questionnaire = review is not null
                ? questionnaires.Find(review.QuestionnaireId, review.QuestionnaireVersion)
                : questionnaires.Find(area.Questionnaire, row.QuestionnaireVersion(area.Questionnaire) ?? 0);
            var questions = questionnaire?.Questions.Select(q => new QuestionDto(q.Id, q.Text, q.Type, q.Weight, q.Required, q.Help,
                [.. q.Options.Select(o => new QuestionOptionDto(o.Value, o.Label))])).ToList() ?? [];
            list.Add(new ReviewDto(area.Code, area.Label, area.Role, questionnaire?.Key ?? $"{area.Questionnaire}@{row.QuestionnaireVersion(area.Questionnaire)}",
                review is not null, review?.SubmittedBy, review?.SubmittedAt, review?.Score, review?.Comment, review is null || questionnaire is null ? [] : Answers(questionnaire, review),
                questions));
        }
        return AssessmentDto.Summary(row, list);
    }

    private static List<AnswerDto> Answers(Questionnaire questionnaire, AssessmentReviewRow review)
    {
        using var document = JsonDocument.Parse(review.Answers);
        var answers = new List<AnswerDto>();
        foreach (var question in questionnaire.Questions)
        {
            if (!document.RootElement.TryGetProperty(question.Id, out var value))
                continue;
            var raw = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            var shown = question.Type switch
            {
                AnswerTypes.YesNo => raw == "yes" ? "Yes" : "No",
                AnswerTypes.Choice => question.Options.FirstOrDefault(o => o.Value == raw)?.Label ?? raw,
                AnswerTypes.Evidence => "Evidence file",
                _ => raw,
            };
            answers.Add(new AnswerDto(question.Id, question.Text, question.Type, shown, value.Clone(),
                question.Type == AnswerTypes.Evidence ? $"/api/v1/evidence/{raw}" : null));
        }
        return answers;
    }
}

/// <summary>The assessment register: every due diligence (or one vendor's), as CSV or XLSX.</summary>
public static class AssessmentRegisterExport
{
    private static readonly string[] Columns =
    [
        "Assessment", "Vendor", "Cause", "Status", "Started", "Completed", "Data access", "Service criticality", "Annual spend", "Substitutability",
        "Regulatory relevance", "Inherent risk", "Control effectiveness %", "Residual risk", "Tier before", "Result tier", "Governance board", "Next assessment due",
    ];

    private static string? Day(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static IEnumerable<object?[]> Rows(IEnumerable<VendorAssessmentRow> rows) => rows.Select(r => new object?[]
    {
        r.Reference, r.VendorName, AssessmentCause.Label(r.Cause), AssessmentStatus.Label(r.Status), Day(r.StartedAt), Day(r.CompletedAt), r.DataAccess,
        r.ServiceCriticality, r.AnnualSpend, r.Substitutability, r.RegulatoryRelevance, r.InherentRisk, r.ControlEffectiveness, r.ResidualRisk, r.TierBefore,
        r.ResultTier, r.BoardDecision, r.NextDueOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    });

    public static byte[] Csv(IReadOnlyList<VendorAssessmentRow> rows) => SpreadsheetExport.CsvBytes(SpreadsheetExport.Csv(Columns, Rows(rows)));

    public static byte[] Xlsx(IReadOnlyList<VendorAssessmentRow> rows) => SpreadsheetExport.Xlsx(new ExportSheet("Assessments", Columns, Rows(rows)));
}
