using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Users;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Me;

using ProfileChangeFailure = CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>;

public sealed record UpdateProfileRequest
{
    [Required]
    public string? DisplayName { get; init; }

    public string? Email { get; init; }

    [Required]
    public string? TimeZone { get; init; }
}

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record AntiforgeryTokenDto(string HeaderName, string Token);

public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/me").WithTags("Me").RequireAuthorization(Policies.Reader);
        group.MapGet("/", Get).WithName("GetMe").WithSummary("Who I am, my roles and display time zone");
        group.MapPut("/", Update).WithName("UpdateMe").WithSummary("Change my display name, email or time zone");
        group.MapPost("/password", ChangePassword).WithName("ChangeMyPassword").WithSummary("Change my password (the current one is required); my other sessions end and my personal API tokens are revoked");
        api.MapGet("/antiforgery", Antiforgery).WithTags("Me").WithName("GetAntiforgeryToken")
            .WithSummary("The header and token a cookie-signed-in browser must send with API writes").RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Results<Ok<UserDto>, UnauthorizedHttpResult>> Get(UserStore users, TimeProvider time, HttpContext context,
        CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(context.User.UserId()!.Value, cancellationToken);
        return user is null ? TypedResults.Unauthorized() : TypedResults.Ok(UserDto.From(user, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<UserDto>, ProfileChangeFailure>> Update(UpdateProfileRequest request, UserAdministration administration,
        TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await administration.UpdateProfileAsync(context.User.UserName(), context.User.UserId()!.Value, request.DisplayName,
            request.Email, request.TimeZone, cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(UserDto.From(result.Value!, time.GetUtcNow()))
            : ProfileChangeFailure.For(context, result);
    }

    private static async Task<Results<Ok<UserDto>, ProfileChangeFailure>> ChangePassword(ChangePasswordRequest request,
        UserAdministration administration, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await administration.SetPasswordAsync(context.User.UserName(), context.User.UserId()!.Value, request.NewPassword,
            request.CurrentPassword, requireCurrent: true, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return ProfileChangeFailure.For(context, result);
        // A browser session that changed the password goes on under the new stamp; a token that did is revoked with the others.
        if (context.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                PrincipalFactory.Create(result.Value!, CookieAuthenticationDefaults.AuthenticationScheme));
        return TypedResults.Ok(UserDto.From(result.Value!, time.GetUtcNow()));
    }

    private static Ok<AntiforgeryTokenDto> Antiforgery(IAntiforgery antiforgery, HttpContext context)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryTokenDto(CookieAntiforgeryFilter.HeaderName, tokens.RequestToken!));
    }
}
