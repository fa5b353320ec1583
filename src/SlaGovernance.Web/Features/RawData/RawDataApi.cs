using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.RawData;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Tokens;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.RawData;

using UploadFailure = CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem>;
using DecisionFailure = CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>;

public sealed record DataUploadDto(Guid Id, Guid AgreementId, string Kind, string Format, string FileName, string Sha256, string UploadedBy,
    bool UploaderIsVendor, DateTimeOffset UploadedAt, long RowCount)
{
    public static DataUploadDto From(DataUploadRow row) => new(row.Id, row.AgreementId, row.Kind, row.Format, row.FileName, row.Sha256,
        row.UploadedBy, row.UploaderIsVendor, row.UploadedAt, row.RowCount);
}

/// <param name="DecidedByLegal">Force majeure and third-party exclusions are Legal's to decide.</param>
/// <param name="ContractFindings">The exclusion held against the contract governing its start: a type it lacks, maintenance outside its windows.</param>
public sealed record ExclusionRecordDto(Guid Id, Guid UploadId, string Type, DateTimeOffset Start, DateTimeOffset End, string? Service, string? Metric,
    string Reason, string? Evidence, string Status, string ProposedBy, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason,
    bool DecidedByLegal, IReadOnlyList<string> ContractFindings)
{
    public static ExclusionRecordDto From(ExclusionRecordView row, IReadOnlyList<string> findings) => new(row.Id, row.UploadId, row.ExclusionType,
        row.StartedAt, row.EndedAt, row.Service, row.Metric, row.Reason, row.Evidence, row.Status, row.UploadedBy, row.DecidedBy, row.DecidedAt,
        row.DecisionReason, ExclusionClaimCheck.NeedsLegal(row.ExclusionType), findings);

    /// <summary>Each exclusion with its contract findings.</summary>
    public static async Task<List<ExclusionRecordDto>> ListAsync(IEnumerable<ExclusionRecordView> rows, RawDataUploads uploads, CancellationToken cancellationToken)
    {
        var list = new List<ExclusionRecordDto>();
        foreach (var row in rows)
            list.Add(From(row, ExclusionClaimCheck.Findings(await uploads.GoverningContentAsync(row.AgreementId, row.StartedAt, cancellationToken),
                row.ExclusionType, NodaTime.Instant.FromDateTimeOffset(row.StartedAt), NodaTime.Instant.FromDateTimeOffset(row.EndedAt))));
        return list;
    }
}

public sealed record ExclusionDecisionRequest
{
    /// <summary>Why the exclusion is accepted or rejected; required, up to 2,000 characters.</summary>
    public string? Reason { get; init; }
}

public sealed record IssueVendorTokenRequest
{
    [Required]
    public string? Name { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}

public static class RawDataApi
{
    /// <summary>The kinds' names as the URL takes them, for the OpenAPI description and the 404 of an unknown kind.</summary>
    private static readonly string KindNames = string.Join(", ", RawDataKinds.All.Select(k => k.Slug()));

    public static RouteGroupBuilder MapRawDataApi(this RouteGroupBuilder api)
    {
        var kinds = KindNames;
        var group = api.MapGroup("/agreements/{id:guid}/data").WithTags("Raw data");
        group.MapGet("/uploads", Uploads).WithName("ListDataUploads").WithSummary("The agreement's raw-data uploads, newest first")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/exclusions", Exclusions).WithName("ListExclusionRecords")
            .WithSummary("The agreement's exclusion records; status=Proposed lists those awaiting a decision").RequireAuthorization(Policies.Reader);
        group.MapPost("/exclusions/{exclusionId:guid}/accept", Accept).WithName("AcceptExclusion")
            .WithSummary("Accept an exclusion a vendor proposed, so it counts, with the reason; force majeure and third party are Legal's. " +
                "The reports of the periods it overlaps are computed again.").RequireAuthorization(Policies.DataReviewer);
        group.MapPost("/exclusions/{exclusionId:guid}/reject", Reject).WithName("RejectExclusion")
            .WithSummary("Reject an exclusion a vendor proposed, with the reason; force majeure and third party are Legal's")
            .RequireAuthorization(Policies.DataReviewer);
        group.MapPost("/{kind}", Upload).WithName("UploadRawData")
            .WithSummary("Upload a file of raw performance data (text/csv or application/json), all or nothing")
            .WithDescription($"kind is one of {kinds}. The body is the file, streamed, up to Security:MaxDataUploadBytes (256 MB by default); " +
                             "name it with ?fileName=. CSV has a header row naming the columns; JSON is an array of objects with the same names. " +
                             "Times are RFC 3339 with Z or an offset. One bad row refuses the whole file (400, errors keyed 'row N: column'); " +
                             "the same file again for the same agreement and kind answers 200 with the first upload and changes nothing. " +
                             "Staff (Admin, Procurement, VendorManager) and vendor-scoped tokens of the agreement's vendor may upload; " +
                             "exclusions from a vendor stay Proposed until staff accept them.")
            .Accepts<string>("text/csv", "application/json")
            .WithUploadLimit(UploadLimit.RawData)
            .RequireAuthorization(Policies.DataUploader);
        api.MapPost("/vendors/{id:guid}/tokens", IssueVendorToken).WithTags("API tokens").WithName("IssueVendorToken")
            .WithSummary("Issue a vendor-scoped token: it uploads raw data for this vendor's agreements only and reads nothing; the secret is shown once")
            .RequireAuthorization(Policies.VendorEditor);
        return api;
    }

