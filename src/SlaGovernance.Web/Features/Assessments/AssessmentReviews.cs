using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Features.Assessments;

/// <summary>What a reviewer sends: the answers by question id, the comment, and (from the vendor manager) the criticality factors.</summary>
public sealed record ReviewSubmission(JsonElement? Answers, string? Comment, CriticalityFactorsInput? Factors);

/// <summary>
/// The reviews of a due diligence: each answered once by a member of its role whose task is open, checked against the questionnaire version
/// the assessment fixed (a bad answer refuses the whole review with its field, and nothing is written), evidence files kept in the evidence
/// store; the review's task then closes by itself.
/// </summary>
public sealed class AssessmentReviews(Database database, VendorAssessmentStore assessments, QuestionnaireCatalogue questionnaires, TaskStore tasks,
    TaskClosing closing, EvidenceFiles evidence, EvidenceFileStore evidenceStore, VendorOwners owners, AuditLog audit, TimeProvider time)
{
    public const int MaxComment = 4000;

    public async Task<CommandResult<AssessmentReviewRow>> SubmitAsync(TaskActor actor, EvidenceSender sender, Guid assessmentId, string areaCode,
        ReviewSubmission submission, IReadOnlyList<(string QuestionId, IncomingFile File)> files, CancellationToken cancellationToken = default)
    {
        var row = await assessments.GetAsync(assessmentId, cancellationToken);
        if (row is null)
            return CommandResult<AssessmentReviewRow>.NotFound($"No assessment has id {assessmentId}.");
        if (ReviewArea.Find(areaCode) is not { } area)
            return CommandResult<AssessmentReviewRow>.NotFound($"'{areaCode}' is not a review of due diligence; use one of " +
                                                               $"{string.Join(", ", ReviewArea.All.Select(a => a.Questionnaire))}.");
        if (row.Status != AssessmentStatus.InReview)
            return CommandResult<AssessmentReviewRow>.Stale(null!, $"{row.Reference} is {AssessmentStatus.Label(row.Status).ToLowerInvariant()}; its reviews are closed.");
        var open = await tasks.OpenClosingOnAsync(StartVendorAssessment.SubjectType, row.Id.ToString(), area.Outcome, cancellationToken);
        var task = open.Count > 0 ? open[0] : null;
        if (task is null)
        {
            var done = (await assessments.ReviewsAsync(row.Id, cancellationToken)).FirstOrDefault(r => r.Area == area.Code);
            return CommandResult<AssessmentReviewRow>.Stale(null!, done is null
                ? $"The {area.Label} review of {row.Reference} has no open task yet; try again in a moment."
                : $"{done.SubmittedBy} already submitted the {area.Label} review of {row.Reference} on {done.SubmittedAt:yyyy-MM-dd}.");
        }
        if (!TaskCompletion.MayAct(task, actor))
            return CommandResult<AssessmentReviewRow>.Forbidden(task.AssigneeUserId is null
                ? $"The {area.Label} review is for {area.Role}; your roles do not include it."
                : $"The {area.Label} review of {row.Reference} is assigned to the vendor's manager, {row.OwnerUser}.");

        var questionnaire = questionnaires.Find(area.Questionnaire, row.QuestionnaireVersion(area.Questionnaire) ?? 0)
            ?? throw new InvalidOperationException($"{row.Reference} answers {row.Questionnaires}, which is no longer loaded.");
        var today = LocalDate.FromDateOnly(await owners.TodayAsync(time.GetUtcNow(), cancellationToken));
        var errors = new ValidationErrors();
        var evidenceQuestions = questionnaire.Questions.Where(q => q.Type == AnswerTypes.Evidence).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (questionId, _) in files.Where(f => !evidenceQuestions.Contains(f.QuestionId)))
            errors.Add($"answers.{questionId}", $"{questionnaire.Title} has no evidence question '{questionId}'; send each file under its evidence question's id.");
        var known = new HashSet<Guid>();
        if (submission.Answers is { ValueKind: JsonValueKind.Object } answers)
            foreach (var p in answers.EnumerateObject().Where(p => evidenceQuestions.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.String))
                if (Guid.TryParse(p.Value.GetString(), out var fileId) && await evidenceStore.GetAsync(fileId, cancellationToken) is { } file && file.VendorId == row.VendorId)
                    known.Add(fileId);
        var (checkedAnswers, answerErrors) = QuestionnaireAnswers.Check(questionnaire, submission.Answers, today, known.Contains,
            files.Select(f => f.QuestionId).ToHashSet(StringComparer.Ordinal));
        foreach (var (field, messages) in answerErrors.ToDictionary())
            foreach (var message in messages)
                errors.Add(field, message);
        var comment = submission.Comment?.Trim();
        if (string.IsNullOrEmpty(comment))
            errors.Add("comment", "Sum up the review in a comment: what the answers mean for the vendor's risk.");
        else if (comment.Length > MaxComment)
            errors.Add("comment", $"The comment may be at most {MaxComment} characters (it has {comment.Length}).");
        CriticalityFactors? factors = null;
        if (area == ReviewArea.VendorManager)
        {
            if (submission.Factors is not null)
            {
                var (valid, factorErrors) = VendorRisk.Validate(submission.Factors);
                factors = valid;
                foreach (var (field, messages) in factorErrors.ToDictionary())
                    foreach (var message in messages)
                        errors.Add(field, message);
            }
            else if (row.Factors() is null)
                errors.Add("factors", "Rate the vendor's criticality factors (dataAccess, serviceCriticality, annualSpend, substitutability, " +
                                      "regulatoryRelevance, each 1 to 5) with the vendor manager's review; the inherent risk is computed from them.");
        }
        else if (submission.Factors is not null)
            errors.Add("factors", "The vendor's manager rates the criticality factors, with their review; leave them out of this one.");

        var checkedFiles = new List<(string QuestionId, CheckedEvidence File)>();
        try
        {
            if (errors.IsValid)
                foreach (var (questionId, file) in files)
                {
                    var (one, fileErrors) = await evidence.CheckAsync([file], $"answers.{questionId}", cancellationToken);
                    foreach (var (field, messages) in fileErrors.ToDictionary())
                        foreach (var message in messages)
                            errors.Add(field, message);
                    checkedFiles.AddRange(one.Select(f => (questionId, f)));
                }
            if (!errors.IsValid)
                return CommandResult<AssessmentReviewRow>.Invalid(errors);

            var score = QuestionnaireAnswers.Score(questionnaire, checkedAnswers);
            var now = time.GetUtcNow();
            AssessmentReviewRow review;
            await using (var unit = await database.BeginAsync(cancellationToken))
            {
                var stored = new JsonObject();
                foreach (var answer in checkedAnswers.Where(a => a.Value.ValueKind != JsonValueKind.Undefined))
                    stored[answer.QuestionId] = JsonNode.Parse(answer.Value.GetRawText());
                foreach (var (questionId, file) in checkedFiles)
                    stored[questionId] = (await evidence.StoreAsync(unit, row.VendorId, file, sender,
                        $"{area.Label} review of {row.Reference} ({row.VendorName}), question {questionId}", cancellationToken)).Id.ToString();
                review = new AssessmentReviewRow
                {
                    Id = Guid.CreateVersion7(now), AssessmentId = row.Id, Area = area.Code, QuestionnaireId = questionnaire.Id,
                    QuestionnaireVersion = questionnaire.Version, Answers = stored.ToJsonString(), Score = score, Comment = comment!, SubmittedBy = actor.UserName,
                    SubmittedAt = now,
                };
                try
                {
                    await assessments.InsertReviewAsync(unit, review, cancellationToken);
                }
                catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
                {
                    return CommandResult<AssessmentReviewRow>.Stale(null!, $"The {area.Label} review of {row.Reference} was submitted a moment ago.");
                }
                if (factors is not null)
                {
                    var current = (await assessments.GetAsync(unit, row.Id, cancellationToken))!;
                    if (!await assessments.UpdateAsync(unit, current with
                        {
                            DataAccess = factors.DataAccess, ServiceCriticality = factors.ServiceCriticality, AnnualSpend = factors.AnnualSpend,
                            Substitutability = factors.Substitutability, RegulatoryRelevance = factors.RegulatoryRelevance,
                        }, cancellationToken))
                        return CommandResult<AssessmentReviewRow>.Stale(null!, $"{row.Reference} changed while the review was submitted; submit it again.");
                }
                await audit.AppendAsync(unit, new AuditRecord(actor.UserName, "vendor-assessment.reviewed", "VendorAssessment", row.Id.ToString(),
                    $"{area.Label} review of {row.Reference} ({row.VendorName}) submitted on {questionnaire.Key}: score {score} of 100" +
                    (factors is null ? "" : $"; factors {factors.DataAccess}/{factors.ServiceCriticality}/{factors.AnnualSpend}/{factors.Substitutability}/{factors.RegulatoryRelevance}"),
                    After: review.Answers), cancellationToken);
                await unit.CommitAsync(cancellationToken);
            }
            await closing.CloseAsync(StartVendorAssessment.SubjectType, row.Id.ToString(), area.Outcome, actor.UserName, cancellationToken);
            return CommandResult<AssessmentReviewRow>.Ok(review);
        }
        finally
        {
            foreach (var (_, file) in checkedFiles)
                await file.DisposeAsync();
        }
    }
}
