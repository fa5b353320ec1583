using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Audits;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Audits;

/// <summary>One audit: where it stands and what comes next, its documents, the recomputed figures, findings and their remediation.</summary>
public sealed class DetailModel(AuditViews views, AuditFindings findings) : PageModel
{
    public AuditDto? Audit { get; private set; }

    public bool IsLead => Audit is not null && (User.IsInRole(Roles.Admin) || string.Equals(User.UserName(), Audit.Lead, StringComparison.OrdinalIgnoreCase));

    public bool CanUpdate => Roles.VendorEditors.Any(User.IsInRole);

    public bool IsBoard => User.IsInRole(Roles.GovernanceBoard);

    [BindProperty]
    public FindingForm Finding { get; set; } = new();

    [BindProperty]
    public string? Text { get; set; }

    [BindProperty]
    public bool Done { get; set; }

    [BindProperty]
    public IFormFile? Evidence { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        (Audit = await views.GetAsync(id, cancellationToken)) is null ? NotFound() : Page();

    public Task<IActionResult> OnPostRecomputeAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Recompute", () => findings.RecomputeAsync(Actor, id, cancellationToken), _ => "The audited periods were recomputed from raw data.",
            "figures", cancellationToken);

    public Task<IActionResult> OnPostFindingAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Finding", () => findings.RecordAsync(Actor, id, new FindingInput(Finding.Title, Finding.Severity, Finding.Concerns, Finding.Evidence,
            Finding.VendorOwner, Finding.Action, Finding.ActionDueOn is { } d ? LocalDate.FromDateOnly(d) : null, Finding.ActionOwner), cancellationToken),
            f => $"Finding F{f.Number} was recorded.", "findings", cancellationToken);

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, Guid findingId, CancellationToken cancellationToken)
    {
        await using var stream = Evidence?.OpenReadStream();
        IReadOnlyList<IncomingFile> files = stream is null ? [] : [new IncomingFile(Evidence!.FileName, stream)];
        return await RunAsync(id, "Update", () => findings.UpdateActionAsync(EvidenceSender.Of(User), findingId, Text, Done, files, cancellationToken),
            f => Done ? $"F{f.Number} is reported done; the audit lead verifies it." : $"F{f.Number} was updated.", $"finding-{findingId}", cancellationToken);
    }

    public Task<IActionResult> OnPostVerifyAsync(Guid id, Guid findingId, bool accept, CancellationToken cancellationToken) =>
        RunAsync(id, "Verify", () => findings.VerifyAsync(Actor, id, findingId, accept, Note, cancellationToken),
            f => accept ? $"F{f.Number} is verified and closed." : $"F{f.Number} was sent back.", "findings", cancellationToken);

    public Task<IActionResult> OnPostAcceptRiskAsync(Guid id, Guid findingId, CancellationToken cancellationToken) =>
        RunAsync(id, "AcceptRisk", () => findings.AcceptRiskAsync(Actor, id, findingId, Note, cancellationToken),
            f => $"The risk of F{f.Number} is accepted.", "findings", cancellationToken, board: true);

    private AuditActor Actor => new(User.UserName(), User.IsInRole(Roles.Admin));

    private async Task<IActionResult> RunAsync<T>(Guid id, string prefix, Func<Task<CommandResult<T>>> command, Func<T, string> done, string anchor,
        CancellationToken cancellationToken, bool board = false)
    {
        if (board ? !IsBoard : !CanUpdate)
            return Forbid();
        var result = await command();
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = done(result.Value!);
            return Redirect($"/audits/{id}#{anchor}");
        }
        if ((Audit = await views.GetAsync(id, cancellationToken)) is null)
            return NotFound();
        if (result.Errors is null)
            ModelState.AddModelError(prefix, result.Message ?? "The change was refused.");
        ModelState.AddFieldErrors(result.Errors, prefix);
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    public string? ErrorFor(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    /// <summary>What the audit waits for now, and who acts, in a sentence.</summary>
    public string NextStep()
    {
        var a = Audit!;
        var open = a.Findings.Count(f => !FindingStatus.IsSettled(f.Status));
        return a.Status switch
        {
            VendorAuditStatus.Scheduled => $"The notice goes to {a.VendorName} {a.NoticeDays} days before fieldwork starts on {Day(a.FieldworkOn)}.",
            VendorAuditStatus.EvidenceRequested => $"Waiting for {a.VendorName}'s evidence, due {Day(a.FieldworkOn)}; the vendor is chased and then escalated to.",
            VendorAuditStatus.Fieldwork => $"{a.Lead} does the fieldwork: recompute the periods, record the findings, then complete the fieldwork task in /tasks to issue the report.",
            VendorAuditStatus.Remediation => $"{open} finding(s) wait for remediation: the owner reports each action done with evidence, then {a.Lead} verifies it; the board may accept a risk instead.",
            VendorAuditStatus.Closed => "Nothing: the audit is closed.",
            _ => "Nothing: the audit was cancelled.",
        };
    }

    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    public static string Percent(decimal? value) => value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " %" : "–";

    public sealed class FindingForm
    {
        public string? Title { get; set; }
        public string? Severity { get; set; } = nameof(FindingSeverity.Medium);
        public string? Concerns { get; set; }
        public string? Evidence { get; set; }
        public string? VendorOwner { get; set; }
        public string? Action { get; set; }
        public DateOnly? ActionDueOn { get; set; }
        public string? ActionOwner { get; set; }
    }
}
