using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>Whom a letter goes to: the contact picked by role, or the vendor's general contact when it has none in those roles.</summary>
public sealed record LetterRecipient(string? Name, string? Email, VendorContactRole? Role);

/// <summary>A vendor's contacts by role: added, changed and removed with an audit entry each; and who receives which letter.</summary>
public sealed class VendorContacts(Database database, VendorStore vendors, VendorContactStore contacts, AuditLog audit, TimeProvider time)
{
    public async Task<CommandResult<VendorContact>> AddAsync(string actor, Guid vendorId, VendorContactInput input, CancellationToken cancellationToken = default) =>
        await SaveAsync(actor, vendorId, Guid.CreateVersion7(), input, isNew: true, cancellationToken);

    public async Task<CommandResult<VendorContact>> UpdateAsync(string actor, Guid vendorId, Guid contactId, VendorContactInput input,
        CancellationToken cancellationToken = default) =>
        await SaveAsync(actor, vendorId, contactId, input, isNew: false, cancellationToken);

    public async Task<CommandResult<VendorContact>> RemoveAsync(string actor, Guid vendorId, Guid contactId, CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        var existing = (await contacts.OfVendorAsync(vendorId, cancellationToken)).FirstOrDefault(c => c.Id == contactId);
        if (vendor is null || existing is null)
            return CommandResult<VendorContact>.NotFound($"Vendor {vendorId} has no contact {contactId}.");
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await contacts.DeleteAsync(unit, vendorId, contactId, cancellationToken))
            return CommandResult<VendorContact>.NotFound($"Vendor {vendorId} has no contact {contactId}.");
        await audit.AppendAsync(unit, new AuditRecord(actor, "vendor-contact.removed", "Vendor", vendorId.ToString(),
            $"Removed {existing.Role} contact {existing.Name} <{existing.Email}> of {vendor.Name}", Before: JsonSerializer.Serialize(existing)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorContact>.Ok(existing);
    }

    /// <summary>The contact a letter of this kind goes to (audit notices to security, claims to commercial…), falling back by role, then on the vendor's general contact.</summary>
    public async Task<LetterRecipient?> RecipientAsync(Guid vendorId, VendorLetter letter, CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return null;
        if (VendorContactRules.Pick(await contacts.OfVendorAsync(vendorId, cancellationToken), letter) is { } picked)
            return new LetterRecipient(picked.Name, picked.Email, picked.Role);
        return new LetterRecipient(vendor.ContactName, vendor.ContactEmail, null);
    }

    private async Task<CommandResult<VendorContact>> SaveAsync(string actor, Guid vendorId, Guid contactId, VendorContactInput input, bool isNew,
        CancellationToken cancellationToken)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return CommandResult<VendorContact>.NotFound($"No vendor has id {vendorId}.");
        var (contact, errors) = VendorContactRules.Validate(contactId, vendorId, input);
        if (contact is null)
            return CommandResult<VendorContact>.Invalid(errors);
        await using var unit = await database.BeginAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (isNew)
            await contacts.InsertAsync(unit, contact, actor, now, cancellationToken);
        else if (!await contacts.UpdateAsync(unit, contact, actor, now, cancellationToken))
            return CommandResult<VendorContact>.NotFound($"{vendor.Name} has no contact {contactId}.");
        await audit.AppendAsync(unit, new AuditRecord(actor, isNew ? "vendor-contact.added" : "vendor-contact.changed", "Vendor", vendorId.ToString(),
            $"{(isNew ? "Added" : "Changed")} {contact.Role} contact {contact.Name} <{contact.Email}> of {vendor.Name}", After: JsonSerializer.Serialize(contact)),
            cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorContact>.Ok(contact);
    }
}
