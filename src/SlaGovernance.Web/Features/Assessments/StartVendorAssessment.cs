using System.Data.Common;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Assessments;

/// <summary>The <c>Assessments</c> configuration section: when due diligence starts by itself, and how often each tier is assessed again.</summary>
public sealed class AssessmentOptions
{
    public const string Section = "Assessments";

    /// <summary>Where the questionnaire files are; by default workflows/questionnaires beside the application.</summary>
    public string? QuestionnairesFolder { get; set; }

    /// <summary>Start a due diligence for every vendor created.</summary>
    public bool StartForNewVendors { get; set; } = true;

    /// <summary>Months from a completed assessment to the next, by the tier it gave; 0: not again by schedule.</summary>
    public int CriticalMonths { get; set; } = 12;

    public int HighMonths { get; set; } = 24;
    public int MediumMonths { get; set; } = 36;
    public int LowMonths { get; set; }

    public int MonthsFor(RiskTier tier) => tier switch
    {
        RiskTier.Critical => CriticalMonths,
        RiskTier.High => HighMonths,
        RiskTier.Medium => MediumMonths,
        _ => LowMonths,
    };

    public DateOnly? NextDue(DateOnly completedOn, RiskTier tier) => MonthsFor(tier) is > 0 and var months ? completedOn.AddMonths(months) : null;
}

/// <summary>The fields workflows/vendor-assessment.json reads; the score and complete actions fill in the result.</summary>
[StartsDefinition(StartVendorAssessment.Definition)]
public sealed record VendorAssessmentFields(
    string Reference,
    string VendorName,
    string Owner,
    string Cause,
    int InherentRisk = 0,
    int ResidualRisk = 0,
    string ResultTier = "",
    bool Critical = false,
    string NextDueOn = "",
    string BoardOutcome = "") : SubjectFields;

/// <summary>
/// Starts a vendor's due diligence: for a new vendor, when a re-assessment falls due by tier, or by hand (vendor managers, administrators).
/// The assessment row and its audit entry commit first, unique per vendor and cause, so a cause starts one assessment however often it is
/// seen; the workflow then starts and is linked to it.
/// </summary>
public sealed class StartVendorAssessment(Database database, VendorAssessmentStore assessments, VendorStore vendors, VendorOwners owners,
    QuestionnaireCatalogue questionnaires, AuditLog audit, IWorkflowController workflows, TimeProvider time)
{
    public const string Definition = "vendor-assessment";
    public const string SubjectType = "VendorAssessment";
    public const string NewVendorKey = "new-vendor";

    public static string DueKey(Guid previousAssessmentId) => $"due-after/{previousAssessmentId}";

    public async Task<CommandResult<VendorAssessmentRow>> StartAsync(string actor, Guid vendorId, string cause, string? causeKey,
        CriticalityFactorsInput? factorsInput, CancellationToken cancellationToken = default)
    {
        CriticalityFactors? factors = null;
        if (factorsInput is not null)
        {
            var (valid, errors) = VendorRisk.Validate(factorsInput);
            if (valid is null)
                return CommandResult<VendorAssessmentRow>.Invalid(errors);
            factors = valid;
        }
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<VendorAssessmentRow>.NotFound($"No vendor has id {vendorId}.");
        if (vendor.IsArchived)
            return CommandResult<VendorAssessmentRow>.Invalid("vendorId", $"{vendor.Name} is archived; restore it before assessing it.");
        var history = await assessments.OfVendorAsync(vendorId, cancellationToken);
        if (history.FirstOrDefault(a => AssessmentStatus.IsOpen(a.Status)) is { } open)
            return CommandResult<VendorAssessmentRow>.Stale(open, $"{open.Reference} of {vendor.Name} is under way ({AssessmentStatus.Label(open.Status).ToLowerInvariant()}); " +
                                                                  "finish it before starting another.");
        // A re-assessment starts from the factors the last one rated; the vendor manager may rate them again in their review.
        factors ??= history.FirstOrDefault(a => a.Status == AssessmentStatus.Completed)?.Factors();
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var owner = await owners.OwnerOfAsync(vendorId, cancellationToken);
        VendorAssessmentRow row;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            row = new VendorAssessmentRow
            {
                Id = id, Number = await assessments.NextNumberAsync(unit, cancellationToken), VendorId = vendorId, VendorName = vendor.Name, Cause = cause,
                CauseKey = causeKey ?? $"by-hand/{id}", Status = AssessmentStatus.InReview,
                Questionnaires = string.Join(',', ReviewArea.All.Select(a => questionnaires.Latest(a).Key)), OwnerUser = owner?.UserName ?? "",
                DataAccess = factors?.DataAccess, ServiceCriticality = factors?.ServiceCriticality, AnnualSpend = factors?.AnnualSpend,
                Substitutability = factors?.Substitutability, RegulatoryRelevance = factors?.RegulatoryRelevance, TierBefore = vendor.RiskTier.ToString(),
                StartedBy = actor, StartedAt = now, Version = 1,
            };
            try
            {
                await assessments.InsertAsync(unit, row, cancellationToken);
            }
            catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
            {
                return CommandResult<VendorAssessmentRow>.Stale(null!, $"{vendor.Name}'s assessment for this cause ({row.CauseKey}) was already started.");
            }
            await audit.AppendAsync(unit, new AuditRecord(actor, "vendor-assessment.started", "VendorAssessment", row.Id.ToString(),
                $"Due diligence {row.Reference} of {vendor.Name} started ({AssessmentCause.Label(cause).ToLowerInvariant()}); questionnaires {row.Questionnaires}"),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<VendorAssessmentRow>.Ok(await LinkWorkflowAsync(row, cancellationToken));
    }

    /// <summary>Starts the assessment's workflow and links it; also what the sweep uses to finish a start a crash interrupted.</summary>
    public async Task<VendorAssessmentRow> LinkWorkflowAsync(VendorAssessmentRow row, CancellationToken cancellationToken)
    {
        var started = Guid.Parse(await workflows.StartWorkflow(Definition, null, Subject(row), $"assessment/{row.Id}"));
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            var current = await assessments.GetAsync(unit, row.Id, cancellationToken);
            if (current is null || !await assessments.UpdateAsync(unit, current with { WorkflowId = started }, cancellationToken))
                throw new InvalidOperationException($"{row.Reference} changed while its workflow was being linked.");
            await unit.CommitAsync(cancellationToken);
        }
        return (await assessments.GetAsync(row.Id, cancellationToken))!;
    }

    public static WorkflowSubject Subject(VendorAssessmentRow row) => new()
    {
        Type = SubjectType,
        Id = row.Id.ToString(),
        RequestedBy = row.StartedBy,
        Fields = new VendorAssessmentFields(row.Reference, row.VendorName, row.OwnerUser, AssessmentCause.Label(row.Cause).ToLowerInvariant()).ToFields(),
    };
}

