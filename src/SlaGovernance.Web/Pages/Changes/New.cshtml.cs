using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Changes;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Changes;
using SlaGovernance.Web.Identity;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Pages.Changes;

/// <summary>Opening a change request on an agreement: its class, reason and effective date; a content change is then drafted in the editor.</summary>
[Authorize(Policy = Policies.Drafter)]
public sealed class NewModel(AgreementStore agreements, AgreementTermStore terms, VendorStore vendors, ChangeRequestStore changes, OpenChangeRequest open,
    IWorkflowRegistry registry) : PageModel
{
    [BindProperty]
    public ChangeRequestForm Input { get; set; } = new();

    /// <summary>The agreement's revision when the form was shown: a change made meanwhile is not overridden unseen.</summary>
    [BindProperty]
    public int Revision { get; set; }

    public AgreementRow? Agreement { get; private set; }

    /// <summary>The vendor's name, or the internal provider's.</summary>
    public string? Provider { get; private set; }

    public ChangeRequestFormView Form { get; private set; } = new(new ChangeRequestForm(), [], new Dictionary<string, string[]>(), "UTC");

    public ErrorSummaryView Summary { get; private set; } = new([], "opening the request");

    /// <summary>Why no request can be opened now (an open one, or none approved); the form is not offered.</summary>
    public string? Blocked { get; private set; }

    /// <summary>The open request that blocks a new one, to link to.</summary>
    public ChangeRequestRow? OpenRequest { get; private set; }

    /// <summary>A refusal that is about no field, such as the agreement having changed meanwhile.</summary>
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? @class, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Revision = Agreement!.Version;
        if (Enum.TryParse<ChangeClass>(@class, ignoreCase: true, out var preselected) && Enum.IsDefined(preselected) && !@class!.All(char.IsAsciiDigit)
            && Form.Classes.Any(c => c.Class == preselected))
            Input.Class = preselected.ToString();
        Form = Form with { Input = Input };
        if (OpenRequest is { } openRequest)
            Blocked = $"{openRequest.Reference} ({openRequest.Class.Label().ToLowerInvariant()} change, " +
                $"{ChangeRequestStatus.Label(openRequest.Status).ToLowerInvariant()}, requested by {openRequest.RequestedBy}) is open on {Agreement.Title}; " +
                "an agreement has one open change request at a time. Finish or withdraw it first.";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await open.RunAsync(User.UserName(), id, Input.ToBody(), Revision, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            var request = result.Value!.Request;
            if (request.IsTermination)
            {
                TempData["Flash"] = $"{request.Reference} requested: {result.Value.Agreement.Title} to end from {request.EffectiveOn:yyyy-MM-dd}, " +
                    "now with Procurement, Legal and the Governance board to decide.";
                return Redirect($"/changes/{request.Id}");
            }
            TempData["Flash"] = $"{request.Reference} opened: edit the draft, then submit it.";
            return Redirect($"/agreements/edit/{id}");
        }
        if (result.Status == CommandStatus.NotFound || !await LoadAsync(id, cancellationToken))
            return NotFound();
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        var errors = result.Errors ?? new Dictionary<string, string[]>();
        Form = Form with { Input = Input, Errors = errors };
        Summary = ErrorSummaryView.Of(errors, Form, "opening the request");
        if (result.Status == CommandStatus.Stale && result.Value?.Request is { IsOpen: true } conflict && conflict.Id != Guid.Empty)
        {
            OpenRequest = conflict;
            Problem = OpenLink.WithoutPath(result.Message!, conflict.Id);
        }
        else
        {
            Problem = result.Message;
            // The form goes again with the revision read now, so sending it again applies it to the agreement as it is.
            Revision = Agreement!.Version;
        }
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Agreement = await agreements.GetAsync(id, cancellationToken);
        if (Agreement is null)
            return false;
        Provider = Agreement.VendorId is { } vendorId
            ? (await vendors.GetAsync(vendorId, cancellationToken))?.Name
            : (await agreements.GetVersionAsync(id, Agreement.CurrentVersion, cancellationToken))?.Parsed.InternalProvider;
        var term = await terms.GetAsync(id, cancellationToken);
        var mayTerminate = term is { EndsOn: null } && AgreementStatus.IsRunning(Agreement.Status);
        Form = new ChangeRequestFormView(Input, ChangeClassGuide.Choices(registry, mayTerminate), new Dictionary<string, string[]>(),
            term?.TimeZone ?? Agreement.TimeZone);
        OpenRequest = await changes.OpenOfAsync(id, cancellationToken);
        return true;
    }
}
