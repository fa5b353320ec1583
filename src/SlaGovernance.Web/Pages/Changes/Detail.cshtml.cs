using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Changes;
using SlaGovernance.Web.Identity;
using SlaGovernance.Workflows.Operations;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Pages.Changes;

/// <summary>
/// One change request: what it changes and why, where its approval stands, its redline and amendment once submitted, and for the
/// drafting roles while it is drafted: editing its draft, correcting its class, reason or date, submitting it, withdrawing it.
/// </summary>
[Authorize(Policy = Policies.Reader)]
public sealed class DetailModel(ChangeRequestQueries queries, ChangeRequestStore changes, AgreementStore agreements, AgreementTermStore terms,
    VendorStore vendors, AgreementDocumentStore documents, SubmitChangeRequest submit, UpdateChangeRequest update, WithdrawChangeRequest withdraw, ApprovalProgress progress,
    IWorkflowRegistry registry) : PageModel
{
    public ChangeRequestView? View { get; private set; }
    public ChangeRequestRow Change => View!.Request;

    /// <summary>The vendor's name, or the internal provider's.</summary>
    public string? Provider { get; private set; }

    /// <summary>The stored impact once submitted; while drafted, the impact of the draft as it reads now (<see cref="ImpactIsPreview"/>).</summary>
    public ChangeImpact? Impact { get; private set; }
    public bool ImpactIsPreview { get; private set; }

    /// <summary>While drafted: why submitting the draft as it reads now would be refused for its class, so it is fixed first.</summary>
    public IReadOnlyList<string> ClassProblems { get; private set; } = [];

    /// <summary>The proposed version's status as the agreement's page shows it.</summary>
    public AgreementVersionRow? Proposed { get; private set; }

    /// <summary>The signature of the proposed version, once recorded: the amendment then governs from its effective date, or the signature's if later.</summary>
    public AgreementSignatureRow? ProposedSignature { get; private set; }

    /// <summary>Whether the agreement's current version is this request's draft, so the editor edits it.</summary>
    public bool DraftIsCurrent { get; private set; }

    /// <summary>The request's approval stages; null before it is submitted.</summary>
    public RunProgress? Run { get; private set; }

    /// <summary>The request this one reverts, and the one reverting this.</summary>
    public ChangeRequestRow? Reverts { get; private set; }
    public ChangeRequestRow? RevertedBy { get; private set; }

    /// <summary>The day of the effective date's zone: the signed term's, else the agreement's.</summary>
    public string TimeZone { get; private set; } = "UTC";

    public bool CanDraft { get; private set; }
    public bool MayAct => CanDraft && Change.Status == ChangeRequestStatus.Draft;
    public bool HasDocuments => Change is { ProposedVersion: not null, SubmittedAt: not null };

    [BindProperty]
    public ChangeRequestForm Input { get; set; } = new();

    [BindProperty]
    public int Revision { get; set; }

    public ChangeRequestFormView Form { get; private set; } = new(new ChangeRequestForm(), [], new Dictionary<string, string[]>(), "UTC");
    public ErrorSummaryView Summary { get; private set; } = new([], "submitting");

    /// <summary>Whether the correction form opens by itself: it holds errors to fix.</summary>
    public bool CorrectionOpen { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Input = ChangeRequestForm.From(Change);
        Form = Form with { Input = Input };
        return Page();
    }

    public Task<IActionResult> OnPostSubmitAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => submit.RunAsync(User.UserName(), id, Revision, cancellationToken),
            done => $"{done.Reference} submitted for approval: {done.ImpactSummary}.", "submitting", cancellationToken);

    public Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => update.RunAsync(User.UserName(), id, Input.ToBody(), Revision, cancellationToken),
            done => $"{done.Reference} corrected: {done.Class.Label().ToLowerInvariant()} change, effective {done.EffectiveOn:yyyy-MM-dd}.", "saving",
            cancellationToken);

    public Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, () => withdraw.RunAsync(User.UserName(), id, cancellationToken),
            done => $"{done.Reference} withdrawn; the agreement stays as it was and is free for its next change request.", "withdrawing",
            cancellationToken);

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<CommandResult<ChangeRequestView>>> command, Func<ChangeRequestRow, string> done,
        string doing, CancellationToken cancellationToken)
    {
        if (!MayDraft())
            return Forbid();
        var result = await command();
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = done(result.Value!.Request);
            return Redirect($"/changes/{id}");
        }
        if (result.Status == CommandStatus.NotFound || !await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        var errors = result.Errors ?? new Dictionary<string, string[]>();
        // A correction that was refused keeps what was typed; any other refusal shows the request as stored.
        if (doing != "saving" || result.Status != CommandStatus.Invalid)
            Input = ChangeRequestForm.From(Change);
        var formErrors = errors.Where(e => ChangeRequestFormView.Fields.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        Form = Form with { Input = Input, Errors = formErrors };
        CorrectionOpen = formErrors.Count > 0;
        var draft = Change.ProposedVersion is not null && DraftIsCurrent ? $"/agreements/edit/{Change.AgreementId}" : null;
        Summary = ErrorSummaryView.Of(errors, Form, doing, draft);
        Problem = result.Message;
        return Page();
    }

    private bool MayDraft() => User.IsInRole(Roles.Procurement) || User.IsInRole(Roles.VendorManager) || User.IsInRole(Roles.Admin);

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        View = await queries.GetAsync(id, cancellationToken);
        if (View is null)
            return false;
        var request = View.Request;
        var agreement = View.Agreement;
        Revision = request.Revision;
        CanDraft = MayDraft();
        var governing = (await agreements.GetVersionAsync(request.AgreementId, request.BaseVersion, cancellationToken))!.Parsed;
        var vendor = governing.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        Provider = vendor?.Name ?? governing.InternalProvider;
        TimeZone = (await terms.GetAsync(request.AgreementId, cancellationToken))?.TimeZone ?? governing.TimeZone;
        Proposed = request.ProposedVersion is { } number ? await agreements.GetVersionAsync(request.AgreementId, number, cancellationToken) : null;
        ProposedSignature = request.ProposedVersion is { } signedNumber && request.Status == ChangeRequestStatus.Approved
            ? await documents.SignatureAsync(request.AgreementId, signedNumber, cancellationToken)
            : null;
        DraftIsCurrent = Proposed is { IsEditable: true } && agreement.CurrentVersion == Proposed.Number;
        // A draft (also one sent back for changes) shows its impact as it reads now; the stored one is of the last submission.
        if (Proposed is not null && request.Status == ChangeRequestStatus.Draft)
        {
            Impact = ChangeImpact.Between(governing, Proposed.Parsed, vendor?.RiskTier);
            ImpactIsPreview = true;
            ClassProblems = [.. ChangeClassRules.Check(request.Class, Impact).ToDictionary().SelectMany(e => e.Value)];
        }
        else if (request.Impact is { } stored)
            Impact = ChangeImpact.FromJson(stored);
        Run = request.WorkflowId is { } workflowId ? await progress.ReadAsync(workflowId, cancellationToken) : null;
        Reverts = request.RevertsChangeId is { } reverted ? await changes.GetAsync(reverted, cancellationToken) : null;
        RevertedBy = (await changes.OfAgreementAsync(request.AgreementId, cancellationToken)).FirstOrDefault(c => c.RevertsChangeId == request.Id);
        var classes = ChangeClassGuide.Choices(registry).Where(c => (c.Class == ChangeClass.Termination) == request.IsTermination).ToList();
        Form = new ChangeRequestFormView(Input, classes, new Dictionary<string, string[]>(), TimeZone);
        return true;
    }
}
