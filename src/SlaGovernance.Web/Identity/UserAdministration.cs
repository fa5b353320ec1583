using System.Data.Common;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features;

namespace SlaGovernance.Web.Identity;

public sealed record UserChange(UserAccountInput Account, bool IsActive, int ExpectedVersion);

/// <summary>Creating and changing user accounts; every change is audited in the same transaction.</summary>
public sealed class UserAdministration(Database database, UserStore users, ApiTokenStore tokens, AuditLog audit, PasswordHashing hashing,
    AccountEmails emails, SlaGovernance.Workflows.Tasks.TaskRouting taskRouting, RecentTokenAuthentications recentTokens, TimeProvider time)
{
    public async Task<CommandResult<UserRow>> CreateAsync(string actor, UserAccountInput input, string? password,
        string? externalSubject = null, CancellationToken cancellationToken = default)
    {
        var errors = UserAccountRules.Validate(input);
        if (externalSubject is null)
        {
            foreach (var (field, messages) in UserAccountRules.ValidatePassword(password).ToDictionary())
                foreach (var message in messages)
                    errors.Add(field, message);
        }
        if (!errors.IsValid)
            return CommandResult<UserRow>.Invalid(errors);

        var now = time.GetUtcNow();
        var user = new UserRow
        {
            Id = Guid.NewGuid(),
            UserName = input.UserName!.Trim(),
            DisplayName = input.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            PasswordHash = password is null ? null : hashing.Hash(password),
            TimeZone = input.TimeZone!.Trim(),
            IsActive = true,
            ExternalSubject = externalSubject,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
            SecurityStamp = NewSecurityStamp(),
            Roles = (input.Roles ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        try
        {
            await users.InsertAsync(unit, user, cancellationToken);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return CommandResult<UserRow>.Invalid("userName", $"The user name '{user.UserName}' is already taken.");
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, "user.created", "User", user.Id.ToString(),
            $"Created user {user.UserName} with roles {RoleList(user.Roles)}", After: Describe(user)), cancellationToken);
        if (externalSubject is null)
            await emails.AccountCreatedAsync(unit, user, actor, cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<UserRow>.Ok(user);
    }

    public async Task<CommandResult<UserRow>> UpdateAsync(string actor, Guid id, UserChange change, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await users.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<UserRow>.NotFound($"No user has id {id}.");
        var input = change.Account with { UserName = current.UserName };
        var errors = UserAccountRules.Validate(input);
        if (!errors.IsValid)
            return CommandResult<UserRow>.Invalid(errors);
        if (current.Version != change.ExpectedVersion)
            return CommandResult<UserRow>.Stale(current, StaleMessage(current));

        var updated = new UserRow
        {
            Id = current.Id,
            UserName = current.UserName,
            DisplayName = input.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            PasswordHash = current.PasswordHash,
            TimeZone = input.TimeZone!.Trim(),
            IsActive = change.IsActive,
            FailedLoginCount = current.FailedLoginCount,
            LockoutEnd = current.LockoutEnd,
            ExternalSubject = current.ExternalSubject,
            CreatedAt = current.CreatedAt,
            UpdatedAt = time.GetUtcNow(),
            Version = current.Version + 1,
            SecurityStamp = current.IsActive && !change.IsActive ? NewSecurityStamp() : current.SecurityStamp,
            Roles = (input.Roles ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
        if (!await users.UpdateAsync(unit, updated, change.ExpectedVersion, cancellationToken))
            return CommandResult<UserRow>.Stale(current, StaleMessage(current));
        await audit.AppendAsync(unit, new AuditRecord(actor, "user.updated", "User", id.ToString(),
            $"Updated user {current.UserName}: roles {RoleList(updated.Roles)}, {(updated.IsActive ? "active" : "deactivated")}",
            Describe(current), Describe(updated)), cancellationToken);
        if (current.IsActive && !updated.IsActive)
        {
            await taskRouting.ReturnToRoleAsync(unit, id, current.UserName, actor, cancellationToken);
            await EndSessionsAsync(unit, current, actor, $"{current.UserName} was deactivated by {actor}", cancellationToken);
        }
        await unit.CommitAsync(cancellationToken);
        recentTokens.ForgetAll();
        return CommandResult<UserRow>.Ok(updated);
    }

    /// <summary>Sets a new password and clears any lockout; by an admin, or by the user after proving the old one.</summary>
    public async Task<CommandResult<UserRow>> SetPasswordAsync(string actor, Guid id, string? newPassword, string? currentPassword,
        bool requireCurrent, CancellationToken cancellationToken = default)
    {
        var errors = UserAccountRules.ValidatePassword(newPassword, "newPassword");
        if (!errors.IsValid)
            return CommandResult<UserRow>.Invalid(errors);
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await users.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<UserRow>.NotFound($"No user has id {id}.");
        if (requireCurrent && !hashing.Verify(current.PasswordHash, currentPassword ?? ""))
            return CommandResult<UserRow>.Invalid("currentPassword", "The current password is not correct.");
        var updated = Copy(current, version: current.Version + 1, passwordHash: hashing.Hash(newPassword!), clearLockout: true,
            securityStamp: NewSecurityStamp());
        if (!await users.UpdateAsync(unit, updated, current.Version, cancellationToken))
            return CommandResult<UserRow>.Stale(current, StaleMessage(current));
        await audit.AppendAsync(unit, new AuditRecord(actor, "user.password-set", "User", id.ToString(),
            $"Password of {current.UserName} set by {actor}"), cancellationToken);
        await EndSessionsAsync(unit, current, actor, requireCurrent ? $"{current.UserName} changed their password" : $"Password of {current.UserName} reset by {actor}",
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        recentTokens.ForgetAll();
        return CommandResult<UserRow>.Ok(updated);
    }

    /// <summary>A user's own display name and time zone.</summary>
    public async Task<CommandResult<UserRow>> UpdateProfileAsync(string actor, Guid id, string? displayName, string? email,
        string? timeZone, CancellationToken cancellationToken = default)
    {
        var current = await users.GetAsync(id, cancellationToken);
        if (current is null)
            return CommandResult<UserRow>.NotFound($"No user has id {id}.");
        var input = new UserAccountInput(current.UserName, displayName, email, timeZone, current.Roles);
        return await UpdateAsync(actor, id, new UserChange(input, current.IsActive, current.Version), cancellationToken);
    }

    /// <summary>
    /// The user's new security stamp ends their other sessions at their next request; their personal API tokens are revoked with it, and
    /// the vendor tokens they issued, which speak for the vendor, are marked for an administrator's review at /admin/tokens.
    /// </summary>
    private async Task EndSessionsAsync(UnitOfWork unit, UserRow user, string actor, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var revoked = await tokens.RevokePersonalAsync(unit, user.Id, now, cancellationToken);
        var marked = await tokens.MarkVendorTokensForReviewAsync(unit, user.Id, $"{reason} on {now:yyyy-MM-dd HH:mm} UTC", cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "user.sessions-ended", "User", user.Id.ToString(),
            $"{reason}: the other sessions of {user.UserName} end, {revoked} personal API token(s) revoked, {marked} vendor token(s) they issued " +
            "marked for review"), cancellationToken);
    }

    private static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static UserRow Copy(UserRow user, int version, string? passwordHash = null, bool clearLockout = false, string? securityStamp = null) => new()
    {
        Id = user.Id,
        UserName = user.UserName,
        DisplayName = user.DisplayName,
        Email = user.Email,
        PasswordHash = passwordHash ?? user.PasswordHash,
        TimeZone = user.TimeZone,
        IsActive = user.IsActive,
        FailedLoginCount = clearLockout ? 0 : user.FailedLoginCount,
        LockoutEnd = clearLockout ? null : user.LockoutEnd,
        ExternalSubject = user.ExternalSubject,
        CreatedAt = user.CreatedAt,
        UpdatedAt = user.UpdatedAt,
        Version = version,
        SecurityStamp = securityStamp ?? user.SecurityStamp,
        Roles = user.Roles,
    };

    private static string StaleMessage(UserRow current) =>
        $"User {current.UserName} was changed by someone else (now version {current.Version}); reload and apply your change again.";

    private static string RoleList(IReadOnlyList<string> roles) => roles.Count == 0 ? "(none)" : string.Join(", ", roles);

    private static string Describe(UserRow user) => JsonSerializer.Serialize(new
    {
        user.UserName,
        user.DisplayName,
        user.Email,
        user.TimeZone,
        user.IsActive,
        user.Roles,
        user.Version,
    });
}
