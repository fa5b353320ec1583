using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Assessments;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Pages.Assessments;

/// <summary>One due diligence: where it stands and what comes next, the factors and the risk, each review; a reviewer answers theirs here.</summary>
public sealed class DetailModel(AssessmentViews views, AssessmentReviews reviews, TaskStore tasks) : PageModel
{
    public AssessmentDto? Assessment { get; private set; }

    /// <summary>The reviews the signed-in person may answer now (their task is open and theirs).</summary>
    public IReadOnlySet<string> Answerable { get; private set; } = new HashSet<string>();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(Guid id, string area, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        var review = Assessment!.Reviews.FirstOrDefault(r => r.Area == area);
        if (review is null || !Answerable.Contains(area))
            return Forbid();
        var answers = new JsonObject();
        var files = new List<(string, IncomingFile)>();
        foreach (var question in review.Questions)
        {
            if (question.Type == AnswerTypes.Evidence)
            {
                if (Request.Form.Files.GetFile($"q.{question.Id}") is { Length: > 0 } file)
                    files.Add((question.Id, new IncomingFile(file.FileName, file.OpenReadStream())));
                continue;
            }
            var text = Request.Form[$"q.{question.Id}"].ToString().Trim();
            if (text.Length == 0)
                continue;
            answers[question.Id] = question.Type == AnswerTypes.Number && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)
                ? JsonValue.Create(n)
                : JsonValue.Create(text);
        }
        int? Factor(string name) => int.TryParse(Request.Form[$"factors.{name}"], CultureInfo.InvariantCulture, out var v) ? v : null;
        var factors = area == ReviewArea.VendorManager.Code && Request.Form.Keys.Any(k => k.StartsWith("factors.", StringComparison.Ordinal))
            ? new CriticalityFactorsInput(Factor("dataAccess"), Factor("serviceCriticality"), Factor("annualSpend"), Factor("substitutability"), Factor("regulatoryRelevance"))
            : null;
        var result = await reviews.SubmitAsync(User.ToTaskActor(), EvidenceSender.Of(User), id, area,
            new ReviewSubmission(JsonSerializer.SerializeToElement(answers), Request.Form["comment"], factors), files, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Your {review.AreaLabel} review is submitted: score {result.Value!.Score} of 100.";
            return Redirect($"/assessments/{id}#review-{area}");
        }
        if (result.Errors is null)
            ModelState.AddModelError(area, result.Message ?? "The review was refused.");
        foreach (var (field, messages) in result.Errors ?? new Dictionary<string, string[]>())
            foreach (var message in messages)
                ModelState.AddModelError(field, message);
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if ((Assessment = await views.GetAsync(id, cancellationToken)) is null)
            return false;
        var answerable = new HashSet<string>(StringComparer.Ordinal);
        if (Assessment.Status == AssessmentStatus.InReview && User.UserId() is not null)
        {
            var actor = User.ToTaskActor();
            foreach (var area in ReviewArea.All)
                if ((await tasks.OpenClosingOnAsync(StartVendorAssessment.SubjectType, id.ToString(), area.Outcome, cancellationToken)) is { Count: > 0 } open
                    && TaskCompletion.MayAct(open[0], actor))
                    answerable.Add(area.Code);
        }
        Answerable = answerable;
        return true;
    }

    public string? ErrorFor(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    /// <summary>What the assessment waits for now, and who acts, in a sentence.</summary>
    public string NextStep()
    {
        var a = Assessment!;
        var missing = a.Reviews.Where(r => !r.Submitted).Select(r => r.AreaLabel).ToList();
        return a.Status switch
        {
            AssessmentStatus.InReview => $"Waiting for {missing.Count} review(s): {string.Join(", ", missing)}. Each reviewer answers their questionnaire below or " +
                                         "through the API; the risk is computed once all four are in.",
            AssessmentStatus.AwaitingBoard => $"The residual risk ({a.ResidualRisk} of 100) makes {a.VendorName} a critical vendor: the Governance board approves " +
                                              "or rejects it from its task in /tasks.",
            AssessmentStatus.Completed => a.NextDueOn is { } next
                ? $"Nothing now: {a.VendorName} is {a.ResultTier} risk; the next assessment falls due on {next:d MMM yyyy}."
                : $"Nothing now: {a.VendorName} is {a.ResultTier} risk and is not re-assessed by schedule.",
            _ => "Nothing: the assessment was cancelled.",
        };
    }
}
