using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>
/// Procurement records the signature of the latest approved version with its signed copy. The agreement is then Signed, and
/// Active from the start of its first day in its zone; earlier approved versions are superseded, and the signature is told to
/// other features as <see cref="AgreementSigned"/> (the renewal cycles follow the signed term).
/// </summary>
public sealed class RecordSignature(Database database, AgreementStore agreements, AgreementDocumentStore documents, AgreementLifecycle lifecycle,
    AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementSignatureRow>> RunAsync(string actor, IEnumerable<string> actorRoles, Guid id, SignatureInput input,
        CancellationToken cancellationToken = default)
    {
        if (SegregationOfDuties.MaySign(actorRoles) is { } conflict)
            return CommandResult<AgreementSignatureRow>.Forbidden(conflict.Detail);
        var agreement = await agreements.GetAsync(id, cancellationToken);
        if (agreement is null)
            return CommandResult<AgreementSignatureRow>.NotFound($"No agreement has id {id}.");
        var versions = await agreements.VersionsAsync(id, cancellationToken);
        var version = versions.FirstOrDefault(v => v.Status == AgreementVersionStatus.Approved);
        if (version is null)
            return CommandResult<AgreementSignatureRow>.Forbidden($"Only an approved version can be signed; {agreement.Title} has none.");
        if (agreement.Status == AgreementStatus.Terminated)
            return CommandResult<AgreementSignatureRow>.Forbidden($"{agreement.Title} was terminated; a signature no longer changes it.");
        var errors = new ValidationErrors();
        SignedCopy.Validate(input, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), errors);
        if (!errors.IsValid)
            return CommandResult<AgreementSignatureRow>.Invalid(errors);

        var now = time.GetUtcNow();
        var (document, signature) = SignedCopy.Rows(id, version.Number, input, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await documents.InsertAsync(unit, document, cancellationToken);
        if (!await documents.InsertSignatureAsync(unit, signature, cancellationToken))
            return CommandResult<AgreementSignatureRow>.Stale((await documents.SignatureAsync(id, version.Number, cancellationToken))!,
                $"Version {version.Number} of {agreement.Title} is already signed.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.signed", "Agreement", id.ToString(),
            $"{agreement.Title} version {version.Number} {SignedCopy.Describe(document, signature)}"), cancellationToken);
        foreach (var earlier in versions.Where(v => v.Number < version.Number && v.Status == AgreementVersionStatus.Approved))
            await agreements.ChangeVersionStatusAsync(unit, id, earlier.Number, earlier.Status, AgreementVersionStatus.Superseded, actor, now, null,
                cancellationToken);
        var current = (await agreements.GetAsync(unit, id, cancellationToken))!;
        if (!await lifecycle.ApplySignedTermAsync(unit, current, version.Number, version.Parsed, actor, now, cancellationToken))
            return CommandResult<AgreementSignatureRow>.Stale(signature, $"{agreement.Title} changed status at the same moment; record the signature again.");
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementSignatureRow>.Ok(signature);
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/{id:guid}/signature", HandleAsync).WithName("RecordAgreementSignature")
            .WithSummary("Record the signature of the approved version: multipart form with file (PDF or .docx), signedOn and signatories")
            .WithUploadLimit(UploadLimit.Document).DisableAntiforgery().RequireAuthorization(Policies.ContractKeeper);

    private static async Task<Results<Ok<AgreementSignatureDto>, ValidationProblem,
        CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>>> HandleAsync(Guid id, HttpRequest request,
        RecordSignature sign, HttpContext context, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send a multipart form with the signed copy as 'file'."] });
        var form = await request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        var result = await sign.RunAsync(context.User.UserName(), context.User.Roles(), id, new SignatureInput(SignedCopy.ParseDate(form["signedOn"].ToString()),
            form["signatories"].ToString(), file?.FileName, file?.ContentType, await SignedCopy.ReadAllAsync(file, cancellationToken)), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(new AgreementSignatureDto(result.Value!.VersionNumber, result.Value.SignedOn, result.Value.Signatories, result.Value.DocumentId))
            : CommandFailure<ValidationProblem, NotFoundProblem, ForbiddenProblem, ConflictProblem>.For(context, result);
    }
}
