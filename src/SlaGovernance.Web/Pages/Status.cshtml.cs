using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SlaGovernance.Web.Pages;

/// <summary>The page for an error status, shown for any method.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Code { get; set; } = 404;

    public string Heading => Code == 404 ? "Not found" : $"Status {Code}";

    public string Explanation => Code switch
    {
        404 => "There is nothing at this address. It may have been archived, or the link is mistyped.",
        405 => "That action is not possible on this page.",
        _ => $"The request could not be served (status {Code}).",
    };

    public void OnGet()
    {
    }

    public void OnPost()
    {
    }
}
