using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Users;

using UserChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, PreconditionFailedProblem>;
using PasswordChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>;

public sealed record UserDto(Guid Id, string UserName, string DisplayName, string? Email, string TimeZone, bool IsActive,
    IReadOnlyList<string> Roles, bool IsLockedOut, bool IsExternal, int Version, DateTimeOffset CreatedAt)
{
    public static UserDto From(UserRow row, DateTimeOffset now) => new(row.Id, row.UserName, row.DisplayName, row.Email, row.TimeZone,
        row.IsActive, row.Roles, row.LockoutEnd > now, row.ExternalSubject is not null, row.Version, row.CreatedAt);
}

public sealed record CreateUserRequest
{
    [Required]
    public string? UserName { get; init; }

    [Required]
    public string? DisplayName { get; init; }

    public string? Email { get; init; }

    /// <summary>An IANA zone such as Europe/London.</summary>
    [Required]
    public string? TimeZone { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    [Required]
    public string? Password { get; init; }
}

/// <summary>The account as it should be: absent roles are removed, and an absent isActive deactivates it.</summary>
public sealed record UpdateUserRequest
{
    [Required]
    public string? DisplayName { get; init; }

    public string? Email { get; init; }

    [Required]
    public string? TimeZone { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }
    public bool IsActive { get; init; }
}

public sealed record SetPasswordRequest(string? NewPassword);

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", List).WithName("ListUsers").WithSummary("User accounts, paged, searchable");
        group.MapGet("/{id:guid}", Get).WithName("GetUser").WithSummary("One user account, with its version as ETag");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("Create a local account");
        group.MapPut("/{id:guid}", Update).WithName("UpdateUser").WithSummary("Change roles, details or deactivate; requires If-Match");
        group.MapPost("/{id:guid}/password", SetPassword).WithName("SetUserPassword").WithSummary("Set a new password and clear a lockout");
        return api;
    }

    private static async Task<Ok<PageDto<UserDto>>> List(UserStore users, TimeProvider time, string? search, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var result = await users.ListAsync(search, PageRequest.Of(page, pageSize), cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new PageDto<UserDto>(result.Items.Select(u => UserDto.From(u, now)).ToList(), result.PageNumber,
            result.PageSize, result.Total));
    }

    private static async Task<Results<Ok<UserDto>, NotFoundProblem>> Get(Guid id, UserStore users, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(id, cancellationToken);
        if (user is null)
            return new NotFoundProblem($"No user has id {id}.");
        context.Response.Headers.ETag = ETags.For(user.Version);
        return TypedResults.Ok(UserDto.From(user, time.GetUtcNow()));
    }

    private static async Task<Results<Created<UserDto>, CommandFailure<ValidationProblem>>> Create(CreateUserRequest request,
        UserAdministration administration, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await administration.CreateAsync(context.User.UserName(),
            new UserAccountInput(request.UserName, request.DisplayName, request.Email, request.TimeZone, request.Roles), request.Password,
            cancellationToken: cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem>.For(context, result);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Created($"/api/v1/users/{result.Value.Id}", UserDto.From(result.Value, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<UserDto>, ValidationProblem, UserChangeFailure, PreconditionRequiredProblem>> Update(Guid id,
        UpdateUserRequest request, UserAdministration administration, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        if (ETags.FromIfMatch(context.Request) is not { } version)
            return ETags.PreconditionRequired();
        if (id == context.User.UserId() && (!request.IsActive || !(request.Roles ?? []).Contains(Roles.Admin)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["roles"] = ["You cannot remove your own Admin role or deactivate yourself; ask another administrator."],
            });
        var result = await administration.UpdateAsync(context.User.UserName(), id, new UserChange(
            new UserAccountInput(null, request.DisplayName, request.Email, request.TimeZone, request.Roles), request.IsActive, version),
            cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return UserChangeFailure.For(context, result, u => u.Version);
        context.Response.Headers.ETag = ETags.For(result.Value!.Version);
        return TypedResults.Ok(UserDto.From(result.Value, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<UserDto>, PasswordChangeFailure>> SetPassword(Guid id, SetPasswordRequest request,
        UserAdministration administration, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await administration.SetPasswordAsync(context.User.UserName(), id, request.NewPassword, null, requireCurrent: false,
            cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(UserDto.From(result.Value!, time.GetUtcNow()))
            : PasswordChangeFailure.For(context, result);
    }
}
