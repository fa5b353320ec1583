using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Clauses;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

[Authorize(Policy = Policies.Reader)]
public sealed class DetailModel(AgreementStore agreements, AgreementDocumentStore documents, SubmitForApproval submit, StartNewVersion startVersion,
    GenerateContract contracts, RecordSignature sign, SlaGovernance.Data.Changes.ChangeRequestStore changeRequests, AgreementLifecycle lifecycle, AgreementClauses clauses,
    SlaGovernance.Data.Renewals.RenewalCycleStore renewalCycles, SlaGovernance.Data.Vendors.VendorStore vendors, SlaGovernance.Web.Features.Exits.ExitReadinessTests readiness) : PageModel
{
    /// <summary>The vendor's latest exit readiness test; null when it was never tested.</summary>
    public SlaGovernance.Data.Exits.ExitReadinessRow? Readiness { get; private set; }

    /// <summary>The vendor the agreement is with; null for an internal SLA or OLA.</summary>
    public SlaGovernance.Data.Vendors.VendorRow? Vendor { get; private set; }

    /// <summary>Who signed the signed term's version and on which day; null until a signature is recorded.</summary>
    public AgreementSignatureRow? Signature { get; private set; }

    /// <summary>The newest contract of the newest version that has one, offered at the top of the page.</summary>
    public AgreementDocumentRow? Contract { get; private set; }

    /// <summary>The signed copy of the signed term's version.</summary>
    public AgreementDocumentRow? SignedDocument { get; private set; }

    /// <summary>The renewal decision of each term, newest first, with the workflow that runs it.</summary>
    public IReadOnlyList<SlaGovernance.Data.Renewals.RenewalCycleRow> RenewalCycles { get; private set; } = [];

    public AgreementRow? Agreement { get; private set; }
    public AgreementVersionRow? Version { get; private set; }
    public AgreementContent? Terms { get; private set; }
    public IReadOnlyList<AgreementVersionRow> Versions { get; private set; } = [];

    /// <summary>The current version's clauses as they read: library text with the agreement's values filled in, or non-standard text.</summary>
    public IReadOnlyList<RenderedClause> Clauses { get; private set; } = [];
    public bool CanDraft { get; private set; }
    public bool CanIssueContracts { get; private set; }

    /// <summary>The documents kept with each version (contract, signed copy), without their content.</summary>
    public ILookup<int, AgreementDocumentRow> Documents { get; private set; } = Array.Empty<AgreementDocumentRow>().ToLookup(d => d.VersionNumber);
    public string? Problem { get; private set; }

    /// <summary>The signed term, its renewals and an early end; the term is null until the agreement is signed.</summary>
    public AgreementLifecycleView? Lifecycle { get; private set; }
    /// <summary>Whether the user may request the agreement's early end (a termination change request).</summary>
    public bool CanTerminate { get; private set; }

    /// <summary>Every change request of the agreement, newest first: its history of changes.</summary>
    public IReadOnlyList<SlaGovernance.Data.Changes.ChangeRequestRow> ChangeRequests { get; private set; } = [];

    /// <summary>The agreement's open change request (drafted or in approval), if any.</summary>
    public SlaGovernance.Data.Changes.ChangeRequestRow? OpenChange => ChangeRequests.FirstOrDefault(c => c.IsOpen);

    /// <summary>Whether a change request may be opened now: an approved version, no open request, and not ended.</summary>
    public bool CanRequestChange { get; private set; }

    [BindProperty]
    public int Revision { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => submit.RunAsync(User.UserName(), id, Revision, cancellationToken), "Submitted for approval", cancellationToken);

    public Task<IActionResult> OnPostNewVersionAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => startVersion.RunAsync(User.UserName(), id, Revision, cancellationToken), "New draft version started", cancellationToken);

    /// <summary>Generates the contract of an approved version that has none, such as one approved before contracts were generated.</summary>
    public async Task<IActionResult> OnPostRegenerateContractAsync(Guid id, int number, CancellationToken cancellationToken)
    {
        if (!MayIssueContracts())
            return Forbid();
        var result = await contracts.RunAsync(User.UserName(), id, number, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Contract generated: {result.Value!.FileName}.";
            return Redirect($"/agreements/{id}");
        }
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = result.Status switch
        {
            CommandStatus.Stale => StatusCodes.Status409Conflict,
            CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status404NotFound,
        };
        Problem = result.Message;
        return Page();
    }

    /// <summary>Procurement records the signature of the approved version with the signed copy.</summary>
    public bool CanSign { get; private set; }
    public IReadOnlyDictionary<string, string[]> SignatureErrors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public DateOnly? SignedOn { get; set; }

    [BindProperty]
    public string? Signatories { get; set; }

    [BindProperty]
    public IFormFile? SignedCopy { get; set; }

    public async Task<IActionResult> OnPostSignatureAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!MayKeepContracts())
            return Forbid();
        var content = await Features.Agreements.SignedCopy.ReadAllAsync(SignedCopy, cancellationToken);
        var result = await sign.RunAsync(User.UserName(), User.Roles(), id,
            new SignatureInput(SignedOn, Signatories, SignedCopy?.FileName, SignedCopy?.ContentType, content), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Signature of version {result.Value!.VersionNumber} recorded ({result.Value.SignedOn:yyyy-MM-dd}).";
            return Redirect($"/agreements/{id}");
        }
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        SignatureErrors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "The signature was not recorded; see the messages by its fields.";
        return Page();
    }

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult<AgreementView>>> command, string done, CancellationToken cancellationToken)
    {
        if (!MayDraft())
            return Forbid();
        var result = await command();
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"{done}: {result.Value!.Agreement.Title}, version {result.Value.Version.Number}.";
            return Redirect($"/agreements/{id}");
        }
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = result.Status switch
        {
            CommandStatus.Stale => StatusCodes.Status409Conflict,
            CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        Problem = result.Message ?? "The draft is not complete: " + string.Join(" ", result.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
        return Page();
    }

    private bool MayDraft() => User.IsInRole(Roles.Procurement) || User.IsInRole(Roles.VendorManager) || User.IsInRole(Roles.Admin);

    private bool MayIssueContracts() => User.IsInRole(Roles.Procurement) || User.IsInRole(Roles.Admin);

    /// <summary>The same rule as the signature and termination endpoints' policy.</summary>
    private bool MayKeepContracts() => SegregationOfDuties.MaySign(User.Roles()) is null;

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Agreement = await agreements.GetAsync(id, cancellationToken);
        if (Agreement is null)
            return false;
        Version = await agreements.GetVersionAsync(id, Agreement.CurrentVersion, cancellationToken);
        Terms = Version!.Parsed;
        Clauses = await clauses.RenderAsync(Terms, cancellationToken);
        Versions = await agreements.VersionsAsync(id, cancellationToken);
        Revision = Agreement.Version;
        var kept = await documents.OfAgreementAsync(id, cancellationToken);
        Documents = kept.ToLookup(d => d.VersionNumber);
        Contract = kept.Where(d => d.Kind == AgreementDocumentKinds.Contract).MaxBy(d => (d.VersionNumber, d.CreatedAt));
        Vendor = Agreement.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        Readiness = Vendor is null ? null : await readiness.LatestAsync(Vendor.Id, cancellationToken);
        CanDraft = MayDraft();
        CanIssueContracts = MayIssueContracts();
        Lifecycle = await lifecycle.GetAsync(id, cancellationToken);
        RenewalCycles = await renewalCycles.OfAgreementAsync(id, cancellationToken);
        if (Lifecycle?.Term is { } term)
        {
            Signature = await documents.SignatureAsync(id, term.VersionNumber, cancellationToken);
            SignedDocument = Signature is null ? null : kept.FirstOrDefault(d => d.Id == Signature.DocumentId);
        }
        CanSign = MayKeepContracts() && Lifecycle is { Term: null } && Versions.Any(v => v.Status == AgreementVersionStatus.Approved)
            && Agreement.Status is not (AgreementStatus.Terminated or AgreementStatus.Exited);
        ChangeRequests = await changeRequests.OfAgreementAsync(id, cancellationToken);
        CanRequestChange = MayDraft() && OpenChange is null && Versions.Any(v => v.Status == AgreementVersionStatus.Approved)
            && Agreement.Status is not (AgreementStatus.Expired or AgreementStatus.Terminated or AgreementStatus.Exited) && AgreementVersionStatus.IsDecided(Version.Status);
        CanTerminate = CanRequestChange && Lifecycle is { Term: { EndsOn: null } } && AgreementStatus.IsRunning(Agreement.Status);
        return true;
    }
}
