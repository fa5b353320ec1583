using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;

namespace SlaGovernance.Web.Pages.Admin.Users;

public sealed class IndexModel(UserStore users, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<UserRow> Users { get; private set; } = new([], 1, 50, 0);

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Users = await users.ListAsync(Search, PageRequest.Of(PageNumber, 50), cancellationToken);
    }
}
