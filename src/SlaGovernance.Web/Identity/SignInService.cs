using System.Security.Claims;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Identity;

public enum SignInStatus
{
    Succeeded,
    Failed,
    LockedOut,
}

public sealed record SignInResult(SignInStatus Status, ClaimsPrincipal? Principal, DateTimeOffset? LockedUntil);

/// <summary>Checks a password, counting failures and locking the account after too many.</summary>
public sealed class SignInService(
    Database database,
    UserStore users,
    AuditLog audit,
    PasswordHashing hashing,
    IOptions<SecurityOptions> options,
    TimeProvider time)
{
    public async Task<SignInResult> PasswordSignInAsync(string? userName, string? password, string authenticationType,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return new(SignInStatus.Failed, null, null);
        var user = await users.FindByUserNameAsync(userName, cancellationToken);
        var now = time.GetUtcNow();
        if (user is null || !user.IsActive)
        {
            // Hash anyway so an unknown name takes as long as a wrong password.
            hashing.Verify(UnknownUserHash.Value, password);
            return new(SignInStatus.Failed, null, null);
        }
        var passwordMatches = hashing.Verify(user.PasswordHash, password);
        // A locked account answers as a wrong password does, after the same work, so neither tells which names exist.
        if (user.LockoutEnd is { } lockedUntil && lockedUntil > now)
            return new(SignInStatus.LockedOut, null, lockedUntil);
        if (!passwordMatches)
        {
            // Once a lockout has ended the count starts again, so one wrong password does not lock the account for another period.
            var lockoutEnded = user.LockoutEnd is not null;
            var failures = (lockoutEnded ? 0 : user.FailedLoginCount) + 1;
            DateTimeOffset? lockout = failures >= options.Value.MaxFailedLogins
                ? now.AddMinutes(options.Value.LockoutMinutes)
                : null;
            await users.RecordFailedLoginAsync(user.Id, lockout, lockoutEnded, cancellationToken);
            if (lockout is not null)
            {
                await using var unit = await database.BeginAsync(cancellationToken);
                await audit.AppendAsync(unit, new AuditRecord(user.UserName, "user.locked-out", "User", user.Id.ToString(),
                    $"{user.UserName} locked out until {lockout:u} after {failures} failed sign-ins"), cancellationToken);
                await unit.CommitAsync(cancellationToken);
                return new(SignInStatus.LockedOut, null, lockout);
            }
            return new(SignInStatus.Failed, null, null);
        }
        if (user.FailedLoginCount > 0 || user.LockoutEnd is not null)
            await users.RecordSuccessfulLoginAsync(user.Id, cancellationToken);
        return new(SignInStatus.Succeeded, PrincipalFactory.Create(user, authenticationType), null);
    }

    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHashing().Hash(Guid.NewGuid().ToString()));
}
