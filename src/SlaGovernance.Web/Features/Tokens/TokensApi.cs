using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Tokens;

public sealed record TokenDto(Guid Id, Guid UserId, string UserName, string Name, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, Guid? VendorId = null, string? Scope = null)
{
    public static TokenDto From(ApiTokenRow row) => new(row.Id, row.UserId, row.UserName, row.Name, row.TokenPrefix, row.CreatedAt,
        row.ExpiresAt, row.RevokedAt, row.LastUsedAt, row.VendorId, row.Scope);
}

/// <summary>The only answer that carries the secret; it is not stored and cannot be shown again.</summary>
public sealed record IssuedTokenDto(TokenDto Token, string Secret);

public sealed record IssueTokenRequest
{
    /// <summary>What uses the token, such as "nightly export".</summary>
    [Required]
    public string? Name { get; init; }

    /// <summary>When the token stops working; absent, it works until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}

public static class TokensApi
{
    public static RouteGroupBuilder MapTokensApi(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/tokens").WithTags("API tokens").RequireAuthorization(Policies.Reader);
        mine.MapGet("/", ListMine).WithName("ListMyTokens").WithSummary("My API tokens (never their secrets)");
        mine.MapPost("/", Issue).WithName("IssueToken").WithSummary("Issue a personal API token; the secret is shown once");
        mine.MapDelete("/{id:guid}", Revoke).WithName("RevokeToken").WithSummary("Revoke one of my tokens (any token, for an Admin)");

        var all = api.MapGroup("/admin/tokens").WithTags("API tokens").RequireAuthorization(Policies.Admin);
        all.MapGet("/", ListAll).WithName("ListAllTokens").WithSummary("Every user's API tokens");
        return api;
    }

    private static async Task<Ok<List<TokenDto>>> ListMine(ApiTokenStore tokens, HttpContext context, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.ListForUserAsync(context.User.UserId()!.Value, cancellationToken)).Select(TokenDto.From).ToList());

    private static async Task<Ok<PageDto<TokenDto>>> ListAll(ApiTokenStore tokens, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var result = await tokens.ListAsync(PageRequest.Of(page, pageSize), cancellationToken);
        return TypedResults.Ok(new PageDto<TokenDto>(result.Items.Select(TokenDto.From).ToList(), result.PageNumber, result.PageSize, result.Total));
    }

    private static async Task<Results<Created<IssuedTokenDto>, CommandFailure<ValidationProblem>>> Issue(IssueTokenRequest request, ApiTokens tokens,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await tokens.IssueAsync(context.User.UserId()!.Value, context.User.UserName(), request.Name, request.ExpiresAt,
            cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        return TypedResults.Created($"/api/v1/tokens/{result.Value!.Token.Id}",
            new IssuedTokenDto(TokenDto.From(result.Value.Token), result.Value.Secret));
    }

    private static async Task<Results<Ok<TokenDto>, CommandFailure<NotFoundProblem>>> Revoke(Guid id, ApiTokens tokens, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await tokens.RevokeAsync(id, context.User.UserId()!.Value, context.User.UserName(), context.User.IsInRole(Roles.Admin),
            cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(TokenDto.From(result.Value!)) : CommandFailure<NotFoundProblem>.For(context, result);
    }
}
