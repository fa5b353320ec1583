using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Documents.Word;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Changes;

/// <summary>Reading change requests: one, an agreement's history of them, the change calendar, and the redline and amendment documents.</summary>
public sealed class ChangeRequestQueries(ChangeRequestStore changes, AgreementStore agreements, GenerateContract contracts, ContractTemplateStore templates)
{
    public async Task<ChangeRequestView?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        await changes.GetAsync(id, cancellationToken) is { } request && await agreements.GetAsync(request.AgreementId, cancellationToken) is { } agreement
            ? new ChangeRequestView(request, agreement)
            : null;

    /// <summary>
    /// A document of a change to the content, generated from the two frozen versions (so it reads the same every time): the whole
    /// contract with tracked changes, dated when the request was submitted, or the numbered amendment. Null when the request has no
    /// proposed version or was not yet submitted.
    /// </summary>
    public async Task<(byte[] Content, string FileName)?> DocumentAsync(ChangeRequestView view, bool redline, CancellationToken cancellationToken)
    {
        var request = view.Request;
        if (request.ProposedVersion is not { } number || request.SubmittedAt is not { } submittedAt)
            return null;
        var baseVersion = (await agreements.GetVersionAsync(request.AgreementId, request.BaseVersion, cancellationToken))!;
        var proposed = (await agreements.GetVersionAsync(request.AgreementId, number, cancellationToken))!;
        var before = await contracts.InputAsync(baseVersion, submittedAt, cancellationToken);
        var after = await contracts.InputAsync(proposed, submittedAt, cancellationToken);
        var stem = GenerateContract.FileName(view.Agreement.Title, number)[..^".docx".Length] + $"-{request.Reference}";
        if (!redline)
            return (AmendmentDocument.Generate(new AmendmentInput(request.Number, before, after, request.EffectiveOn ?? after.Content.TermStart,
                request.Reason)), $"{stem}-amendment.docx");
        var mark = new RevisionMark(request.RequestedBy, submittedAt);
        var template = await templates.CurrentAsync(cancellationToken);
        return (template is null ? ContractRedline.Generate(before, after, mark) : ContractRedline.Generate(template.Content, before, after, mark),
            $"{stem}-redline.docx");
    }

    internal static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/").WithTags("Change requests");
        group.MapGet("/change-requests/{id:guid}", GetOneAsync).WithName("GetChangeRequest")
            .WithSummary("A change request with its impact; the ETag is the revision to send back in If-Match").RequireAuthorization(Policies.Reader);
        group.MapGet("/agreements/{id:guid}/change-requests", OfAgreementAsync).WithName("ListAgreementChangeRequests")
            .WithSummary("Every change request of an agreement, newest first: its history of changes").RequireAuthorization(Policies.Reader);
        group.MapGet("/change-calendar", CalendarAsync).WithName("ChangeCalendar")
            .WithSummary("Change requests across agreements by effective date, filtered by from and to (yyyy-MM-dd), status, class and agreementId")
            .RequireAuthorization(Policies.Reader);
        group.MapGet("/change-requests/{id:guid}/redline", RedlineAsync).WithName("DownloadChangeRedline")
            .WithSummary("The whole contract of the proposed version with tracked changes against the governing one (Word)")
            .Produces<Stream>(StatusCodes.Status200OK, ContractDocument.ContentType).RequireAuthorization(Policies.Reader);
        group.MapGet("/change-requests/{id:guid}/amendment", AmendmentAsync).WithName("DownloadChangeAmendment")
            .WithSummary("The numbered amendment: the base contract's version and SHA-256, each changed clause in full, a signature block (Word)")
            .Produces<Stream>(StatusCodes.Status200OK, ContractDocument.ContentType).RequireAuthorization(Policies.Reader);
    }

    private static async Task<Results<Ok<ChangeRequestDto>, NotFoundProblem>> GetOneAsync(Guid id, ChangeRequestQueries queries, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } view)
            return new NotFoundProblem($"No change request has id {id}.");
        context.Response.Headers.ETag = ETags.For(view.Request.Revision);
        return TypedResults.Ok(ChangeRequestDto.From(view));
    }

    private static async Task<Results<Ok<List<ChangeRequestDto>>, NotFoundProblem>> OfAgreementAsync(Guid id, ChangeRequestStore changes,
        AgreementStore agreements, CancellationToken cancellationToken)
    {
        if (await agreements.GetAsync(id, cancellationToken) is not { } agreement)
            return AgreementAnswers.NotFound(id);
        return TypedResults.Ok((await changes.OfAgreementAsync(id, cancellationToken)).Select(r => ChangeRequestDto.From(new ChangeRequestView(r, agreement))).ToList());
    }

    private static async Task<Results<Ok<List<ChangeCalendarEntryDto>>, ValidationProblem>> CalendarAsync(DateOnly? from, DateOnly? to, string? status,
        string? @class, Guid? agreementId, ChangeRequestStore changes, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !ChangeRequestStatus.Lifecycle.IsState(status))
            errors["status"] = [$"'{status}' is not a status of a change request; use one of {string.Join(", ", ChangeRequestStatus.All)}."];
        if (@class is not null && (!Enum.TryParse<ChangeClass>(@class, out var parsed) || !Enum.IsDefined(parsed) || @class.All(char.IsAsciiDigit)))
            errors["class"] = [$"'{@class}' is not a class of change; use one of {string.Join(", ", Enum.GetNames<ChangeClass>())}."];
        if (from is { } f && to is { } t && t < f)
            errors["to"] = [$"'to' ({t:yyyy-MM-dd}) is before 'from' ({f:yyyy-MM-dd})."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The request has invalid fields");
        var rows = await changes.CalendarAsync(new ChangeCalendarQuery(from, to, status, @class, agreementId), cancellationToken);
        return TypedResults.Ok(rows.Select(ChangeCalendarEntryDto.From).ToList());
    }

    private static Task<Results<FileContentHttpResult, NotFoundProblem>> RedlineAsync(Guid id, ChangeRequestQueries queries, CancellationToken cancellationToken) =>
        DocumentAsync(id, queries, redline: true, cancellationToken);

    private static Task<Results<FileContentHttpResult, NotFoundProblem>> AmendmentAsync(Guid id, ChangeRequestQueries queries, CancellationToken cancellationToken) =>
        DocumentAsync(id, queries, redline: false, cancellationToken);

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> DocumentAsync(Guid id, ChangeRequestQueries queries, bool redline,
        CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } view)
            return new NotFoundProblem($"No change request has id {id}.");
        if (await queries.DocumentAsync(view, redline, cancellationToken) is not { } document)
            return new NotFoundProblem(view.Request.IsTermination
                ? $"{view.Request.Reference} terminates {view.Agreement.Title}; it changes no clause, so it has no redline or amendment."
                : $"{view.Request.Reference} has not been submitted yet; its redline and amendment are made from the version it submits.");
        return TypedResults.File(document.Content, ContractDocument.ContentType, document.FileName);
    }
}
