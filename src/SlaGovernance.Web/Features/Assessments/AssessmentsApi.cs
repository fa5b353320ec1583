using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Exports;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Assessments;

public sealed record FactorsBody
{
    /// <summary>1 (none of our data) to 5 (sensitive personal or regulated data at scale).</summary>
    public int? DataAccess { get; init; }

    /// <summary>1 (convenience) to 5 (a service we cannot run without).</summary>
    public int? ServiceCriticality { get; init; }

    /// <summary>1 (small) to 5 (among our largest).</summary>
    public int? AnnualSpend { get; init; }

    /// <summary>1 (easily replaced) to 5 (no alternative).</summary>
    public int? Substitutability { get; init; }

    /// <summary>1 (none) to 5 (regulated outsourcing).</summary>
    public int? RegulatoryRelevance { get; init; }

    public CriticalityFactorsInput ToInput() => new(DataAccess, ServiceCriticality, AnnualSpend, Substitutability, RegulatoryRelevance);
}

public sealed record StartAssessmentBody
{
    /// <summary>The vendor's criticality factors; left out, the last completed assessment's are used, or the vendor manager rates them in their review.</summary>
    public FactorsBody? Factors { get; init; }
}

public sealed record ReviewBody
{
    /// <summary>The answers by question id: "yes"/"no", an option value, a number, text, a date (yyyy-mm-dd) or an evidence file id.</summary>
    public JsonElement? Answers { get; init; }

    /// <summary>What the answers mean for the vendor's risk.</summary>
    public string? Comment { get; init; }

    /// <summary>The vendor manager's review only: the criticality factors.</summary>
    public FactorsBody? Factors { get; init; }
}

public sealed record SetTierBody
{
    /// <summary>Low, Medium, High or Critical.</summary>
    public string? Tier { get; init; }

    /// <summary>Why the tier is set by hand; kept in the audit log.</summary>
    public string? Reason { get; init; }
}

