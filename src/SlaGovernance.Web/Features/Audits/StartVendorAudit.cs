using System.Globalization;
using Dapper;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Audits;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Audits;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Features.Audits;

/// <summary>The fields workflows/vendor-audit.json reads; the instants are in the agreement's zone at the start of their day.</summary>
[StartsDefinition(StartVendorAudit.Definition)]
public sealed record VendorAuditFields(
    string Reference,
    string VendorName,
    string AgreementTitle,
    string Lead,
    string FieldworkOn,
    string EvidenceDueOn,
    string Periods,
    string NoticeAt,
    string ChaseAt,
    string FieldworkAt,
    bool EvidenceIn = false,
    int Findings = 0,
    int OpenFindings = 0) : SubjectFields;

/// <summary>
/// Starts an audit of a vendor under one of its signed or active agreements' audit rights: by hand (Procurement, vendor managers,
/// administrators) or by the schedule, which starts the next audit the agreement's frequency after the last one. The audit row and
/// its audit entry commit first; the workflow then starts and is linked to it.
/// </summary>
public sealed class StartVendorAudit(Database database, VendorAuditStore audits, VendorStore vendors, AgreementStore agreements, AgreementTermStore terms,
    UserStore users, VendorOwners owners, AuditLog audit, IWorkflowController workflows, TimeProvider time)
{
    public const string Definition = "vendor-audit";
    public const string SubjectType = "VendorAudit";

    /// <summary>Days before the evidence is due that the vendor is chased.</summary>
    public const int ChaseDaysBefore = 5;

    public async Task<CommandResult<VendorAuditRow>> StartAsync(string actor, Guid vendorId, VendorAuditInput input, bool scheduled = false,
        CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<VendorAuditRow>.NotFound($"No vendor has id {vendorId}.");
        if (vendor.IsArchived)
            return CommandResult<VendorAuditRow>.Invalid("vendorId", $"{vendor.Name} is archived; restore it before auditing it.");
        var now = time.GetUtcNow();
        var today = LocalDate.FromDateOnly(await owners.TodayAsync(now, cancellationToken));
        var (valid, errors) = VendorAuditRules.Validate(input, today);
        AgreementRow? agreement = null;
        AuditRights? rights = null;
        string zone = "UTC";
        if (input.AgreementId is { } agreementId)
        {
            agreement = await agreements.GetAsync(agreementId, cancellationToken);
            var term = agreement is null ? null : await terms.GetAsync(agreementId, cancellationToken);
            if (agreement is null || agreement.VendorId != vendorId)
                errors.Add("agreementId", $"{vendor.Name} has no agreement {agreementId}; choose one of its own agreements.");
            else if (term is null || agreement.Status is not (AgreementStatus.Signed or AgreementStatus.Active))
                errors.Add("agreementId", $"{agreement.Title} is {AgreementStatus.Label(agreement.Status).ToLowerInvariant()}; only a signed or active agreement's audit rights allow an audit.");
            else
            {
                var content = (await agreements.GetVersionAsync(agreementId, term.VersionNumber, cancellationToken))!.Parsed;
                rights = content.AuditRights;
                zone = term.TimeZone;
                if (rights is null)
                    errors.Add("agreementId", $"{agreement.Title} grants no audit rights, so it allows no audit; choose an agreement that does.");
            }
        }
        if (input.FieldworkOn is { } fieldworkOn && fieldworkOn > today && rights is not null && fieldworkOn < today.PlusDays(rights.NoticeDays))
            errors.Add("fieldworkOn", $"Fieldwork on {fieldworkOn:yyyy-MM-dd} gives less than the {rights.NoticeDays} days' notice {agreement!.Title} " +
                                      $"requires; the earliest day is {today.PlusDays(rights.NoticeDays):yyyy-MM-dd}.");
        if (rights is { RawDataAccess: false } && input.Periods is { Count: > 0 })
            errors.Add("periods", $"{agreement!.Title} grants no access to raw measurement data, so no period can be recomputed; leave the periods out.");
        var leadUser = string.IsNullOrWhiteSpace(input.Lead) ? null : await users.FindByUserNameAsync(input.Lead.Trim(), cancellationToken);
        if (!string.IsNullOrWhiteSpace(input.Lead) && (leadUser is not { IsActive: true } || !leadUser.Roles.Contains(Roles.VendorManager)))
            errors.Add("lead", $"'{input.Lead}' is not an active vendor manager; the audit lead is a vendor manager (the Auditor role only reads).");
        if (valid is null || !errors.IsValid)
            return CommandResult<VendorAuditRow>.Invalid(errors);

        VendorAuditRow row;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            row = new VendorAuditRow
            {
                Id = Guid.CreateVersion7(now), Number = await audits.NextNumberAsync(unit, cancellationToken), VendorId = vendorId, VendorName = vendor.Name,
                AgreementId = agreement!.Id, AgreementTitle = agreement.Title, Status = VendorAuditStatus.Scheduled, LeadUser = leadUser!.UserName,
                Scope = valid.Scope ?? rights!.Scope, Periods = string.Join(',', valid.Periods), Items = string.Join('\n', valid.Documents),
                FieldworkOn = valid.FieldworkOn.ToDateOnly(), NoticeDays = rights!.NoticeDays, TimeZone = zone, Scheduled = scheduled, StartedBy = actor,
                StartedAt = now, Version = 1,
            };
            await audits.InsertAsync(unit, row, cancellationToken);
            await audit.AppendAsync(unit, new AuditRecord(actor, "vendor-audit.started", "VendorAudit", row.Id.ToString(),
                $"{row.Reference} of {vendor.Name} under {agreement.Title} {(scheduled ? "scheduled" : "started by hand")}: fieldwork from " +
                $"{row.FieldworkOn:yyyy-MM-dd}, lead {row.LeadUser}, periods {(row.Periods.Length == 0 ? "none" : row.Periods)}"), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        var started = Guid.Parse(await workflows.StartWorkflow(Definition, null, Subject(row), $"audit/{row.Id}"));
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            if (!await audits.UpdateAsync(unit, row with { WorkflowId = started }, cancellationToken))
                throw new InvalidOperationException($"{row.Reference} changed while its workflow was being linked.");
            await unit.CommitAsync(cancellationToken);
        }
        return CommandResult<VendorAuditRow>.Ok((await audits.GetAsync(row.Id, cancellationToken))!);
    }

    /// <summary>The audit's subject as its workflow starts with it.</summary>
    public static WorkflowSubject Subject(VendorAuditRow row)
    {
        var noticeOn = row.FieldworkOn.AddDays(-row.NoticeDays);
        var chaseOn = row.FieldworkOn.AddDays(-ChaseDaysBefore);
        if (chaseOn < noticeOn)
            chaseOn = noticeOn;
        string At(DateOnly day) => ZonedDays.StartOf(day, row.TimeZone).AddHours(9).ToString("O", CultureInfo.InvariantCulture);
        return new WorkflowSubject
        {
            Type = SubjectType,
            Id = row.Id.ToString(),
            RequestedBy = row.LeadUser,
            Fields = new VendorAuditFields(row.Reference, row.VendorName, row.AgreementTitle, row.LeadUser, $"{row.FieldworkOn:yyyy-MM-dd}",
                $"{row.FieldworkOn:yyyy-MM-dd}", row.Periods.Length == 0 ? "none" : row.Periods.Replace(",", ", ", StringComparison.Ordinal), At(noticeOn),
                At(chaseOn), ZonedDays.StartOf(row.FieldworkOn, row.TimeZone).ToString("O", CultureInfo.InvariantCulture)).ToFields(),
        };
    }
}