/// <summary>
/// Re-assessment by tier: each active vendor whose latest completed assessment has fallen due is assessed again, once (the cause key names
/// the assessment it follows). A vendor never assessed keeps its tier "set by hand" until someone starts its first assessment.
/// </summary>
public sealed class ReassessmentSchedule(VendorAssessmentStore assessments, StartVendorAssessment start, VendorOwners owners, TimeProvider time,
    ILogger<ReassessmentSchedule> logger)
{
    public const string Actor = "assessment-schedule";

    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = await owners.TodayAsync(now, cancellationToken);
        var started = 0;
        foreach (var latest in await assessments.LatestPerVendorAsync(cancellationToken))
        {
            if (latest.WorkflowId is null && AssessmentStatus.IsOpen(latest.Status) && latest.StartedAt < now.AddMinutes(-1))
            {
                await start.LinkWorkflowAsync(latest, cancellationToken);
                started++;
                continue;
            }
            if (latest.Status != AssessmentStatus.Completed || latest.NextDueOn is not { } due || due > today)
                continue;
            var result = await start.StartAsync(Actor, latest.VendorId, AssessmentCause.Due, StartVendorAssessment.DueKey(latest.Id), null, cancellationToken);
            if (result.Status == CommandStatus.Ok)
                started++;
            else
                logger.LogInformation("The re-assessment of {Vendor} was not started: {Why}", latest.VendorName,
                    result.Message ?? string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? []));
        }
        return started;
    }
}

/// <summary>The sweep that starts re-assessments falling due, every hour and at start-up.</summary>
public sealed class ReassessmentSweep(ReassessmentSchedule schedule, TimeProvider time, ILogger<ReassessmentSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                if (await schedule.StartDueAsync(stoppingToken) is > 0 and var started)
                    logger.LogInformation("Due diligence: {Started} re-assessment(s) started", started);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The re-assessment sweep failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

/// <summary>A vendor was created: its first due diligence starts (unless Assessments:StartForNewVendors is off), once.</summary>
public sealed class NewVendorAssessment(StartVendorAssessment start, IOptions<AssessmentOptions> options, ILogger<NewVendorAssessment> logger)
    : DomainEventSubscriber<VendorCreated>
{
    public const string Actor = "assessment-schedule";

    protected override async Task HandleAsync(VendorCreated created, CancellationToken cancellationToken)
    {
        if (!options.Value.StartForNewVendors)
            return;
        var result = await start.StartAsync(Actor, created.VendorId, AssessmentCause.NewVendor, StartVendorAssessment.NewVendorKey, null, cancellationToken);
        if (result.Status != CommandStatus.Ok)
            logger.LogInformation("No first assessment started for vendor {Vendor}: {Why}", created.VendorId,
                result.Message ?? string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? []));
    }
}
