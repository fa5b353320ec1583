using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Emails;

public sealed record OutboxEmailDto(Guid Id, string MessageId, IReadOnlyList<string> To, string Subject, string Status, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError)
{
    public static OutboxEmailDto From(OutboxRow row) => new(row.Id, row.MessageId, row.To.Select(t => t.Address).ToList(), row.Subject,
        row.Status, row.Attempts, row.CreatedAt, row.NextAttemptAt, row.SentAt, row.LastError);
}

public static class EmailsApi
{
    public static RouteGroupBuilder MapEmailsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/emails").WithTags("Emails").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListEmails").WithSummary("Outbox emails by status: Pending, Sent or Dead (failed for good)");
        group.MapPost("/{id:guid}/resend", Resend).WithName("ResendEmail").WithSummary("Queue a dead letter again, with the same Message-ID");
        return api;
    }

    private static async Task<Results<Ok<PageDto<OutboxEmailDto>>, ValidationProblem>> List(EmailOutbox outbox, string? status, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var wanted = status ?? OutboxStatus.Dead;
        if (wanted is not (OutboxStatus.Pending or OutboxStatus.Sent or OutboxStatus.Dead))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Status '{status}' is not one of Pending, Sent or Dead."],
            });
        var result = await outbox.ListAsync(wanted, PageRequest.Of(page, pageSize), cancellationToken);
        return TypedResults.Ok(new PageDto<OutboxEmailDto>(result.Items.Select(OutboxEmailDto.From).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<OutboxEmailDto>, NotFoundProblem, ConflictProblem>> Resend(Guid id, EmailOutbox outbox,
        EmailResends resends, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await resends.ResendAsync(id, user.UserName(), cancellationToken))
            return TypedResults.Ok(OutboxEmailDto.From((await outbox.GetAsync(id, cancellationToken))!));
        if (await outbox.GetAsync(id, cancellationToken) is null)
            return new NotFoundProblem($"No email has id {id}.");
        return new ConflictProblem("Only an email that failed for good can be resent; this one is still queued or was sent.", "Not a dead letter");
    }
}
