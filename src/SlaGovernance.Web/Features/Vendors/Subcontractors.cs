using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>A vendor's subcontractors (fourth parties) per agreement: added, changed, removed, each audited.</summary>
public sealed class Subcontractors(Database database, VendorStore vendors, AgreementStore agreements, SubcontractorStore store, AuditLog audit,
    TimeProvider time)
{
    public Task<CommandResult<SubcontractorRow>> AddAsync(string actor, Guid vendorId, SubcontractorInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(actor, vendorId, null, input, cancellationToken);

    public Task<CommandResult<SubcontractorRow>> UpdateAsync(string actor, Guid vendorId, Guid id, SubcontractorInput input,
        CancellationToken cancellationToken = default) =>
        SaveAsync(actor, vendorId, id, input, cancellationToken);

    public async Task<CommandResult<SubcontractorRow>> RemoveAsync(string actor, Guid vendorId, Guid id, CancellationToken cancellationToken = default)
    {
        var existing = (await store.OfVendorAsync(vendorId, cancellationToken)).FirstOrDefault(s => s.Id == id);
        if (existing is null)
            return CommandResult<SubcontractorRow>.NotFound($"Vendor {vendorId} has no subcontractor {id}.");
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await store.DeleteAsync(unit, vendorId, id, cancellationToken))
            return CommandResult<SubcontractorRow>.NotFound($"Vendor {vendorId} has no subcontractor {id}.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "subcontractor.removed", "Vendor", vendorId.ToString(),
            $"Removed subcontractor {existing.Name} ({existing.Service})", Before: JsonSerializer.Serialize(existing)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<SubcontractorRow>.Ok(existing);
    }

    private async Task<CommandResult<SubcontractorRow>> SaveAsync(string actor, Guid vendorId, Guid? id, SubcontractorInput input,
        CancellationToken cancellationToken)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<SubcontractorRow>.NotFound($"No vendor has id {vendorId}.");
        var (valid, errors) = SubcontractorRules.Validate(input);
        if (input.AgreementId is { } agreementId && (await agreements.GetAsync(agreementId, cancellationToken))?.VendorId != vendorId)
            errors.Add("agreementId", $"{vendor.Name} has no agreement {agreementId}; choose one of its agreements, or none for all of them.");
        if (valid is null || !errors.IsValid)
            return CommandResult<SubcontractorRow>.Invalid(errors);
        var row = new SubcontractorRow
        {
            Id = id ?? Guid.CreateVersion7(), VendorId = vendorId, AgreementId = valid.AgreementId, Name = valid.Name,
            NameNormalized = SubcontractorRules.Normalize(valid.Name), Service = valid.Service, Location = valid.Location,
            DataAccess = valid.DataAccess.ToString(), UpdatedBy = actor, UpdatedAt = time.GetUtcNow(),
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        if (id is null)
            await store.InsertAsync(unit, row, cancellationToken);
        else if (!await store.UpdateAsync(unit, row, cancellationToken))
            return CommandResult<SubcontractorRow>.NotFound($"{vendor.Name} has no subcontractor {id}.");
        await audit.AppendAsync(unit, new AuditRecord(actor, id is null ? "subcontractor.added" : "subcontractor.changed", "Vendor", vendorId.ToString(),
            $"{(id is null ? "Added" : "Changed")} subcontractor {row.Name} ({row.Service}, {row.Location}, {valid.DataAccess}) of {vendor.Name}",
            After: JsonSerializer.Serialize(row)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<SubcontractorRow>.Ok(row);
    }
}
