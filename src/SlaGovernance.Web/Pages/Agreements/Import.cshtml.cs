using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Calendars;
using SlaGovernance.Data.Clauses;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>Imports an agreement signed before the system existed: its terms in the editor's form, the signed copy, who signed and when.</summary>
[Authorize(Policy = Policies.ContractKeeper)]
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class ImportModel(ImportSignedAgreement import, VendorStore vendors, ClauseStore clauses, BusinessCalendarStore calendars) : PageModel
{
    public const string Action = "/agreements/import";

    /// <summary>The fields of the signature, shown by the form itself rather than in the agreement's fields.</summary>
    private static readonly string[] SignatureFields = ["signedOn", "signatories", "file"];

    [BindProperty]
    public AgreementForm Input { get; set; } = new();

    [BindProperty]
    public DateOnly? SignedOn { get; set; }

    [BindProperty]
    public string? Signatories { get; set; }

    [BindProperty]
    public IFormFile? SignedCopyFile { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }
    public IReadOnlyList<VendorRow> Vendors { get; private set; } = [];
    public IReadOnlyList<BusinessCalendarRow> Calendars { get; private set; } = [];
    public IReadOnlyList<LibraryClause> LibraryClauses { get; private set; } = [];

    /// <summary>The agreement's fields as the editor shows them, with the messages about the content.</summary>
    public AgreementFormView Form => _form ??= new AgreementFormView(Input, Action, Vendors, Calendars, LibraryClauses, Errors, SignatureFields);
    private AgreementFormView? _form;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A signed agreement usually started before today; the editor's blank form starts next month.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.Date);
        Input = AgreementForm.Blank(User.UserName());
        Input.TermStart = today.AddYears(-1);
        Input.TermEnd = today.AddYears(1).AddDays(-1);
        await LoadChoicesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.DropBlankRows();
        await Input.UseLatestClauseVersionsAsync(clauses, cancellationToken);
        var bytes = await SignedCopy.ReadAllAsync(SignedCopyFile, cancellationToken);
        var result = await import.RunAsync(User.UserName(),
            new ImportInput(Input.ToContent(), null, new SignatureInput(SignedOn, Signatories, SignedCopyFile?.FileName, SignedCopyFile?.ContentType, bytes)),
            cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = result.Value!.Agreement.Status == AgreementStatus.InApproval
                ? $"Imported {result.Value.Agreement.Title}; it becomes signed once someone else in Procurement confirms it from their tasks."
                : $"Imported {result.Value.Agreement.Title}: {AgreementStatus.Label(result.Value.Agreement.Status)}.";
            return Redirect($"/agreements/{result.Value.Agreement.Id}");
        }
        if (Input.Slos.Count == 0)
            Input.Slos.Add(SloRow.Blank());
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "Nothing was imported; see the messages by each field.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    /// <summary>Adds an empty row to one repeating part and shows the form again, importing nothing (without JavaScript).</summary>
    public async Task<IActionResult> OnPostAddAsync(string section, CancellationToken cancellationToken)
    {
        Input.AddRow(section);
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    /// <summary>Takes one row out of a repeating part and shows the form again, importing nothing (without JavaScript).</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string section, int index, CancellationToken cancellationToken)
    {
        Input.RemoveRow(section, index);
        await LoadChoicesAsync(cancellationToken);
        return Page();
    }

    public IEnumerable<string> MessagesFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Vendors = (await vendors.ListAsync(new VendorQuery(null, false, PageRequest.Of(1, 100)), cancellationToken)).Items;
        LibraryClauses = await clauses.ListAsync(null, cancellationToken);
        Calendars = await calendars.ListAsync(cancellationToken);
    }
}
