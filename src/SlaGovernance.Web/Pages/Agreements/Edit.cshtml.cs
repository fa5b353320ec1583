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

    public string Action => Id is null ? "/agreements/edit" : $"/agreements/edit/{Id}";

    /// <summary>The fields as the shared partial renders them.</summary>
    public AgreementFormView Form => _form ??= new AgreementFormView(Input, Action, Vendors, Calendars, LibraryClauses, Errors);
    private AgreementFormView? _form;

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
        await Input.UseLatestClauseVersionsAsync(clauses, cancellationToken);
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

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Vendors = (await vendors.ListAsync(new VendorQuery(null, false, PageRequest.Of(1, 100)), cancellationToken)).Items;
        LibraryClauses = await clauses.ListAsync(null, cancellationToken);
        Calendars = await calendars.ListAsync(cancellationToken);
    }
}
