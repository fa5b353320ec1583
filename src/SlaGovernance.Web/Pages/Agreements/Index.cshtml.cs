using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

[Authorize(Policy = Policies.Reader)]
public sealed class IndexModel(AgreementStore agreements, SlaGovernance.Data.Vendors.VendorStore vendors) : PageModel
{
    public Page<AgreementRow> Agreements { get; private set; } = new([], 1, 25, 0);
    public string? Search { get; private set; }
    public string? Status { get; private set; }
    public bool CanDraft { get; private set; }
    public bool CanImport { get; private set; }

    /// <summary>The names of the vendors of the agreements listed, by id.</summary>
    public IReadOnlyDictionary<Guid, string> VendorNames { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Monthly fees and annual values of the listed agreements, per currency; never added across currencies.</summary>
    public IReadOnlyList<(string Currency, decimal Monthly, decimal Annual)> Totals { get; private set; } = [];

    public async Task OnGetAsync(string? search, string? status, int? page, CancellationToken cancellationToken)
    {
        Search = search;
        Status = AgreementStatus.Lifecycle.IsState(status) ? status : null;
        CanDraft = User.IsInRole(Roles.Procurement) || User.IsInRole(Roles.VendorManager) || User.IsInRole(Roles.Admin);
        CanImport = User.IsInRole(Roles.Procurement) || User.IsInRole(Roles.Admin);
        Agreements = await agreements.ListAsync(new AgreementQuery(search, Status, PageRequest.Of(page, 25)), cancellationToken);
        var names = new Dictionary<Guid, string>();
        foreach (var vendorId in Agreements.Items.Select(a => a.VendorId).OfType<Guid>().Distinct())
        {
            if (await vendors.GetAsync(vendorId, cancellationToken) is { } vendor)
                names[vendorId] = vendor.Name;
        }
        VendorNames = names;
        Totals = Agreements.Items.GroupBy(a => a.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Sum(a => a.MonthlyFee), g.Sum(a => a.AnnualValue))).ToList();
    }

    public string PageLink(int page) => $"/agreements?search={Uri.EscapeDataString(Search ?? "")}&status={Status}&page={page}";
}
