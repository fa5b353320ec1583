using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Events;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Compliance;

/// <summary>Error budgets, their burn-rate alerts and error-budget policies: settings, the subscribers that keep them current, the API and the start page.</summary>
public static class ErrorBudgetsFeature
{
    public static WebApplicationBuilder AddErrorBudgets(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ErrorBudgetOptions>().Bind(builder.Configuration.GetSection(ErrorBudgetOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ErrorBudgetOptions>, ErrorBudgetOptionsValidation>();
        builder.Services.AddSingleton<ErrorBudgets>();
        builder.Services.AddSingleton<IDomainEventSubscriber, BudgetsFollowUploads>();
        builder.Services.AddSingleton<IDomainEventSubscriber, BudgetsFollowReports>();
        builder.Services.AddAttentionSource<BudgetsAtRiskAttention>();
        return builder;
    }

    public static RouteGroupBuilder MapErrorBudgetsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/agreements/{id:guid}/error-budgets", Get).WithTags("Compliance").WithName("GetErrorBudgets").RequireAuthorization(Policies.Reader)
            .WithSummary("The agreement's error budgets per availability objective and window, its burn-rate alert episodes and error-budget policy triggers")
            .WithDescription("Budget = (100 % - target) x the window's measured time; consumed = downtime from the window's start to the data time " +
                             "(the newest data seen, not the clock); remaining = budget - consumed. Burn rates are per look-back ending at the data time.");
        return api;
    }

    private static async Task<Results<Ok<ErrorBudgetsDto>, NotFoundProblem>> Get(Guid id, AgreementStore agreements, ErrorBudgetStore store,
        Microsoft.Extensions.Options.IOptions<ErrorBudgetOptions> options, CancellationToken cancellationToken)
    {
        var agreement = await agreements.GetAsync(id, cancellationToken);
        if (agreement is null)
            return new NotFoundProblem($"No agreement has id {id}.");
        var budgets = await store.OfAgreementAsync(id, cancellationToken);
        var episodes = await store.EpisodesOfAgreementAsync(id, cancellationToken);
        var exhaustions = await store.ExhaustionsOfAgreementAsync(id, cancellationToken);
        return TypedResults.Ok(new ErrorBudgetsDto(id, agreement.Title,
            [.. options.Value.EffectiveAlerts().Select(a => new BurnRateAlertDto(a.Name, a.Severity.ToString(), ErrorBudgets.Label(a.LongWindow),
                ErrorBudgets.Label(a.ShortWindow), a.Factor))],
            [.. budgets.Select(ErrorBudgetDto.From)], [.. episodes.Select(EpisodeDto.From)], [.. exhaustions.Select(ExhaustionDto.From)]));
    }
}

/// <summary>Stops start-up with the setting that is wrong and why.</summary>
public sealed class ErrorBudgetOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<ErrorBudgetOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ErrorBudgetOptions options) =>
        options.Problem() is { } problem ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem) : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}

public sealed record BurnRateAlertDto(string Name, string Severity, string LongWindow, string ShortWindow, decimal Factor);

/// <summary>One objective's budget over one window, in minutes, as it stood at <paramref name="DataTime"/>.</summary>
public sealed record ErrorBudgetDto(string ObjectiveKey, string Service, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int AgreementVersion,
    double TargetPercent, bool HasBudget, double BudgetMinutes, double ConsumedMinutes, double RemainingMinutes, decimal? RemainingPercent,
    DateTimeOffset DataTime, IReadOnlyDictionary<string, decimal?> BurnRates, IReadOnlyList<BudgetPoint> Points)
{
    public static ErrorBudgetDto From(ErrorBudgetRow r) => new(r.ObjectiveKey, r.Service, r.WindowStart, r.WindowEnd, r.VersionNumber, r.TargetPercent,
        r.HasBudget, r.BudgetMs / 60_000d, r.ConsumedMs / 60_000d, r.RemainingMs / 60_000d, r.RemainingPercent is { } p ? decimal.Round(p, 2) : null, r.DataTime,
        JsonSerializer.Deserialize<Dictionary<string, decimal?>>(r.BurnRates, JsonSerializerOptions.Web) ?? [],
        JsonSerializer.Deserialize<List<BudgetPoint>>(r.Points, JsonSerializerOptions.Web) ?? []);
}

public sealed record EpisodeDto(string ObjectiveKey, string Service, string Alert, string Severity, double Factor, DateTimeOffset StartedAt,
    DateTimeOffset? ResolvedAt, bool Late, double? LongRate, double? ShortRate, double RemainingMinutes, double BudgetMinutes, DateTimeOffset FoundAt)
{
    public static EpisodeDto From(ErrorBudgetEpisodeRow e) => new(e.ObjectiveKey, e.Service, e.Alert, e.Severity, e.Factor, e.StartedAt, e.ResolvedAt, e.Late,
        e.LongRate, e.ShortRate, e.RemainingMs / 60_000d, e.BudgetMs / 60_000d, e.FoundAt);
}

/// <summary>The agreement's error-budget policy triggered for an objective's window: what it asked for (breach review, freeze, board).</summary>
public sealed record ExhaustionDto(string ObjectiveKey, string Service, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, int AgreementVersion,
    DateTimeOffset TriggeredAt, double RemainingMinutes, double BudgetMinutes, bool ChangesFrozen, bool BoardNotified, bool BreachReviewRequired)
{
    public static ExhaustionDto From(ErrorBudgetExhaustionRow x) => new(x.ObjectiveKey, x.Service, x.WindowStart, x.WindowEnd, x.VersionNumber, x.TriggeredAt,
        x.RemainingMs / 60_000d, x.BudgetMs / 60_000d, x.ChangesFrozen, x.BoardNotified, x.BreachReviewRequired);
}