public static class AssessmentsApi
{
    public static RouteGroupBuilder MapAssessmentsApi(this RouteGroupBuilder api)
    {
        var assessments = api.MapGroup("/assessments").WithTags("Vendor assessments");
        assessments.MapGet("/", List).WithName("ListVendorAssessments").WithSummary("The assessment register: every due diligence, newest first; ?vendorId= for one vendor's")
            .RequireAuthorization(Policies.Reader);
        assessments.MapGet("/register.csv", RegisterCsv).WithName("ExportAssessmentsCsv").WithSummary("The assessment register as CSV; ?vendorId= for one vendor's")
            .ProducesFile(SpreadsheetExport.CsvMediaType).RequireAuthorization(Policies.Reader);
        assessments.MapGet("/register.xlsx", RegisterXlsx).WithName("ExportAssessmentsXlsx")
            .WithSummary("The assessment register as an XLSX workbook; ?vendorId= for one vendor's").ProducesFile(SpreadsheetExport.XlsxMediaType)
            .RequireAuthorization(Policies.Reader);
        assessments.MapGet("/{id:guid}", Get).WithName("GetVendorAssessment")
            .WithSummary("A due diligence with its factors, risk, and each review's questions and answers").RequireAuthorization(Policies.Reader);
        assessments.MapPost("/{id:guid}/reviews/{area}", Review).WithName("SubmitAssessmentReview")
            .WithSummary("A reviewer whose task is open: answer the review's questionnaire (information-security, legal, finance or vendor-manager) with a comment")
            .WithDescription("JSON {\"answers\": {\"questionId\": answer, …}, \"comment\": \"…\", \"factors\": {…}}, or multipart with a 'review' part holding that " +
                             $"JSON and one file part per evidence question, named by the question's id ({EvidenceTypes.Accepted}). A bad answer refuses the " +
                             "whole review with its path (answers.questionId) and nothing is written.")
            .Accepts<ReviewBody>("application/json", "multipart/form-data").WithUploadLimit(UploadLimit.Document).DisableAntiforgery()
            .RequireAuthorization(Policies.AssessmentReviewer);

        var vendors = api.MapGroup("/vendors/{id:guid}").WithTags("Vendor assessments");
        vendors.MapGet("/assessments", OfVendor).WithName("ListAssessmentsOfVendor").WithSummary("A vendor's assessments, newest first")
            .RequireAuthorization(Policies.Reader);
        vendors.MapPost("/assessments", Start).WithName("StartVendorAssessment")
            .WithSummary("Start a vendor's due diligence by hand (workflows/vendor-assessment.json)").RequireAuthorization(Policies.AssessmentStarter);
        vendors.MapPost("/tier", SetTier).WithName("SetVendorTier")
            .WithSummary("An administrator: set the vendor's risk tier by hand with a reason; it shows as set by hand until the next assessment")
            .RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Ok<List<AssessmentDto>>> List(Guid? vendorId, VendorAssessmentStore assessments, CancellationToken cancellationToken) =>
        TypedResults.Ok((await assessments.RegisterAsync(vendorId, cancellationToken)).Select(a => AssessmentDto.Summary(a)).ToList());

    private static async Task<FileContentHttpResult> RegisterCsv(Guid? vendorId, VendorAssessmentStore assessments, CancellationToken cancellationToken) =>
        TypedResults.File(AssessmentRegisterExport.Csv(await assessments.RegisterAsync(vendorId, cancellationToken)), SpreadsheetExport.CsvMediaType + "; charset=utf-8",
            "assessments.csv");

    private static async Task<FileContentHttpResult> RegisterXlsx(Guid? vendorId, VendorAssessmentStore assessments, CancellationToken cancellationToken) =>
        TypedResults.File(AssessmentRegisterExport.Xlsx(await assessments.RegisterAsync(vendorId, cancellationToken)), SpreadsheetExport.XlsxMediaType,
            "assessments.xlsx");

    private static async Task<Results<Ok<AssessmentDto>, NotFoundProblem>> Get(Guid id, AssessmentViews views, CancellationToken cancellationToken) =>
        await views.GetAsync(id, cancellationToken) is { } assessment ? TypedResults.Ok(assessment) : new NotFoundProblem($"No assessment has id {id}.");

    private static async Task<Results<Ok<List<AssessmentDto>>, NotFoundProblem>> OfVendor(Guid id, VendorStore vendors, VendorAssessmentStore assessments,
        CancellationToken cancellationToken)
    {
        if (await vendors.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No vendor has id {id}.");
        return TypedResults.Ok((await assessments.OfVendorAsync(id, cancellationToken)).Select(a => AssessmentDto.Summary(a)).ToList());
    }

    private static async Task<Results<Created<AssessmentDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> Start(Guid id,
        StartAssessmentBody? body, StartVendorAssessment start, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await start.StartAsync(context.User.UserName(), id, AssessmentCause.ByHand, null, body?.Factors?.ToInput(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/assessments/{result.Value!.Id}", AssessmentDto.Summary(result.Value));
    }

    private static async Task<Results<Ok<AssessmentDto>, CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>, UnsupportedMediaTypeProblem>>
        Review(Guid id, string area, HttpRequest request, AssessmentReviews reviews, AssessmentViews views, HttpContext context, CancellationToken cancellationToken)
    {
        ReviewBody? body;
        var files = new List<(string, IncomingFile)>();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                body = form["review"].ToString() is { Length: > 0 } json ? JsonSerializer.Deserialize<ReviewBody>(json, JsonSerializerOptions.Web) : new ReviewBody();
                files.AddRange(form.Files.Select(f => (f.Name, new IncomingFile(f.FileName, f.OpenReadStream()))));
            }
            else if (request.HasJsonContentType())
                body = await request.ReadFromJsonAsync<ReviewBody>(cancellationToken);
            else
                return new UnsupportedMediaTypeProblem($"Send the review as application/json or multipart/form-data, not '{request.ContentType}'.");
        }
        catch (JsonException e)
        {
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context,
                CommandResult<AssessmentReviewRow>.Invalid(e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "review", $"Not a review: {e.Message}"));
        }
        var result = await reviews.SubmitAsync(context.User.ToTaskActor(), EvidenceSender.Of(context.User), id, area,
            new ReviewSubmission(body?.Answers, body?.Comment, body?.Factors?.ToInput()), files, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
        return TypedResults.Ok((await views.GetAsync(id, cancellationToken))!);
    }

    private static async Task<Results<Ok<VendorDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> SetTier(Guid id, SetTierBody body,
        VendorCommands commands, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await commands.SetTierAsync(context.User.UserName(), id, body.Tier, body.Reason, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        return TypedResults.Ok(VendorDto.From(result.Value!));
    }
}
