using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Vendors.Requests;

using AnswerFailure = CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>;
using MoveFailure = CommandFailure<NotFoundProblem, ConflictProblem>;

public sealed record EvidenceFileDto(Guid Id, string FileName, string FileType, string ContentType, string Sha256, long SizeBytes, string UploadedBy,
    bool UploaderIsVendor, DateTimeOffset UploadedAt, string Download)
{
    public static EvidenceFileDto From(EvidenceFileRow row) => new(row.Id, row.FileName, row.FileType, row.ContentType, row.Sha256, row.SizeBytes,
        row.UploadedBy, row.UploaderIsVendor, row.UploadedAt, $"/api/v1/evidence/{row.Id}");
}

/// <param name="DueOn">The due date (yyyy-mm-dd); <paramref name="DueOnText"/> says it as people read it.</param>
public sealed record VendorRequestDto(Guid Id, Guid VendorId, string VendorName, Guid? AgreementId, string? AgreementTitle, string Kind, string KindLabel,
    string Title, string Asked, DateOnly DueOn, string DueOnText, string Status, string StatusLabel, string? SubjectType, string? SubjectId,
    string RequestedBy, DateTimeOffset RequestedAt, string? AnswerText, string? AnsweredBy, DateTimeOffset? AnsweredAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<EvidenceFileDto> Evidence)
{
    public static VendorRequestDto From(VendorRequestRow row, IReadOnlyList<EvidenceFileRow> evidence) => new(row.Id, row.VendorId, row.VendorName,
        row.AgreementId, row.AgreementTitle, row.Kind, Enum.TryParse<VendorRequestKind>(row.Kind, out var kind) ? kind.Label() : row.Kind, row.Title,
        row.Asked, row.DueOn, DueText(row.DueOn), row.Status, VendorRequestStatus.Label(row.Status), row.SubjectType, row.SubjectId, row.RequestedBy,
        row.RequestedAt, row.AnswerText, row.AnsweredBy, row.AnsweredAt, row.ClosedAt, [.. evidence.Select(EvidenceFileDto.From)]);

    /// <summary>"Friday 17 April 2026", as a due date is read.</summary>
    public static string DueText(DateOnly day) => day.ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record OpenVendorRequestBody
{
    /// <summary>Evidence, Answer, DataExport, Acknowledgement or Dispute.</summary>
    [Required]
    public string? Kind { get; init; }

    public Guid? AgreementId { get; init; }

    [Required]
    public string? Title { get; init; }

    /// <summary>What the vendor should send or answer.</summary>
    [Required]
    public string? Asked { get; init; }

    [Required]
    public DateOnly? DueOn { get; init; }

    public VendorRequestInput ToInput() => new(Kind, AgreementId, Title, Asked, DueOn is { } d ? LocalDate.FromDateOnly(d) : null);
}

public sealed record AnswerBody
{
    public string? Text { get; init; }

    /// <summary>For a credit claim's acknowledgement: "acknowledge" or "dispute"; absent for other requests.</summary>
    public string? Decision { get; init; }
}

public static class VendorRequestsApi
{
    public static RouteGroupBuilder MapVendorRequestsApi(this RouteGroupBuilder api)
    {
        var vendor = api.MapGroup("/vendor").WithTags("Vendor inbox");
        vendor.MapGet("/requests", OwnRequests).WithName("ListMyVendorRequests")
            .WithSummary("With a vendor token: everything the organisation asks of your vendor, soonest due first; ?status=Open for what waits on you")
            .RequireAuthorization(Policies.VendorPortal);
        vendor.MapPost("/requests/{id:guid}/answer", Answer).WithName("AnswerVendorRequest")
            .WithSummary("With a vendor token: answer a request with text and/or evidence files")
            .WithDescription($"Send JSON {{\"text\": \"…\"}}, or a multipart form with 'text' and one or more 'file' parts ({EvidenceTypes.Accepted}, each up to " +
                             "Evidence:MaxFileBytes, 20 MiB by default; the type is read from the content). A refused file refuses the whole answer and nothing is kept.")
            .Accepts<AnswerBody>("application/json", "multipart/form-data")
            .WithUploadLimit(UploadLimit.Document).DisableAntiforgery().RequireAuthorization(Policies.VendorPortal);

        var staff = api.MapGroup("/vendors/{id:guid}/requests").WithTags("Vendor inbox");
        staff.MapGet("/", OfVendor).WithName("ListVendorRequests").WithSummary("A vendor's requests, soonest due first").RequireAuthorization(Policies.Reader);
        staff.MapPost("/", Open).WithName("OpenVendorRequest").WithSummary("Ask a vendor for evidence, an answer, a data export, an acknowledgement or a dispute")
            .RequireAuthorization(Policies.VendorEditor);
        staff.MapPost("/{requestId:guid}/close", Close).WithName("CloseVendorRequest").WithSummary("Accept an answered request and close it")
            .RequireAuthorization(Policies.VendorEditor);
        staff.MapPost("/{requestId:guid}/reopen", Reopen).WithName("ReopenVendorRequest").WithSummary("Send an answer that falls short back to the vendor")
            .RequireAuthorization(Policies.VendorEditor);
        staff.MapPost("/{requestId:guid}/withdraw", Withdraw).WithName("WithdrawVendorRequest").WithSummary("Withdraw a request the vendor has not answered")
            .RequireAuthorization(Policies.VendorEditor);

        api.MapPost("/vendors/{id:guid}/evidence", Upload).WithTags("Evidence").WithName("UploadEvidence")
            .WithSummary($"Staff: store a vendor's document (multipart 'file': {EvidenceTypes.Accepted}), e.g. a certificate to record; answers its id")
            .WithUploadLimit(UploadLimit.Document).DisableAntiforgery().RequireAuthorization(Policies.VendorEditor);
        api.MapGet("/evidence/{id:guid}", Download).WithTags("Evidence").WithName("DownloadEvidence")
            .WithSummary("An evidence file as stored, with its SHA-256 in the ETag; staff read any, a vendor token its own vendor's")
            .ProducesFile("application/octet-stream").RequireAuthorization(Policies.EvidenceReader);
        return api;
    }

    private static async Task<List<VendorRequestDto>> DtosAsync(IEnumerable<VendorRequestRow> rows, EvidenceFileStore evidence, CancellationToken cancellationToken)
    {
        var list = new List<VendorRequestDto>();
        foreach (var row in rows)
            list.Add(VendorRequestDto.From(row, await evidence.OfRequestAsync(row.Id, cancellationToken)));
        return list;
    }

    private static async Task<Results<Ok<List<VendorRequestDto>>, ValidationProblem>> OwnRequests(string? status, VendorRequestStore requests,
        EvidenceFileStore evidence, HttpContext context, CancellationToken cancellationToken)
    {
        if (status is not null && !VendorRequestStatus.Lifecycle.IsState(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not one of Open, Answered, Closed or Withdrawn."] });
        return TypedResults.Ok(await DtosAsync(await requests.OfVendorAsync(context.User.VendorId()!.Value, status, cancellationToken), evidence, cancellationToken));
    }

    private static async Task<Results<Ok<List<VendorRequestDto>>, NotFoundProblem, ValidationProblem>> OfVendor(Guid id, string? status, VendorStore vendors,
        VendorRequestStore requests, EvidenceFileStore evidence, CancellationToken cancellationToken)
    {
        if (await vendors.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No vendor has id {id}.");
        if (status is not null && !VendorRequestStatus.Lifecycle.IsState(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"'{status}' is not one of Open, Answered, Closed or Withdrawn."] });
        return TypedResults.Ok(await DtosAsync(await requests.OfVendorAsync(id, status, cancellationToken), evidence, cancellationToken));
    }

    private static async Task<Results<Created<VendorRequestDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> Open(Guid id, OpenVendorRequestBody body,
        VendorRequests requests, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await requests.OpenAsync(context.User.UserName(), id, body.ToInput(), null, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/vendors/{id}/requests", VendorRequestDto.From(result.Value!, []));
    }

    private static async Task<Results<Ok<VendorRequestDto>, AnswerFailure, UnsupportedMediaTypeProblem>> Answer(Guid id, HttpRequest request,
        VendorRequests requests, EvidenceFileStore evidence, HttpContext context, CancellationToken cancellationToken)
    {
        VendorAnswer answer;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            answer = new VendorAnswer(form["text"].ToString(), [.. form.Files.Select(f => new IncomingFile(f.FileName, f.OpenReadStream()))],
                form["decision"].ToString());
        }
        else if (request.HasJsonContentType())
        {
            var body = await request.ReadFromJsonAsync<AnswerBody>(cancellationToken);
            answer = new VendorAnswer(body?.Text, [], body?.Decision);
        }
        else
            return new UnsupportedMediaTypeProblem($"Send the answer as application/json or multipart/form-data, not '{request.ContentType}'.");
        var result = await requests.AnswerAsync(id, answer, EvidenceSender.Of(context.User), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return AnswerFailure.For(context, result);
        return TypedResults.Ok(VendorRequestDto.From(result.Value!, await evidence.OfRequestAsync(id, cancellationToken)));
    }

    private static Task<Results<Ok<VendorRequestDto>, MoveFailure>> Close(Guid id, Guid requestId, VendorRequests requests, EvidenceFileStore evidence,
        HttpContext context, CancellationToken cancellationToken) =>
        MoveAsync(requests.CloseAsync(context.User.UserName(), id, requestId, cancellationToken), evidence, context, cancellationToken);

    private static Task<Results<Ok<VendorRequestDto>, MoveFailure>> Reopen(Guid id, Guid requestId, VendorRequests requests, EvidenceFileStore evidence,
        HttpContext context, CancellationToken cancellationToken) =>
        MoveAsync(requests.ReopenAsync(context.User.UserName(), id, requestId, cancellationToken), evidence, context, cancellationToken);

    private static Task<Results<Ok<VendorRequestDto>, MoveFailure>> Withdraw(Guid id, Guid requestId, VendorRequests requests, EvidenceFileStore evidence,
        HttpContext context, CancellationToken cancellationToken) =>
        MoveAsync(requests.WithdrawAsync(context.User.UserName(), id, requestId, cancellationToken), evidence, context, cancellationToken);

    private static async Task<Results<Ok<VendorRequestDto>, MoveFailure>> MoveAsync(Task<Features.CommandResult<VendorRequestRow>> move,
        EvidenceFileStore evidence, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await move;
        if (result.Status != CommandStatus.Ok)
            return MoveFailure.For(context, result);
        return TypedResults.Ok(VendorRequestDto.From(result.Value!, await evidence.OfRequestAsync(result.Value!.Id, cancellationToken)));
    }

    private static async Task<Results<Created<EvidenceFileDto>, CommandFailure<ValidationProblem, NotFoundProblem>, UnsupportedMediaTypeProblem>> Upload(Guid id,
        HttpRequest request, EvidenceUploads uploads, HttpContext context, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return new UnsupportedMediaTypeProblem($"Send the document as a multipart form with a 'file' part, not '{request.ContentType}'.");
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        var result = await uploads.UploadAsync(id, file is null ? null : new IncomingFile(file.FileName, file.OpenReadStream()),
            EvidenceSender.Of(context.User), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/evidence/{result.Value!.Id}", EvidenceFileDto.From(result.Value));
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> Download(Guid id, EvidenceFileStore evidence, HttpContext context,
        CancellationToken cancellationToken)
    {
        var file = await evidence.GetAsync(id, cancellationToken);
        if (file is null || !EvidenceFiles.MayRead(context.User, file) || await evidence.ContentAsync(id, cancellationToken) is not { } content)
            return new NotFoundProblem($"There is no evidence file {id} you may read.");
        context.Response.Headers.ETag = $"\"{file.Sha256}\"";
        return TypedResults.File(content, file.ContentType, file.FileName);
    }
}
