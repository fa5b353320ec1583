using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Domain.Audit;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Audit;

public sealed record AuditEntryDto(long Sequence, DateTimeOffset OccurredAt, string Actor, string Action, string EntityType, string? EntityId,
    string? Summary, string? Before, string? After, string Hash)
{
    public static AuditEntryDto From(AuditEntry e) =>
        new(e.Sequence, e.OccurredAt, e.Actor, e.Action, e.EntityType, e.EntityId, e.Summary, e.Before, e.After, e.Hash);
}

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.AuditReader);
        group.MapGet("/", List).WithName("ListAuditEntries").WithSummary("Audit entries, newest first, optionally for one entity");
        group.MapGet("/verify", Verify).WithName("VerifyAuditChain")
            .WithSummary("Whether the hash chain holds and matches its newest keyed checkpoint and, if not, what was found where; an intact log is sealed again");
        return api;
    }

    private static async Task<Ok<PageDto<AuditEntryDto>>> List(AuditLog audit, string? entityType, string? entityId, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var result = await audit.ListAsync(PageRequest.Of(page, pageSize, 50), entityType, entityId, cancellationToken);
        return TypedResults.Ok(new PageDto<AuditEntryDto>(result.Items.Select(AuditEntryDto.From).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<Ok<AuditChainReport>> Verify(AuditCheckpoints checkpoints, CancellationToken cancellationToken) =>
        TypedResults.Ok(await checkpoints.VerifyAsync(cancellationToken));
}
