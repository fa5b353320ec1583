using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Agreements;

/// <summary>Drafting an agreement: version 1 as a draft, owned by the drafter unless the content names an owner.</summary>
public sealed class DraftAgreement(Database database, AgreementStore agreements, AgreementValidator validator, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<AgreementView>> RunAsync(string actor, AgreementContent? content, CancellationToken cancellationToken = default)
    {
        if (content is not null && string.IsNullOrWhiteSpace(content.Owner))
            content = content with { Owner = actor };
        content = content?.WithObjectiveKeys();
        var errors = await validator.ValidateAsync(content, usedBefore: null, cancellationToken);
        if (!errors.IsValid)
            return CommandResult<AgreementView>.Invalid(errors);
        var now = time.GetUtcNow();
        var id = Guid.NewGuid();
        var row = AgreementRow.From(id, content!, AgreementStatus.Draft, 1, actor, now, now, 1);
        var version = AgreementVersionRow.Draft(id, 1, content!, actor, now);
        await using var unit = await database.BeginAsync(cancellationToken);
        await agreements.InsertAsync(unit, row, cancellationToken);
        await agreements.InsertVersionAsync(unit, version, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "agreement.created", "Agreement", id.ToString(),
            $"Drafted {row.Title} (version 1)", After: AgreementValidator.Summary(content!)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<AgreementView>.Ok(new AgreementView(row, version));
    }

    internal static void Map(RouteGroupBuilder agreements) =>
        agreements.MapPost("/", HandleAsync).WithName("CreateAgreement").WithSummary("Draft an agreement (version 1)")
            .RequireAuthorization(Policies.Drafter);

    private static async Task<Results<Created<AgreementDto>, CommandFailure<ValidationProblem>>> HandleAsync(AgreementContent content,
        DraftAgreement draft, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await draft.RunAsync(context.User.UserName(), content, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Agreement.Version);
        return TypedResults.Created($"/api/v1/agreements/{result.Value.Agreement.Id}", AgreementDto.From(result.Value));
    }
}
