using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Exits;

public sealed record ReadinessOutcomeBody
{
    /// <summary>"ready", or "gaps" with at least one gap.</summary>
    public string? Outcome { get; init; }

    public string? Notes { get; init; }

    /// <summary>Each gap with the action that closes it, its owner (a user name) and due date.</summary>
    public IReadOnlyList<ReadinessGap>? Gaps { get; init; }
}

public sealed record ReadinessGapDto(int Number, string Gap, string Action, string Owner, DateOnly DueOn);

public sealed record ExitReadinessDto(Guid Id, Guid VendorId, string VendorName, int Year, string Status, string StatusLabel, string Summary, DateOnly DueOn,
    string StartedBy, DateTimeOffset StartedAt, Guid? WorkflowId, Guid? RequestId, DateTimeOffset? ReceivedAt, string? ReceivedBy, Guid? EvidenceId,
    string? FileName, string? Sha256, DateTimeOffset? OutcomeAt, string? OutcomeBy, string? Notes, IReadOnlyList<ReadinessGapDto> Gaps,
    IReadOnlyList<ExitTaskDto> Tasks)
{
    public static ExitReadinessDto From(ExitReadinessView view)
    {
        var t = view.Test;
        return new(t.Id, t.VendorId, view.VendorName, t.TestYear, t.Status, ExitReadinessStatus.Label(t.Status), ExitReadinessTests.Describe(t), t.DueOn,
            t.StartedBy, t.StartedAt, t.WorkflowId, t.RequestId, t.ReceivedAt, t.ReceivedBy, t.EvidenceId, t.FileName, t.Sha256, t.OutcomeAt, t.OutcomeBy,
            t.Notes, [.. view.Gaps.Select(g => new ReadinessGapDto(g.GapNumber, g.Gap, g.Action, g.Owner, g.DueOn))],
            [.. view.Tasks.Select(s => new ExitTaskDto(s.Id, s.StepId, s.Title, s.AssigneeRole, s.Status, s.DueAt, s.CompletedBy, s.CompletedAt, s.Outcome, s.Comment))]);
    }
}

/// <summary>Exit readiness of the critical vendors, for the Governance board, vendor managers and administrators: each vendor's latest outcome and date.</summary>
public sealed class ExitReadinessAttention(VendorStore vendors, ExitReadinessStore store, VendorOwners owners, TimeProvider time) : IAttentionSource
{
    public AttentionSection Section { get; } = new("exit-readiness", "Exit readiness of critical vendors", 65,
        "No critical vendor is on record. A vendor rated critical is tested for exit readiness every year; its outcome shows here.");

    public bool AppliesTo(AttentionViewer viewer) => viewer.IsIn(Roles.GovernanceBoard) || viewer.IsIn(Roles.VendorManager) || viewer.IsIn(Roles.Admin);

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var latest = (await store.AllAsync(cancellationToken)).GroupBy(t => t.VendorId).ToDictionary(g => g.Key, g => g.First());
        var items = new List<(int Rank, AttentionItem Item)>();
        foreach (var vendor in (await vendors.ActiveAsync(cancellationToken)).Where(v => v.RiskTier == RiskTier.Critical).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            if (!latest.TryGetValue(vendor.Id, out var test))
            {
                items.Add((2, new AttentionItem("exit-readiness", $"{vendor.Name} · exit readiness: never tested", null, false, $"/vendors/{vendor.Id}#exit-readiness",
                    "The yearly sweep starts its test while it has a running agreement; a vendor manager may start it from the vendor's page.")));
                continue;
            }
            var overdue = ExitReadinessTests.IsOverdue(test, today);
            items.Add((overdue ? 0 : test.Status == ExitReadinessStatus.Gaps ? 1 : 3, new AttentionItem("exit-readiness",
                $"{vendor.Name} · exit readiness {test.TestYear}: {ExitReadinessTests.Describe(test)}",
                ExitReadinessStatus.HasOutcome(test.Status) ? null : ZonedDayEnd(test.DueOn), overdue, $"/exit-readiness/{test.Id}",
                test.Status switch
                {
                    ExitReadinessStatus.Ready => "Ready: nothing to do until next year's test.",
                    ExitReadinessStatus.Gaps => "Follow the gaps' actions to their due dates.",
                    ExitReadinessStatus.Received => "A vendor manager tests the sample export and records the outcome.",
                    _ => overdue ? "Overdue: the vendor has not sent its sample export; the chase escalates to the board." : "Waiting for the vendor's sample export.",
                })));
        }
        return [.. items.OrderBy(i => i.Rank).Select(i => i.Item).Take(50)];
    }

    private static DateTimeOffset ZonedDayEnd(DateOnly day) => new(day.ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero);
}