/// <summary>A signed or active agreement with its governing version, as the audit schedule reads it.</summary>
public sealed record AuditableAgreementRow
{
    public Guid AgreementId { get; init; }
    public Guid VendorId { get; init; }
    public string Title { get; init; } = "";
    public int VersionNumber { get; init; }
    public DateOnly TermStart { get; init; }
    public DateOnly TermEnd { get; init; }
    public string TimeZone { get; init; } = "";
}

[SqlCatalogue]
internal static class AuditScheduleSql
{
    public const string Auditable = """
        SELECT a.id AS agreement_id, a.vendor_id, a.title, t.version_number, t.term_start, t.term_end, t.time_zone
        FROM agreements a JOIN agreement_terms t ON t.agreement_id = a.id
        WHERE a.status IN (@Signed, @Active) AND a.vendor_id IS NOT NULL
        ORDER BY a.id
        """;
}

/// <summary>
/// The audit programme: each signed or active agreement whose audit rights have a period is audited every period, the first a
/// period after its term starts, each next a period after the last audit's fieldwork. An audit is started once its notice is due
/// within <see cref="LeadDays"/>, led by the vendor's owner (or the first vendor manager), asking for the months of the period before
/// it when raw data may be read.
/// </summary>
public sealed class AuditSchedule(Database database, VendorAuditStore audits, AgreementStore agreements, VendorOwners owners, StartVendorAudit start,
    TimeProvider time, ILogger<AuditSchedule> logger)
{
    public const int LeadDays = 7;
    public const string Actor = "audit-schedule";

    public async Task<int> StartDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var started = 0;
        List<AuditableAgreementRow> auditable;
        await using (var connection = await database.OpenAsync(cancellationToken))
            auditable = (await connection.QueryAsync<AuditableAgreementRow>(new CommandDefinition(database.Sql(AuditScheduleSql.Auditable),
                new { Signed = AgreementStatus.Signed, Active = AgreementStatus.Active }, cancellationToken: cancellationToken))).ToList();
        foreach (var agreement in auditable)
        {
            var rights = (await agreements.GetVersionAsync(agreement.AgreementId, agreement.VersionNumber, cancellationToken))?.Parsed.AuditRights;
            if (rights?.Months is not { } months)
                continue;
            VendorAuditRow? latest;
            await using (var unit = await database.BeginAsync(cancellationToken))
                latest = await audits.LatestOfAgreementAsync(unit, agreement.AgreementId, cancellationToken);
            if (latest is not null && VendorAuditStatus.IsOpen(latest.Status))
                continue;
            var due = (latest?.FieldworkOn ?? agreement.TermStart).AddMonths(months);
            if (due > agreement.TermEnd)
                continue;
            var today = ZonedDays.DayOf(now, agreement.TimeZone);
            var noticeOn = due.AddDays(-rights.NoticeDays);
            if (noticeOn > today.AddDays(LeadDays))
                continue;
            // An audit that fell due while nobody looked keeps the agreement's notice period from today.
            var fieldwork = noticeOn <= today ? today.AddDays(rights.NoticeDays + 1) : due;
            var leads = await owners.RecipientsAsync(agreement.VendorId, cancellationToken);
            var lead = leads.Count > 0 ? leads[0] : null;
            if (lead is null)
            {
                logger.LogWarning("The audit of {Agreement} is due but no vendor manager can lead it.", agreement.Title);
                continue;
            }
            var periods = rights.RawDataAccess
                ? Enumerable.Range(1, Math.Min(months, VendorAuditRules.MaxPeriods)).Select(i => fieldwork.AddMonths(-i)).Where(d => d >= agreement.TermStart.AddMonths(-1))
                    .OrderBy(d => d).Select(d => $"{d:yyyy-MM}").ToList()
                : [];
            var result = await start.StartAsync(Actor, agreement.VendorId, new VendorAuditInput(agreement.AgreementId, lead.UserName,
                LocalDate.FromDateOnly(fieldwork), periods, ["Policies and procedures in the audit's scope", "Incident and change records for the audited periods"],
                null), scheduled: true, cancellationToken);
            if (result.Status == CommandStatus.Ok)
                started++;
            else
                logger.LogWarning("The scheduled audit of {Agreement} was not started: {Errors}", agreement.Title,
                    string.Join("; ", result.Errors?.SelectMany(e => e.Value) ?? [result.Message ?? ""]));
        }
        return started;
    }
}