    private static async Task<Results<Created<DataUploadDto>, Ok<DataUploadDto>, NotFoundProblem, UnsupportedMediaTypeProblem, UploadFailure>>
        Upload(Guid id, string kind, string? fileName, HttpRequest request, RawDataUploads uploads, HttpContext context, CancellationToken cancellationToken)
    {
        if (RawDataKinds.FromSlug(kind) is not { } dataKind)
            return new NotFoundProblem($"'{kind}' is not a kind of raw data; use one of {KindNames}.");
        RawFileFormat? format = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant() switch
        {
            "text/csv" => RawFileFormat.Csv,
            "application/json" => RawFileFormat.Json,
            _ => null,
        };
        if (format is null)
            return new UnsupportedMediaTypeProblem($"Send the file as text/csv or application/json, not '{request.ContentType}'.");
        var (result, _) = await uploads.UploadAsync(id, dataKind, format.Value, fileName, request.Body, Uploader.Of(context.User), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return UploadFailure.For(context, result);
        var dto = DataUploadDto.From(result.Value!.Upload);
        return result.Value.Duplicate ? TypedResults.Ok(dto) : TypedResults.Created($"/api/v1/agreements/{id}/data/uploads", dto);
    }

    private static async Task<Ok<PageDto<DataUploadDto>>> Uploads(Guid id, RawDataStore store, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var result = await store.UploadsAsync(id, PageRequest.Of(page, pageSize), cancellationToken);
        return TypedResults.Ok(new PageDto<DataUploadDto>(result.Items.Select(DataUploadDto.From).ToList(), result.PageNumber, result.PageSize,
            result.Total));
    }

    private static async Task<Ok<List<ExclusionRecordDto>>> Exclusions(Guid id, string? status, RawDataStore store, RawDataUploads uploads,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await ExclusionRecordDto.ListAsync(await store.ExclusionsAsync(id, string.IsNullOrWhiteSpace(status) ? null : status, cancellationToken),
            uploads, cancellationToken));

    private static Task<Results<Ok<ExclusionRecordDto>, DecisionFailure>> Accept(Guid id, Guid exclusionId, ExclusionDecisionRequest? request,
        RawDataUploads uploads, HttpContext context, CancellationToken cancellationToken) =>
        DecideAsync(id, exclusionId, true, request?.Reason, uploads, context, cancellationToken);

    private static Task<Results<Ok<ExclusionRecordDto>, DecisionFailure>> Reject(Guid id, Guid exclusionId, ExclusionDecisionRequest? request,
        RawDataUploads uploads, HttpContext context, CancellationToken cancellationToken) =>
        DecideAsync(id, exclusionId, false, request?.Reason, uploads, context, cancellationToken);

    private static async Task<Results<Ok<ExclusionRecordDto>, DecisionFailure>> DecideAsync(Guid id, Guid exclusionId, bool accept, string? reason,
        RawDataUploads uploads, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await uploads.DecideExclusionAsync(id, exclusionId, accept, reason, context.User.UserName(), context.User.Roles(), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok((await ExclusionRecordDto.ListAsync([result.Value!], uploads, cancellationToken))[0])
            : DecisionFailure.For(context, result);
    }

    private static async Task<Results<Created<IssuedTokenDto>, NotFoundProblem, CommandFailure<ValidationProblem>>> IssueVendorToken(Guid id,
        IssueVendorTokenRequest request, VendorStore vendors, ApiTokens tokens, HttpContext context, CancellationToken cancellationToken)
    {
        var vendor = await vendors.GetAsync(id, cancellationToken);
        if (vendor is null || vendor.IsArchived)
            return new NotFoundProblem($"There is no active vendor {id}.");
        var result = await tokens.IssueAsync(context.User.UserId()!.Value, context.User.UserName(), request.Name, request.ExpiresAt,
            vendor.Id, cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/tokens/{result.Value!.Token.Id}", new IssuedTokenDto(TokenDto.From(result.Value.Token), result.Value.Secret));
    }
}