public sealed record ErrorBudgetsDto(Guid AgreementId, string Title, IReadOnlyList<BurnRateAlertDto> Alerts, IReadOnlyList<ErrorBudgetDto> Budgets,
    IReadOnlyList<EpisodeDto> Episodes, IReadOnlyList<ExhaustionDto> PolicyTriggers);

/// <summary>Probe samples or outages stored: the budgets and alerts of the objectives they feed, at the data's time.</summary>
public sealed class BudgetsFollowUploads(ErrorBudgets budgets) : DomainEventSubscriber<RawDataStored>
{
    protected override Task HandleAsync(RawDataStored stored, CancellationToken cancellationToken) =>
        budgets.AfterUploadAsync(stored.AgreementId, stored.UploadId, stored.Kind, cancellationToken);
}

/// <summary>A report stored: the budgets of its period brought up to date with the same data.</summary>
public sealed class BudgetsFollowReports(ErrorBudgets budgets) : DomainEventSubscriber<ComplianceReportComputed>
{
    protected override Task HandleAsync(ComplianceReportComputed computed, CancellationToken cancellationToken) =>
        budgets.AfterReportAsync(computed.AgreementId, computed.PeriodStart, computed.PeriodEnd, cancellationToken);
}

/// <summary>
/// Budgets at risk: burn-rate alerts firing now, and budgets of the current window with little left. Vendor managers, the board and
/// administrators see every agreement's; an owner sees those of the agreements they own.
/// </summary>
public sealed class BudgetsAtRiskAttention(ErrorBudgetStore store, AgreementStore agreements, Microsoft.Extensions.Options.IOptions<ErrorBudgetOptions> options,
    TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("budgets-at-risk", "Error budgets at risk", 45,
        "No error budget is burning fast or running low. Budgets follow the probe samples and outages vendors upload.");

    public bool AppliesTo(AttentionViewer viewer) =>
        viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.GovernanceBoard) || viewer.IsIn(Roles.Admin) || viewer.IsIn(Roles.Procurement);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var everyone = viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.GovernanceBoard) || viewer.IsIn(Roles.Admin);
        var titles = new Dictionary<Guid, AgreementRow?>();
        async Task<AgreementRow?> AgreementAsync(Guid id)
        {
            if (!titles.TryGetValue(id, out var row))
                titles[id] = row = await agreements.GetAsync(id, cancellationToken);
            return row;
        }
        var items = new List<AttentionItem>();
        foreach (var episode in await store.OpenEpisodesAsync(cancellationToken))
        {
            var agreement = await AgreementAsync(episode.AgreementId);
            if (agreement is null || (!everyone && agreement.Owner != viewer.UserName))
                continue;
            items.Add(new AttentionItem("budget-burning", $"{agreement.Title}: {episode.Service} availability burning " +
                    $"{ErrorBudgets.Rate((decimal)(episode.LongRate ?? 0))}x ({episode.Alert}){(episode.Late ? ", found in late data" : "")}",
                null, episode.Severity == nameof(BurnAlertSeverity.Page), $"/agreements/{episode.AgreementId}/compliance#error-budgets",
                episode.Severity == nameof(BurnAlertSeverity.Page)
                    ? "Ask the vendor now whether an incident is open and when service will be restored."
                    : "Raise the trend with the vendor and ask for the cause and a remediation plan.",
                string.Create(CultureInfo.InvariantCulture,
                    $"Since {episode.StartedAt:yyyy-MM-dd HH:mm} UTC (data time); {ErrorBudgets.Minutes(episode.RemainingMs)} of {ErrorBudgets.Minutes(episode.BudgetMs)} budget minutes were left then.")));
        }
        var threshold = options.Value.AtRiskRemainingPercent;
        foreach (var budget in (await store.CurrentAsync(time.GetUtcNow(), cancellationToken)).Where(b => b.RemainingPercent <= threshold))
        {
            var agreement = await AgreementAsync(budget.AgreementId);
            if (agreement is null || (!everyone && agreement.Owner != viewer.UserName))
                continue;
            var exhausted = budget.RemainingMs <= 0;
            items.Add(new AttentionItem(exhausted ? "budget-exhausted" : "budget-low",
                string.Create(CultureInfo.InvariantCulture, $"{agreement.Title}: {budget.Service} availability has {budget.RemainingPercent:0.#} % of its error budget left"),
                budget.WindowEnd, false, $"/agreements/{budget.AgreementId}/compliance#error-budgets",
                exhausted
                    ? "The budget is spent: the agreement's error-budget policy applies; review the breach with the vendor."
                    : "Watch the burn rate and agree with the vendor how to protect what is left of the budget.",
                $"{ErrorBudgets.Minutes(budget.RemainingMs)} of {ErrorBudgets.Minutes(budget.BudgetMs)} minutes left in the window to {budget.WindowEnd:yyyy-MM-dd}, as of the data at {budget.DataTime:yyyy-MM-dd HH:mm} UTC."));
        }
        return items;
    }
}
