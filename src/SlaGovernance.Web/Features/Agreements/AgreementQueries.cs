using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Documents.Contracts;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Api;

using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Reading agreements: the list, one agreement, its versions and their changes, its lifecycle and its documents.</summary>
internal static class AgreementQueries
{
    internal static void Map(RouteGroupBuilder agreements)
    {
        agreements.MapGet("/", ListAsync).WithName("ListAgreements").WithSummary("Agreements, paged, by title and status").RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}", GetAsync).WithName("GetAgreement")
            .WithSummary("An agreement with its current version's content; the ETag is the revision to send back in If-Match").RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/versions", VersionsAsync).WithName("ListAgreementVersions").WithSummary("Every version with its status and content hash")
            .RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/versions/{number:int}", VersionAsync).WithName("GetAgreementVersion").WithSummary("One version's content")
            .RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/versions/{number:int}/changes", ChangesAsync).WithName("GetAgreementRoundChanges")
            .WithSummary("What a round changed: against the round before it, or for a version's first round against the version before")
            .RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/lifecycle", LifecycleAsync).WithName("GetAgreementLifecycle")
            .WithSummary("Status, signed term (active from and until, in the agreement's zone), tacit renewals and an early end")
            .RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/documents", DocumentsAsync).WithName("ListAgreementDocuments").WithSummary("Documents kept with the agreement")
            .RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/documents/{documentId:guid}", DownloadAsync).WithName("DownloadAgreementDocument")
            .WithSummary("Download a document: a contract or letter (Word) or the signed copy (PDF or Word)")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf", ContractDocument.ContentType).RequireAuthorization(Policies.Reader);
        agreements.MapGet("/{id:guid}/versions/{number:int}/contract", DownloadContractAsync).WithName("DownloadAgreementContract")
            .WithSummary("Download the Word contract generated when the version was approved").ProducesFile(ContractDocument.ContentType)
            .RequireAuthorization(Policies.Reader);
    }

    private static async Task<Results<Ok<PageDto<AgreementSummaryDto>>, ValidationProblem>> ListAsync(AgreementStore agreements, string? search, string? status, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(status) && !AgreementStatus.Lifecycle.IsState(status))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"'{status}' is not a status; use one of {string.Join(", ", AgreementStatus.All)}."],
            });
        var result = await agreements.ListAsync(new AgreementQuery(search, status, PageRequest.Of(page, pageSize)), cancellationToken);
        return TypedResults.Ok(new PageDto<AgreementSummaryDto>(result.Items.Select(AgreementSummaryDto.From).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<AgreementDto>, NotFoundProblem>> GetAsync(Guid id, AgreementStore agreements, HttpContext context,
        CancellationToken cancellationToken)
    {
        if (await agreements.GetAsync(id, cancellationToken) is not { } row)
            return AgreementAnswers.NotFound(id);
        var version = (await agreements.GetVersionAsync(id, row.CurrentVersion, cancellationToken))!;
        context.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(AgreementDto.From(new AgreementView(row, version)));
    }

    private static async Task<Results<Ok<List<AgreementVersionDto>>, NotFoundProblem>> VersionsAsync(Guid id, AgreementStore agreements,
        CancellationToken cancellationToken) =>
        await agreements.GetAsync(id, cancellationToken) is null
            ? AgreementAnswers.NotFound(id)
            : TypedResults.Ok((await agreements.VersionsAsync(id, cancellationToken)).Select(AgreementVersionDto.From).ToList());

    private static async Task<Results<Ok<AgreementVersionContentDto>, NotFoundProblem>> VersionAsync(Guid id, int number, AgreementStore agreements,
        CancellationToken cancellationToken) =>
        await agreements.GetVersionAsync(id, number, cancellationToken) is { } version
            ? TypedResults.Ok(new AgreementVersionContentDto(AgreementVersionDto.From(version), version.Parsed))
            : new NotFoundProblem($"Agreement {id} has no version {number}.");

    private static async Task<Results<Ok<RoundChanges>, NotFoundProblem>> ChangesAsync(Guid id, int number, int? round, AgreementRounds rounds,
        CancellationToken cancellationToken) =>
        await rounds.ChangesAsync(id, number, round, cancellationToken) is { } changes
            ? TypedResults.Ok(changes)
            : new NotFoundProblem(round is null ? $"Version {number} of agreement {id} was never submitted." : $"Version {number} of agreement {id} has no round {round}.");

    private static async Task<Results<Ok<AgreementLifecycleDto>, NotFoundProblem>> LifecycleAsync(Guid id, AgreementLifecycle lifecycle,
        CancellationToken cancellationToken) =>
        await lifecycle.GetAsync(id, cancellationToken) is { } view ? TypedResults.Ok(AgreementLifecycleDto.From(view)) : AgreementAnswers.NotFound(id);

    private static async Task<Ok<List<AgreementDocumentDto>>> DocumentsAsync(Guid id, AgreementDocumentStore documents, CancellationToken cancellationToken) =>
        TypedResults.Ok((await documents.OfAgreementAsync(id, cancellationToken)).Select(AgreementDocumentDto.From).ToList());

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> DownloadAsync(Guid id, Guid documentId, AgreementDocumentStore documents,
        CancellationToken cancellationToken) =>
        await documents.GetAsync(id, documentId, cancellationToken) is { } document
            ? TypedResults.File(document.Content, document.ContentType, document.FileName)
            : new NotFoundProblem($"Agreement {id} has no document {documentId}.");

    private static async Task<Results<FileContentHttpResult, NotFoundProblem>> DownloadContractAsync(Guid id, int number,
        AgreementDocumentStore documents, CancellationToken cancellationToken) =>
        await documents.OfVersionAsync(id, number, AgreementDocumentKinds.Contract, cancellationToken) is { } contract
            ? await DownloadAsync(id, contract.Id, documents, cancellationToken)
            : new NotFoundProblem($"Agreement {id} has no contract for version {number}; a contract is generated when a version is approved.");
}
