using System.Security.Cryptography;
using System.Text;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features;

namespace SlaGovernance.Web.Identity;

public sealed record IssuedToken(ApiTokenRow Token, string Secret);

/// <summary>Personal API tokens: shown once, stored as a SHA-256 hash, optionally expiring, revocable.</summary>
public sealed class ApiTokens(Database database, ApiTokenStore tokens, AuditLog audit, RecentTokenAuthentications recent, TimeProvider time)
{
    public const string Prefix = "slg_";

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Issues a token; with <paramref name="vendorId"/> it is vendor-scoped (see <see cref="ApiTokenRow.VendorId"/>) and the user is its issuer.</summary>
    public async Task<CommandResult<IssuedToken>> IssueAsync(Guid userId, string userName, string? name, DateTimeOffset? expiresAt,
        Guid? vendorId = null, string? scope = null, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(name))
            errors.Add("name", "Give the token a name that says what uses it, e.g. 'nightly export'.");
        else if (name.Length > 200)
            errors.Add("name", "The token name may be at most 200 characters.");
        var now = time.GetUtcNow();
        if (expiresAt is not null && expiresAt <= now)
            errors.Add("expiresAt", $"The expiry {expiresAt:u} is not in the future.");
        if (!errors.IsValid)
            return CommandResult<IssuedToken>.Invalid(errors);

        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiTokenRow
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            UserName = userName,
            Name = name!.Trim(),
            TokenPrefix = secret[..10],
            TokenHash = HashOf(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
            VendorId = vendorId,
            Scope = scope,
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        await tokens.InsertAsync(unit, token, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(userName, "token.issued", "ApiToken", token.Id.ToString(),
            $"API token '{token.Name}' ({token.TokenPrefix}…) issued " + (vendorId is not null ? $"by {userName} for vendor {vendorId}" : scope is not null ? $"by {userName}, scoped to {scope}" : $"to {userName}") + (expiresAt is null ? "" : $", expires {expiresAt:u}")),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<IssuedToken>.Ok(new IssuedToken(token, secret));
    }

    /// <summary>Revokes a token; only its owner or an administrator may.</summary>
    public async Task<CommandResult<ApiTokenRow>> RevokeAsync(Guid tokenId, Guid actorId, string actor, bool actorIsAdmin,
        CancellationToken cancellationToken = default)
    {
        var token = await tokens.GetAsync(tokenId, cancellationToken);
        if (token is null || (token.UserId != actorId && !actorIsAdmin))
            return CommandResult<ApiTokenRow>.NotFound($"No token of yours has id {tokenId}.");
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await tokens.RevokeAsync(unit, tokenId, time.GetUtcNow(), cancellationToken))
        {
            await audit.AppendAsync(unit, new AuditRecord(actor, "token.revoked", "ApiToken", tokenId.ToString(),
                $"API token '{token.Name}' ({token.TokenPrefix}…) of {token.UserName} revoked"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
            recent.ForgetAll();
        }
        return CommandResult<ApiTokenRow>.Ok((await tokens.GetAsync(tokenId, cancellationToken))!);
    }

    /// <summary>An administrator reviewed a vendor token marked when its issuer's password was reset or they were deactivated, and keeps it.</summary>
    public async Task KeepAfterReviewAsync(Guid tokenId, string actor, CancellationToken cancellationToken = default)
    {
        var token = await tokens.GetAsync(tokenId, cancellationToken);
        if (token?.ReviewReason is null)
            return;
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await tokens.ClearReviewAsync(unit, tokenId, cancellationToken))
        {
            await audit.AppendAsync(unit, new AuditRecord(actor, "token.reviewed", "ApiToken", tokenId.ToString(),
                $"Vendor token '{token.Name}' ({token.TokenPrefix}…) issued by {token.UserName} kept after review ({token.ReviewReason})"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
