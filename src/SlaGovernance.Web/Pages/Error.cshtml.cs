using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Web.Api;

namespace SlaGovernance.Web.Pages;

/// <summary>Shown for any method, since a failed form post is re-executed here as a post.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public bool DatabaseDown { get; private set; }

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var failure = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        DatabaseDown = failure is not null && ApiExceptionHandler.IsDatabaseUnavailable(failure);
        Response.StatusCode = DatabaseDown ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
    }
}
