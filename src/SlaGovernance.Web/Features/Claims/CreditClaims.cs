using System.Globalization;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Claims;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Compliance;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Claims;

/// <summary>What workflows/credit-claim.json reads of a claim, and what its tasks and emails name.</summary>
[StartsDefinition(CreditClaims.Definition)]
public sealed record CreditClaimFields(
    Guid AgreementId,
    string Title,
    string Vendor,
    string Reference,
    string Period,
    string Amount,
    string Grounds,
    string RequestedBy,
    bool Disputed = false,
    string? VendorComment = null) : SubjectFields;

/// <summary>What a claim is asked for: a period, optionally the objectives and the amount (the report's capped credit otherwise).</summary>
public sealed record CreditClaimInput(string? Period, IReadOnlyList<string>? Objectives = null, decimal? Amount = null);

/// <param name="EarnBack">What the agreement's earn-back term makes of the claimed credit: forgiven once the periods after it were all met.</param>
public sealed record CreditClaimView(CreditClaimRow Claim, string AgreementTitle, string? VendorName, IReadOnlyList<CreditSettlementRow> Settlements,
    EarnBackAssessment? EarnBack = null)
{
    public decimal Settled => Settlements.Sum(s => s.Amount);

    public decimal Outstanding => CreditClaimStatus.IsOutstanding(Claim.Status) ? Claim.Amount - Settled : 0m;
}