public static class ExitReadinessApi
{
    public static RouteGroupBuilder MapExitReadinessApi(this RouteGroupBuilder api)
    {
        api.MapPost("/vendors/{id:guid}/exit-readiness-tests", StartAsync).WithTags("Exits").WithName("StartExitReadinessTest")
            .WithSummary("Start this year's exit readiness test of a critical vendor by hand (workflows/exit-readiness.json), or return it (200) when it exists")
            .RequireAuthorization(Policies.VendorEditor);
        api.MapGet("/vendors/{id:guid}/exit-readiness-tests", OfVendorAsync).WithTags("Exits").WithName("ListExitReadinessTests")
            .WithSummary("A vendor's exit readiness tests, latest year first").RequireAuthorization(Policies.Reader);
        api.MapGet("/exit-readiness-tests/{id:guid}", GetAsync).WithTags("Exits").WithName("GetExitReadinessTest")
            .WithSummary("An exit readiness test: the sample export with its SHA-256, the outcome, its gaps and each task with who and when")
            .RequireAuthorization(Policies.Reader);
        api.MapPost("/exit-readiness-tests/{id:guid}/outcome", OutcomeAsync).WithTags("Exits").WithName("RecordExitReadinessOutcome")
            .WithSummary("Record the test's outcome once its sample export arrived: ready, or gaps, each with an action, its owner and due date")
            .RequireAuthorization(Policies.VendorEditor);
        return api;
    }

    private static async Task<Results<Created<ExitReadinessDto>, Ok<ExitReadinessDto>, CommandFailure<ValidationProblem, NotFoundProblem>>> StartAsync(Guid id,
        ExitReadinessTests tests, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await tests.StartByHandAsync(context.User.UserName(), id, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return CommandFailure<ValidationProblem, NotFoundProblem>.For(context, result);
        var dto = ExitReadinessDto.From(result.Value.View);
        return result.Value.Started ? TypedResults.Created($"/api/v1/exit-readiness-tests/{dto.Id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<Ok<List<ExitReadinessDto>>> OfVendorAsync(Guid id, ExitReadinessStore store, ExitReadinessTests tests,
        CancellationToken cancellationToken)
    {
        var list = new List<ExitReadinessDto>();
        foreach (var test in await store.OfVendorAsync(id, cancellationToken))
            list.Add(ExitReadinessDto.From((await tests.ViewAsync(test.Id, cancellationToken))!));
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ExitReadinessDto>, NotFoundProblem>> GetAsync(Guid id, ExitReadinessTests tests, CancellationToken cancellationToken) =>
        await tests.ViewAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(ExitReadinessDto.From(view))
            : new NotFoundProblem($"No exit readiness test has id {id}.");

    private static async Task<Results<Ok<ExitReadinessDto>, CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>>> OutcomeAsync(Guid id,
        ReadinessOutcomeBody body, ExitReadinessTests tests, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await tests.RecordOutcomeAsync(context.User.UserName(), id, new ReadinessOutcomeInput(body.Outcome?.Trim().ToLowerInvariant(), body.Notes,
            body.Gaps), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Ok(ExitReadinessDto.From(result.Value!))
            : CommandFailure<ValidationProblem, NotFoundProblem, ConflictProblem>.For(context, result);
    }
}
