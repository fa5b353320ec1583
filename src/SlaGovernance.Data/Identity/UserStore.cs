using Dapper;

namespace SlaGovernance.Data.Identity;

public sealed class UserRow
{
    public Guid Id { get; init; }
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";
    public string? Email { get; init; }
    public string? PasswordHash { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public bool IsActive { get; init; }
    public int FailedLoginCount { get; init; }
    public DateTimeOffset? LockoutEnd { get; init; }
    public string? ExternalSubject { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public int Version { get; init; }

    /// <summary>Changes when the password is changed or reset or the account deactivated; sessions signed in under another stamp end.</summary>
    public string SecurityStamp { get; init; } = "";

    public IReadOnlyList<string> Roles { get; set; } = [];
}

[SqlCatalogue]
internal static class UserSql
{
    public const string Columns = """
        SELECT id, user_name, display_name, email, password_hash, time_zone, is_active, failed_login_count, lockout_end,
               external_subject, created_at, updated_at, version, security_stamp
        FROM users
        """;

    public const string ById = Columns + "\nWHERE id = @Id";
    public const string ByUserName = Columns + "\nWHERE user_name_normalized = @UserNameNormalized";
    public const string ByExternalSubject = Columns + "\nWHERE external_subject = @ExternalSubject";

    public const string Page = Columns + """

        WHERE (@Pattern IS NULL OR user_name_normalized LIKE @Pattern ESCAPE '\' OR UPPER(display_name) LIKE @Pattern ESCAPE '\')
        ORDER BY user_name_normalized {{page}}
        """;

    public const string Count = """
        SELECT COUNT(*) FROM users
        WHERE (@Pattern IS NULL OR user_name_normalized LIKE @Pattern ESCAPE '\' OR UPPER(display_name) LIKE @Pattern ESCAPE '\')
        """;

    public const string CountAll = "SELECT COUNT(*) FROM users";

    public const string RolesOf = "SELECT role FROM user_roles WHERE user_id = @Id ORDER BY role";
    public const string ActiveInRole = Columns + """

        WHERE is_active = @True AND id IN (SELECT user_id FROM user_roles WHERE role = @Role)
        ORDER BY user_name_normalized
        """;
    public const string RolesOfPage = """
        SELECT user_id AS UserId, role AS Role FROM user_roles
        WHERE user_id IN (
            SELECT id FROM users
            WHERE (@Pattern IS NULL OR user_name_normalized LIKE @Pattern ESCAPE '\' OR UPPER(display_name) LIKE @Pattern ESCAPE '\')
            ORDER BY user_name_normalized {{page}})
        """;
    public const string DeleteRoles = "DELETE FROM user_roles WHERE user_id = @Id";
    public const string InsertRole = "INSERT INTO user_roles (user_id, role) VALUES (@Id, @Role)";

    public const string Insert = """
        INSERT INTO users (id, user_name, user_name_normalized, display_name, email, password_hash, time_zone, is_active,
                           failed_login_count, lockout_end, external_subject, created_at, updated_at, version, security_stamp)
        VALUES (@Id, @UserName, @UserNameNormalized, @DisplayName, @Email, @PasswordHash, @TimeZone, @IsActive,
                @FailedLoginCount, @LockoutEnd, @ExternalSubject, @CreatedAt, @UpdatedAt, @Version, @SecurityStamp)
        """;

    public const string Update = """
        UPDATE users
        SET display_name = @DisplayName, email = @Email, password_hash = @PasswordHash, time_zone = @TimeZone,
            is_active = @IsActive, failed_login_count = @FailedLoginCount, lockout_end = @LockoutEnd,
            external_subject = @ExternalSubject, updated_at = @UpdatedAt, version = @Version, security_stamp = @SecurityStamp
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    /// <summary>@Keep is 0 when a lockout has ended, so counting starts again from this failure, else 1.</summary>
    public const string RecordFailure = """
        UPDATE users SET failed_login_count = failed_login_count * @Keep + 1, lockout_end = @LockoutEnd
        WHERE id = @Id
        """;

    public const string RecordSuccess = "UPDATE users SET failed_login_count = 0, lockout_end = NULL WHERE id = @Id";
}

public sealed class UserStore(Database database)
{
    public static string Normalize(string userName) => userName.Trim().ToUpperInvariant();

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(UserSql.CountAll),
            cancellationToken: cancellationToken));
    }

    /// <summary>The user with their roles in one round trip: every API request authenticates through this.</summary>
    public async Task<UserRow?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            database.Sql(UserSql.ById) + ";\n" + database.Sql(UserSql.RolesOf), new { Id = id }, cancellationToken: cancellationToken));
        var user = await results.ReadSingleOrDefaultAsync<UserRow>();
        var roles = (await results.ReadAsync<string>()).ToList();
        if (user is not null)
            user.Roles = roles;
        return user;
    }

    public Task<UserRow?> FindByUserNameAsync(string userName, CancellationToken cancellationToken = default) =>
        SingleAsync(UserSql.ByUserName, new { UserNameNormalized = Normalize(userName) }, cancellationToken);

    public Task<UserRow?> FindByExternalSubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        SingleAsync(UserSql.ByExternalSubject, new { ExternalSubject = subject }, cancellationToken);

    /// <summary>
    /// The active members of a role, by user name; approval stages and role emails go to them. One query: their
    /// <see cref="UserRow.Roles"/> hold just this role, since these callers need nothing more and run on every step.
    /// </summary>
    public async Task<IReadOnlyList<UserRow>> ActiveInRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var users = (await connection.QueryAsync<UserRow>(new CommandDefinition(database.Sql(UserSql.ActiveInRole), new { Role = role, True = true },
            cancellationToken: cancellationToken))).ToList();
        foreach (var user in users)
            user.Roles = [role];
        return users;
    }

    public async Task<UserRow?> GetAsync(UnitOfWork unit, Guid id, CancellationToken cancellationToken = default)
    {
        var user = await unit.Connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(unit.Sql(UserSql.ById),
            new { Id = id }, unit.Transaction, cancellationToken: cancellationToken));
        if (user is not null)
            user.Roles = (await unit.Connection.QueryAsync<string>(new CommandDefinition(unit.Sql(UserSql.RolesOf),
                new { Id = id }, unit.Transaction, cancellationToken: cancellationToken))).ToList();
        return user;
    }

    public async Task<Page<UserRow>> ListAsync(string? search, PageRequest page, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var args = new { Pattern = LikePattern.Contains(search), page.Offset, Limit = page.PageSize };
        var users = (await connection.QueryAsync<UserRow>(new CommandDefinition(database.Sql(UserSql.Page), args,
            cancellationToken: cancellationToken))).ToList();
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(database.Sql(UserSql.Count), args,
            cancellationToken: cancellationToken));
        if (users.Count > 0)
        {
            var roles = (await connection.QueryAsync<(Guid UserId, string Role)>(new CommandDefinition(
                database.Sql(UserSql.RolesOfPage), args, cancellationToken: cancellationToken))).ToLookup(r => r.UserId, r => r.Role);
            foreach (var user in users)
                user.Roles = roles[user.Id].Order(StringComparer.Ordinal).ToList();
        }
        return new Page<UserRow>(users, page.Page, page.PageSize, total);
    }

    public async Task InsertAsync(UnitOfWork unit, UserRow user, CancellationToken cancellationToken = default)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(UserSql.Insert), Parameters(user, user.Version),
            unit.Transaction, cancellationToken: cancellationToken));
        await ReplaceRolesAsync(unit, user.Id, user.Roles, cancellationToken);
    }

    /// <summary>Writes the user and their roles only if the stored version is still <paramref name="expectedVersion"/>.</summary>
    public async Task<bool> UpdateAsync(UnitOfWork unit, UserRow user, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var affected = await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(UserSql.Update),
            Parameters(user, expectedVersion), unit.Transaction, cancellationToken: cancellationToken));
        if (affected != 1)
            return false;
        await ReplaceRolesAsync(unit, user.Id, user.Roles, cancellationToken);
        return true;
    }

    /// <summary>Counts a failed sign-in; after a lockout that has ended the count starts again (<paramref name="lockoutEnded"/>).</summary>
    public async Task RecordFailedLoginAsync(Guid id, DateTimeOffset? lockoutEnd, bool lockoutEnded = false, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(UserSql.RecordFailure),
            new { Id = id, LockoutEnd = lockoutEnd, Keep = lockoutEnded ? 0 : 1 }, cancellationToken: cancellationToken));
    }

    public async Task RecordSuccessfulLoginAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(database.Sql(UserSql.RecordSuccess), new { Id = id },
            cancellationToken: cancellationToken));
    }

    private async Task<UserRow?> SingleAsync(string sql, object args, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var user = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(database.Sql(sql), args,
            cancellationToken: cancellationToken));
        if (user is not null)
            user.Roles = (await connection.QueryAsync<string>(new CommandDefinition(database.Sql(UserSql.RolesOf),
                new { user.Id }, cancellationToken: cancellationToken))).ToList();
        return user;
    }

    private static async Task ReplaceRolesAsync(UnitOfWork unit, Guid id, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(UserSql.DeleteRoles), new { Id = id },
            unit.Transaction, cancellationToken: cancellationToken));
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
            await unit.Connection.ExecuteAsync(new CommandDefinition(unit.Sql(UserSql.InsertRole), new { Id = id, Role = role },
                unit.Transaction, cancellationToken: cancellationToken));
    }

    private static object Parameters(UserRow user, int expectedVersion) => new
    {
        user.Id,
        user.UserName,
        UserNameNormalized = Normalize(user.UserName),
        user.DisplayName,
        user.Email,
        user.PasswordHash,
        user.TimeZone,
        user.IsActive,
        user.FailedLoginCount,
        user.LockoutEnd,
        user.ExternalSubject,
        user.SecurityStamp,
        user.CreatedAt,
        user.UpdatedAt,
        user.Version,
        ExpectedVersion = expectedVersion,
    };
}
