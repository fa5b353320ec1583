using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

[Authorize(Policy = Policies.Drafter)]
public sealed class EditModel(AgreementStore agreements, DraftAgreement draft, SaveDraft save, VendorStore vendors, ClauseStore clauses,
    SlaGovernance.Data.Calendars.BusinessCalendarStore calendars) : PageModel
{
    [BindProperty]
    public AgreementForm Input { get; set; } = new();

    [BindProperty]
    public int Revision { get; set; }

    public Guid? Id { get; private set; }
    public IReadOnlyList<VendorRow> Vendors { get; private set; } = [];
    public IReadOnlyList<SlaGovernance.Data.Calendars.BusinessCalendarRow> Calendars { get; private set; } = [];
    public IReadOnlyList<LibraryClause> LibraryClauses { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        await LoadChoicesAsync(cancellationToken);
        if (id is null)
        {
            Input = AgreementForm.Blank(User.UserName());
            return Page();
        }
        var agreement = await agreements.GetAsync(id.Value, cancellationToken);
        if (agreement is null)
            return NotFound();
        var version = (await agreements.GetVersionAsync(id.Value, agreement.CurrentVersion, cancellationToken))!;
        if (!version.IsEditable)
        {
            TempData["Flash"] = $"Version {version.Number} is {AgreementVersionStatus.Label(version.Status)} and frozen; start a new version to change it.";
            return Redirect($"/agreements/{id}");
        }
        Input = AgreementForm.From(version.Parsed);
        Revision = agreement.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        Input.DropBlankRows();
        // A library clause picked without a version takes the latest published one, as the list shows it.
        var unversioned = Input.Clauses.Where(c => c.LibraryClauseId is not null && c.LibraryVersion is null).ToList();
        if (unversioned.Count > 0)
        {
            var latest = (await clauses.ListAsync(null, cancellationToken)).ToDictionary(c => c.Id, c => c.LatestVersion);
            foreach (var clause in unversioned)
                clause.LibraryVersion = latest.TryGetValue(clause.LibraryClauseId!.Value, out var version) && version > 0 ? version : null;
        }
        var content = Input.ToContent();
        var result = id is null
            ? await draft.RunAsync(User.UserName(), content, cancellationToken)
            : await save.RunAsync(User.UserName(), id.Value, content, Revision, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Saved {result.Value!.Agreement.Title}, version {result.Value.Version.Number}.";
            return Redirect($"/agreements/{result.Value.Agreement.Id}");
        }
        if (Input.Slos.Count == 0)
            Input.Slos.Add(SloRow.Blank());
        await LoadChoicesAsync(cancellationToken);
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "The draft has problems; see the messages by each field.";
        Response.StatusCode = result.Status switch
        {
            CommandStatus.Stale => StatusCodes.Status409Conflict,
            CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
            CommandStatus.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    /// <summary>Adds an empty row to one repeating part and shows the form again, saving nothing.</summary>
    public async Task<IActionResult> OnPostAddAsync(Guid? id, string section, CancellationToken cancellationToken)
    {
        Id = id;
        Input.AddRow(section);
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    /// <summary>Takes one row out of a repeating part and shows the form again, saving nothing.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(Guid? id, string section, int index, CancellationToken cancellationToken)
    {
        Id = id;
        Input.RemoveRow(section, index);
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    private readonly HashSet<string> _shown = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The messages about these field paths (as the rules name them, e.g. slos[0].target), remembered as shown.</summary>
    public IEnumerable<string> MessagesFor(params string[] fields)
    {
        foreach (var field in fields)
            _shown.Add(field);
        return Errors.Where(e => fields.Contains(e.Key, StringComparer.OrdinalIgnoreCase)).SelectMany(e => e.Value).ToList();
    }

    /// <summary>Messages about paths no field of the form showed, with their path so that the reader can find the part.</summary>
    public IEnumerable<string> MessagesNotShown() =>
        Errors.Where(e => !_shown.Contains(e.Key)).SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")).ToList();

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Vendors = (await vendors.ListAsync(new VendorQuery(null, false, PageRequest.Of(1, 100)), cancellationToken)).Items;
        LibraryClauses = await clauses.ListAsync(null, cancellationToken);
        Calendars = await calendars.ListAsync(cancellationToken);
    }
}
