using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>Certificates and attestations of vendors: recorded with their document from the evidence store, audited.</summary>
public sealed class VendorCertificates(Database database, VendorStore vendors, VendorCertificateStore certificates, EvidenceFileStore evidence,
    AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<VendorCertificateRow>> AddAsync(string actor, Guid vendorId, CertificateInput input,
        CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<VendorCertificateRow>.NotFound($"No vendor has id {vendorId}.");
        var (valid, errors) = CertificateRules.Validate(input);
        if (input.EvidenceId is { } evidenceId && (await evidence.GetAsync(evidenceId, cancellationToken))?.VendorId != vendorId)
            errors.Add("evidenceId", $"No evidence file {evidenceId} belongs to {vendor.Name}; upload the document for this vendor first.");
        if (valid is null || !errors.IsValid)
            return CommandResult<VendorCertificateRow>.Invalid(errors);
        var row = new VendorCertificateRow
        {
            Id = Guid.CreateVersion7(), VendorId = vendorId, Kind = valid.Kind.ToString(), Issuer = valid.Issuer, Scope = valid.Scope,
            ValidFrom = valid.ValidFrom.ToDateOnly(), ValidUntil = valid.ValidUntil.ToDateOnly(), EvidenceId = valid.EvidenceId, RecordedBy = actor,
            RecordedAt = time.GetUtcNow(),
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        await certificates.InsertAsync(unit, row, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(actor, "certificate.recorded", "Vendor", vendorId.ToString(),
            $"Recorded {valid.Kind.Label()} of {vendor.Name} issued by {row.Issuer}, valid {row.ValidFrom:yyyy-MM-dd} to {row.ValidUntil:yyyy-MM-dd}",
            After: JsonSerializer.Serialize(row)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorCertificateRow>.Ok(row);
    }
}

/// <summary>
/// Reminds a vendor's owner (see <see cref="VendorOwners"/>) of each certificate 60, 30 and 7 days before its last valid day, once per
/// threshold (the outbox key names the certificate and the threshold), unless a later certificate of the same kind replaces it.
/// </summary>
public sealed class CertificateReminders(Database database, VendorStore vendors, VendorCertificateStore certificates, VendorOwners owners,
    TimeProvider time)
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var today = await owners.TodayAsync(time.GetUtcNow(), cancellationToken);
        var sent = 0;
        foreach (var certificate in await certificates.EndingBetweenAsync(today, today.AddDays(CertificateRules.ReminderDays[0]), cancellationToken))
        {
            if (CertificateRules.ReminderDue(LocalDate.FromDateOnly(certificate.ValidUntil), LocalDate.FromDateOnly(today)) is not { } threshold)
                continue;
            var kind = Enum.Parse<CertificateKind>(certificate.Kind);
            if ((await certificates.OfVendorAsync(certificate.VendorId, cancellationToken)).Any(c => c.Kind == certificate.Kind && c.ValidUntil > certificate.ValidUntil))
                continue;
            var vendor = await vendors.GetAsync(certificate.VendorId, cancellationToken);
            if (vendor is null || vendor.IsArchived)
                continue;
            var days = certificate.ValidUntil.DayNumber - today.DayNumber;
            await using var unit = await database.BeginAsync(cancellationToken);
            if (await owners.NotifyAsync(unit, vendor.Id, $"certificate-expiry/{certificate.Id}/{threshold}",
                    $"{vendor.Name}: {kind.Label()} expires on {certificate.ValidUntil:d MMMM yyyy}",
                    $"The {kind.Label()} of {vendor.Name} (issued by {certificate.Issuer}; scope: {certificate.Scope}) is valid until " +
                    $"{certificate.ValidUntil:dddd d MMMM yyyy}, {days} day(s) from today.\n\n" +
                    $"Ask {vendor.Name} for the renewed certificate and record it on the vendor's profile:\n{{link}}/vendors/{vendor.Id}#certificates" +
                    (vendor.RiskTier is RiskTier.High or RiskTier.Critical ? $"\n\n{vendor.Name} is rated {vendor.RiskTier.Label()}: once it expires it shows as a risk flag." : ""),
                    cancellationToken))
                sent++;
            await unit.CommitAsync(cancellationToken);
        }
        return sent;
    }
}

/// <summary>On start-up and every hour, sends the certificate reminders that have fallen due (as the agreement lifecycle sweep runs).</summary>
public sealed class CertificateReminderSweep(CertificateReminders reminders, TimeProvider time, ILogger<CertificateReminderSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var sent = await reminders.SweepAsync(stoppingToken);
                if (sent > 0)
                    logger.LogInformation("Certificate reminders: {Sent} reminder(s) queued", sent);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The certificate reminder sweep failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
