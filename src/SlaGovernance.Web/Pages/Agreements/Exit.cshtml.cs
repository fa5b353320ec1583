using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Exits;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Exits;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>An agreement's exit plan (each version) and its exit: what started it, each branch's task with who and when, the checklist.</summary>
public sealed class ExitModel(AgreementStore agreements, ExitStore store, Exits exits, ExitPlans plans) : PageModel
{
    public AgreementRow? Agreement { get; private set; }
    public ExitView? Exit { get; private set; }
    public IReadOnlyList<ExitPlanRow> Plans { get; private set; } = [];
    public string? Problem { get; private set; }
    public bool CanRun => Exits.MayRun(User.Roles());
    public bool CanStart => CanRun && Agreement is { } a && AgreementStatus.IsSigned(a.Status) && a.Status != AgreementStatus.Exited
        && Exit is not { Exit.Status: ExitStatus.Completed };

    /// <summary>The agreements that may replace this one: every other that has not exited.</summary>
    public IReadOnlyList<AgreementRow> Candidates { get; private set; } = [];

    [BindProperty] public Guid? ReplacementId { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public PlanForm Input { get; set; } = new();

    public sealed class PlanForm
    {
        public string? Owner { get; set; }
        public string? Strategy { get; set; }
        public string? StrategyNotes { get; set; }
        public string? What { get; set; }
        public string? Where { get; set; }
        public string? Format { get; set; }
        public string? Volume { get; set; }
        public int? TransitionDays { get; set; }
        public string? PersonName { get; set; }
        public string? PersonRole { get; set; }
        public decimal? EstimatedCost { get; set; }
        public int? EstimatedDurationDays { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStartAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanRun)
            return Forbid();
        var result = await exits.StartByHandAsync(User.UserName(), id, Reason, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return await ShowAsync(id, result.Status, result.Message ?? string.Join(" ", result.Errors?.Values.SelectMany(m => m) ?? []), cancellationToken);
        TempData["Flash"] = result.Value.Started
            ? "The exit has started: the renewal is cancelled, the vendor is asked for the data, and the branches' tasks follow."
            : "The exit was running already; your reason joins it.";
        return Redirect($"/agreements/{id}/exit");
    }

    public async Task<IActionResult> OnPostDataReceivedAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanRun)
            return Forbid();
        var result = await exits.RecordDataReceivedAsync(id, User.UserName(), string.IsNullOrWhiteSpace(Note) ? "recorded by staff" : Note.Trim(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return await ShowAsync(id, result.Status, result.Message ?? "The receipt was not recorded.", cancellationToken);
        TempData["Flash"] = "Receipt of the data recorded: verify it against the plan's inventory in your tasks.";
        return Redirect($"/agreements/{id}/exit");
    }

    public async Task<IActionResult> OnPostReplacementAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanRun)
            return Forbid();
        var result = await exits.LinkReplacementAsync(User.UserName(), id, ReplacementId, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return await ShowAsync(id, result.Status, result.Message ?? string.Join(" ", result.Errors?.Values.SelectMany(m => m) ?? []), cancellationToken);
        TempData["Flash"] = result.Value!.Cover is { } cover ? $"{result.Value.Replacement!.Title} replaces it. {cover.Describe()}" : "The exit names no replacement.";
        return Redirect($"/agreements/{id}/exit");
    }

    public async Task<IActionResult> OnPostPlanAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!CanRun)
            return Forbid();
        var result = await plans.SaveAsync(User.UserName(), id, new ExitPlanInput(Input.Owner, Input.Strategy, Input.StrategyNotes,
            [new DataInventoryItem(Input.What, Input.Where, Input.Format, Input.Volume)], Input.TransitionDays, [new KeyPerson(Input.PersonName, Input.PersonRole)],
            Input.EstimatedCost, Input.EstimatedDurationDays), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Exit plan version {result.Value!.Version} saved.";
            return Redirect($"/agreements/{id}/exit");
        }
        var errors = (result.Errors ?? new Dictionary<string, string[]>()).ToDictionary(
            e => e.Key.Replace("dataInventory[0].", "", StringComparison.Ordinal).Replace("keyPeople[0]", "personName", StringComparison.Ordinal), e => e.Value);
        ModelState.AddFieldErrors(errors);
        return await ShowAsync(id, result.Status, result.Message ?? "The plan was not saved: correct the fields marked below.", cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CommandStatus status, string problem, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
            return NotFound();
        Problem = problem;
        Response.StatusCode = CommandStatuses.PageStatus(status);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Agreement = await agreements.GetAsync(id, cancellationToken);
        if (Agreement is null)
            return false;
        Exit = await exits.ViewAsync(id, cancellationToken);
        Plans = await store.PlansAsync(id, cancellationToken);
        if (Exit is not null && CanRun)
            Candidates = [.. (await agreements.ListAsync(new AgreementQuery(null, null, new SlaGovernance.Data.PageRequest(1, 200)), cancellationToken)).Items
                .Where(a => a.Id != id && a.Status != AgreementStatus.Exited).OrderBy(a => a.Title, StringComparer.Ordinal)];
        return true;
    }
}