/// <summary>
/// The credit claims register. A claim is opened from a period's latest report revision (by the month-end close's breach review or by
/// hand), for objectives that earned credit and an amount that, with the period's other claims, stays within the report's capped
/// credit; workflows/credit-claim.json then sends the letter, waits for the vendor's answer through its inbox, takes a dispute to
/// Legal, and waits for Finance to record the credit notes.
/// </summary>
public sealed class CreditClaims(Database database, CreditClaimStore claims, ComplianceReportStore reports, AgreementStore agreements, VendorStore vendors,
    AuditLog audit, IWorkflowHost workflows, TaskClosing closing, EarnBacks earnBacks, TimeProvider time)
{
    public const string Definition = "credit-claim";
    public const string SubjectType = "CreditClaim";

    /// <summary>What Finance's "Record the settlement" task closes with, once the credit notes cover the claim.</summary>
    public const string SettledOutcome = "settled";

    /// <summary>What the "Wait for the vendor's answer" task closes with, once the vendor acknowledged or disputed the claim.</summary>
    public const string AnsweredOutcome = "answered";

    /// <summary>Days after the period's end by which a claim must be made, unless the contract says otherwise.</summary>
    public const int DefaultClaimDays = 30;

    public async Task<CommandResult<CreditClaimView>> OpenAsync(string actor, Guid agreementId, CreditClaimInput input, CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return CommandResult<CreditClaimView>.NotFound($"No agreement has id {agreementId}.");
        var period = input.Period?.Trim();
        if (string.IsNullOrEmpty(period))
            return CommandResult<CreditClaimView>.Invalid("period", "Name the period claimed for, such as 2026-03.");
        var latest = await reports.LatestAsync(agreementId, period, cancellationToken);
        if (latest is null)
            return CommandResult<CreditClaimView>.Invalid("period",
                $"{agreement.Title} has no compliance report for {period}; compute it on the compliance page first, since a claim rests on a report.");
        var report = ComplianceReport.FromJson(latest.Result);
        var earning = report.Slos.Where(s => s.CreditPercent > 0).ToList();
        var chosen = input.Objectives is { Count: > 0 } named
            ? earning.Where(s => named.Contains(ObjectiveOf(s), StringComparer.OrdinalIgnoreCase)).ToList()
            : earning;
        var errors = new ValidationErrors();
        if (earning.Count == 0)
            errors.Add("period", $"The report of {period} (revision {latest.Revision}) credits nothing: every objective met its target or earned no tier.");
        foreach (var missing in (input.Objectives ?? []).Where(o => !earning.Any(s => string.Equals(ObjectiveOf(s), o, StringComparison.OrdinalIgnoreCase))))
            errors.Add("objectives", $"'{missing}' earned no credit in {period}; claim only objectives that did: {string.Join(", ", earning.Select(ObjectiveOf).Distinct())}.");
        var existing = (await claims.OfPeriodAsync(agreementId, period, cancellationToken)).Where(c => CreditClaimStatus.Counts(c.Status)).ToList();
        foreach (var objective in chosen.Select(ObjectiveOf).Distinct())
            if (await claims.ClaimOfObjectiveAsync(agreementId, period, objective, cancellationToken) is { } holder)
                errors.Add("objectives", $"{objective} of {period} is claimed already in {existing.FirstOrDefault(c => c.Id == holder)?.Reference ?? "another claim"}.");
        var claimed = existing.Sum(c => c.Amount);
        var amount = input.Amount ?? Math.Max(0, report.CreditAmount - claimed);
        if (errors.IsValid)
            CreditClaimRules.CheckAmount(amount, report.CreditAmount, claimed, report.Currency, errors);
        if (!errors.IsValid)
            return CommandResult<CreditClaimView>.Invalid(errors);

        var content = (await agreements.GetVersionAsync(agreementId, report.AgreementVersion, cancellationToken))!.Parsed;
        var vendor = content.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var lastDay = ZonedDays.DayOf(report.PeriodEnd.AddTicks(-1), report.TimeZone);
        var now = time.GetUtcNow();
        var grounds = chosen.Select(s => new ClaimGround(ObjectiveOf(s), s.Service, s.Metric, s.TargetPercent, s.AttainmentPercent, s.CreditPercent, s.Part)).ToList();
        CreditClaimRow row;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            row = new CreditClaimRow
            {
                Id = Guid.CreateVersion7(now), AgreementId = agreementId, Number = await claims.NextNumberAsync(unit, agreementId, cancellationToken),
                Period = period, ReportRevision = latest.Revision, Grounds = JsonSerializer.Serialize(grounds, JsonSerializerOptions.Web),
                Amount = decimal.Round(amount, 2), Currency = report.Currency, Status = CreditClaimStatus.Sent,
                ClaimDeadline = lastDay.AddDays(DefaultClaimDays), RequestedBy = actor, RequestedAt = now, Revision = 1,
            };
            if (!await claims.InsertAsync(unit, row, grounds.Select(g => g.Objective).Distinct(), cancellationToken))
                return CommandResult<CreditClaimView>.Invalid("objectives", $"Another claim for an objective of {period} was made at the same moment; reload the claims.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "credit-claim.opened", "Agreement", agreementId.ToString(),
                $"{row.Reference} on {agreement.Title}: {Money(row.Amount, row.Currency)} for {period} from report revision {latest.Revision} " +
                $"({string.Join("; ", grounds.Select(g => g.Describe()))})", After: JsonSerializer.Serialize(new { claimId = row.Id, row.Amount, row.Currency })),
                cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        var subject = new WorkflowSubject
        {
            Type = SubjectType, Id = row.Id.ToString(), RequestedBy = actor,
            Fields = new CreditClaimFields(agreementId, agreement.Title, vendor?.Name ?? content.InternalProvider ?? "the provider", row.Reference, period,
                Money(row.Amount, row.Currency), string.Join("; ", grounds.Select(g => g.Describe())), actor).ToFields(),
        };
        var workflowId = Guid.Parse(await workflows.StartWorkflow(Definition, null, subject, $"claim/{row.Id}"));
        await claims.LinkWorkflowAsync(row.Id, workflowId, cancellationToken);
        return CommandResult<CreditClaimView>.Ok((await ViewAsync(row.Id, cancellationToken))!);
    }

    /// <summary>
    /// Finance records a credit note against a claim: partial settlements are allowed, never more than is outstanding, and a credit
    /// note is recorded once. The claim is settled when they cover it, which closes Finance's task.
    /// </summary>
    public async Task<CommandResult<CreditClaimView>> SettleAsync(string actor, IEnumerable<string> actorRoles, Guid claimId, string? creditNote, decimal? amount,
        DateOnly? settledOn, CancellationToken cancellationToken = default)
    {
        if (!actorRoles.Any(r => r is Roles.Finance or Roles.Admin))
            return CommandResult<CreditClaimView>.Forbidden("Finance records the vendor's credit notes against a claim.");
        var view = await ViewAsync(claimId, cancellationToken);
        if (view is null)
            return CommandResult<CreditClaimView>.NotFound($"No credit claim has id {claimId}.");
        var claim = view.Claim;
        if (claim.Status is CreditClaimStatus.Withdrawn or CreditClaimStatus.Settled or CreditClaimStatus.Disputed)
            return CommandResult<CreditClaimView>.Stale(view, claim.Status == CreditClaimStatus.Disputed
                ? $"{claim.Reference} is disputed by the vendor; Legal decides it before a credit note is recorded."
                : $"{claim.Reference} is {CreditClaimStatus.Label(claim.Status).ToLowerInvariant()}; nothing is outstanding.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var errors = CreditClaimRules.CheckSettlement(creditNote, amount, settledOn, view.Outstanding, claim.Currency, today);
        if (!errors.IsValid)
            return CommandResult<CreditClaimView>.Invalid(errors);
        var now = time.GetUtcNow();
        var settled = view.Settled + amount!.Value;
        var status = settled >= claim.Amount ? CreditClaimStatus.Settled : CreditClaimStatus.PartlySettled;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await claims.InsertSettlementAsync(unit, new CreditSettlementRow
                {
                    Id = Guid.CreateVersion7(now), ClaimId = claimId, CreditNote = creditNote!.Trim(), Amount = amount.Value, SettledOn = settledOn!.Value,
                    RecordedBy = actor, RecordedAt = now,
                }, cancellationToken))
                return CommandResult<CreditClaimView>.Invalid("creditNote", $"Credit note {creditNote!.Trim()} is recorded on {claim.Reference} already.");
            if (!await claims.UpdateAsync(unit, claim with { Status = status }, cancellationToken))
                return CommandResult<CreditClaimView>.Stale(view, $"{claim.Reference} changed at the same moment; reload it.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "credit-claim.settlement", "Agreement", claim.AgreementId.ToString(),
                $"{claim.Reference} on {view.AgreementTitle}: credit note {creditNote!.Trim()} of {Money(amount.Value, claim.Currency)} dated {settledOn:yyyy-MM-dd}; " +
                $"{Money(claim.Amount - settled, claim.Currency)} outstanding", claim.Status, status), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        if (status == CreditClaimStatus.Settled)
            await closing.CloseAsync(SubjectType, claimId.ToString(), SettledOutcome, actor, cancellationToken);
        return CommandResult<CreditClaimView>.Ok((await ViewAsync(claimId, cancellationToken))!);
    }

    /// <summary>The vendor acknowledged or disputed the claim through its inbox: recorded on the claim, and the wait for it ends.</summary>
    public async Task RecordVendorAnswerAsync(Guid claimId, string decision, string? comment, string by, CancellationToken cancellationToken)
    {
        var claim = await claims.GetAsync(claimId, cancellationToken);
        if (claim is null || claim.Status != CreditClaimStatus.Sent)
            return;
        var status = decision == "dispute" ? CreditClaimStatus.Disputed : CreditClaimStatus.Acknowledged;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await claims.UpdateAsync(unit, claim with { Status = status, VendorResponse = decision, VendorComment = comment }, cancellationToken))
                throw new InvalidOperationException($"{claim.Reference} changed while the vendor's answer was recorded; it is tried again.");
            await audit.AppendAsync(unit, new AuditRecord(by, status == CreditClaimStatus.Disputed ? "credit-claim.disputed" : "credit-claim.acknowledged",
                "Agreement", claim.AgreementId.ToString(), $"{claim.Reference}: the vendor {(status == CreditClaimStatus.Disputed ? "disputes" : "acknowledges")} " +
                $"the claim of {Money(claim.Amount, claim.Currency)}" + (comment is null ? "" : $": {comment}"), claim.Status, status), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        await closing.CloseAsync(SubjectType, claimId.ToString(), AnsweredOutcome, by, cancellationToken);
    }

    public async Task<CreditClaimView?> ViewAsync(Guid claimId, CancellationToken cancellationToken = default)
    {
        var claim = await claims.GetAsync(claimId, cancellationToken);
        if (claim is null)
            return null;
        var agreement = (await agreements.GetAsync(claim.AgreementId, cancellationToken))!;
        var vendor = agreement.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        var grounding = await reports.GetAsync(claim.AgreementId, claim.Period, claim.ReportRevision, cancellationToken);
        var earnBack = grounding is null ? null
            : await earnBacks.OfAsync(claim.AgreementId, claim.Period, grounding.VersionNumber, claim.Amount, claim.Currency, cancellationToken);
        return new CreditClaimView(claim, agreement.Title, vendor?.Name, await claims.SettlementsAsync(claimId, cancellationToken), earnBack);
    }

    /// <summary>An objective as claims key it: its service and metric, as the report names them.</summary>
    public static string ObjectiveOf(ReportSlo slo) => $"{slo.Service} {slo.Metric}";

    public static string Money(decimal amount, string currency) => amount.ToString("N2", CultureInfo.InvariantCulture) + " " + currency;
}
