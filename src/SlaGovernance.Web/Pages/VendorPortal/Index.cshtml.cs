using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.VendorPortal;

/// <summary>
/// The vendor's own page: a sign-in form that takes the vendor token (posted, never in the address), then the vendor's requests with a
/// form to answer each with text and files. Everything here runs under the vendor session, not a staff sign-in.
/// </summary>
public sealed class IndexModel(VendorSignIn signIn, VendorRequestStore requests, EvidenceFileStore evidence, VendorRequests inbox,
    SlaGovernance.Data.Audits.VendorAuditStore audits, Features.Audits.AuditFindings findings) : PageModel
{
    /// <summary>The remediation actions of the vendor's audit findings still to settle, soonest due first, with the audit they came from.</summary>
    public IReadOnlyList<(SlaGovernance.Data.Audits.VendorAuditRow Audit, SlaGovernance.Data.Audits.FindingRow Finding)> Actions { get; private set; } = [];
    public Guid? FailedAction { get; private set; }

    public ClaimsPrincipal? Vendor { get; private set; }
    public string VendorName => Vendor?.FindFirstValue(ClaimTypes.Name)?.Split(" (token")[0] ?? "";
    public IReadOnlyList<VendorRequestRow> Requests { get; private set; } = [];
    public Dictionary<Guid, IReadOnlyList<EvidenceFileRow>> Files { get; } = [];
    public string? SignInError { get; private set; }
    public Guid? FailedRequest { get; private set; }
    public string? AnswerText { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await AuthenticateAsync())
            return Page();
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSignInAsync(string? token)
    {
        if (await signIn.SignInAsync(HttpContext, token))
            return Redirect("/vendor");
        SignInError = VendorSignIn.Refusal;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(VendorSessions.Scheme);
        return Redirect("/vendor");
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid requestId, string? text, string? decision, List<IFormFile> files, CancellationToken cancellationToken)
    {
        if (!await AuthenticateAsync())
            return Redirect("/vendor");
        var result = await inbox.AnswerAsync(requestId, new VendorAnswer(text, [.. files.Select(f => new IncomingFile(f.FileName, f.OpenReadStream()))], decision),
            EvidenceSender.Of(Vendor!), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Your answer to '{result.Value!.Title}' was sent. Thank you.";
            return Redirect("/vendor");
        }
        FailedRequest = requestId;
        AnswerText = text;
        if (result.Errors is null)
            ModelState.AddModelError("Answer", result.Message ?? "The answer was refused.");
        ModelState.AddFieldErrors(result.Errors, "Answer");
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostActionAsync(Guid findingId, string? text, bool done, List<IFormFile> files, CancellationToken cancellationToken)
    {
        if (!await AuthenticateAsync())
            return Redirect("/vendor");
        var result = await findings.UpdateActionAsync(EvidenceSender.Of(Vendor!), findingId, text,
            done, [.. files.Select(f => new IncomingFile(f.FileName, f.OpenReadStream()))], cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = done
                ? $"F{result.Value!.Number} '{result.Value.Title}' is reported done; the audit lead verifies it."
                : $"Your update to F{result.Value!.Number} '{result.Value.Title}' was sent. Thank you.";
            return Redirect("/vendor");
        }
        FailedAction = findingId;
        AnswerText = text;
        if (result.Errors is null)
            ModelState.AddModelError("Action", result.Message ?? "The update was refused.");
        ModelState.AddFieldErrors(result.Errors, "Action");
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetEvidenceAsync(Guid evidenceId, CancellationToken cancellationToken)
    {
        if (!await AuthenticateAsync())
            return Redirect("/vendor");
        var file = await evidence.GetAsync(evidenceId, cancellationToken);
        if (file is null || !EvidenceFiles.MayRead(Vendor!, file) || await evidence.ContentAsync(evidenceId, cancellationToken) is not { } content)
            return NotFound();
        return File(content, file.ContentType, file.FileName);
    }

    private async Task<bool> AuthenticateAsync()
    {
        var result = await HttpContext.AuthenticateAsync(VendorSessions.Scheme);
        Vendor = result.Succeeded ? result.Principal : null;
        return Vendor is not null;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Requests = await requests.OfVendorAsync(Vendor!.VendorId()!.Value, null, cancellationToken);
        foreach (var request in Requests)
            Files[request.Id] = await evidence.OfRequestAsync(request.Id, cancellationToken);
        var actions = new List<(SlaGovernance.Data.Audits.VendorAuditRow, SlaGovernance.Data.Audits.FindingRow)>();
        foreach (var audit in await audits.OfVendorAsync(Vendor!.VendorId()!.Value, cancellationToken))
            actions.AddRange((await audits.FindingsAsync(audit.Id, cancellationToken))
                .Where(f => !Domain.Audits.FindingStatus.IsSettled(f.Status)).Select(f => (audit, f)));
        Actions = [.. actions.OrderBy(a => a.Item2.ActionDueOn)];
    }
}
