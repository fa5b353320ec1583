using System.Data.Common;
using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Vendors;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>Creating, changing and archiving vendors: validated, version-checked, audited in the same transaction.</summary>
public sealed class VendorCommands(Database database, VendorStore vendors, VendorOwners owners, AuditLog audit, SlaGovernance.Data.Events.DomainEvents events,
    TimeProvider time)
{
    public async Task<CommandResult<VendorRow>> CreateAsync(string actor, VendorInput input, CancellationToken cancellationToken = default)
    {
        var (valid, errors) = await ValidateAsync(input, cancellationToken);
        if (valid is null)
            return CommandResult<VendorRow>.Invalid(errors);
        var now = time.GetUtcNow();
        var row = new VendorRow
        {
            Id = Guid.NewGuid(),
            Name = valid.Name,
            ContactName = valid.ContactName,
            ContactEmail = valid.ContactEmail,
            RiskTier = valid.RiskTier,
            Notes = valid.Notes,
            OwnerUserId = valid.OwnerUserId,
            Version = 1,
            CreatedAt = now,
            CreatedBy = actor,
            UpdatedAt = now,
            UpdatedBy = actor,
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        try
        {
            await vendors.InsertAsync(unit, row, cancellationToken);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return DuplicateName(valid.Name);
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, "vendor.created", "Vendor", row.Id.ToString(),
            $"Created vendor {row.Name} ({row.RiskTier} risk)", After: Describe(row)), cancellationToken);
        await events.AppendAsync(unit, new VendorCreated(row.Id), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorRow>.Ok(row);
    }

    public async Task<CommandResult<VendorRow>> UpdateAsync(string actor, Guid id, VendorInput input, int expectedVersion,
        CancellationToken cancellationToken = default)
    {
        var (valid, errors) = await ValidateAsync(input, cancellationToken);
        if (valid is null)
            return CommandResult<VendorRow>.Invalid(errors);
        if (await vendors.GetAsync(id, cancellationToken) is { RiskTierSource: RiskTierSources.Assessment } assessed && assessed.RiskTier != valid.RiskTier)
            return CommandResult<VendorRow>.Invalid("riskTier", $"{assessed.Name}'s tier ({assessed.RiskTier}) follows its last assessment; an administrator " +
                                                                $"sets it by hand with a reason (POST /api/v1/vendors/{id}/tier), or start a new assessment.");
        return await ChangeAsync(actor, id, expectedVersion, "vendor.updated", current => new VendorRow
        {
            Id = current.Id,
            Name = valid.Name,
            ContactName = valid.ContactName,
            ContactEmail = valid.ContactEmail,
            RiskTier = valid.RiskTier,
            Notes = valid.Notes,
            IsArchived = current.IsArchived,
            OwnerUserId = valid.OwnerUserId,
            RiskTierSource = current.RiskTier == valid.RiskTier ? current.RiskTierSource : RiskTierSources.Manual,
            Version = current.Version + 1,
            CreatedAt = current.CreatedAt,
            CreatedBy = current.CreatedBy,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = actor,
        }, (before, after) => $"Updated vendor {after.Name}" + (before.Name == after.Name ? "" : $" (was {before.Name})"), cancellationToken);
    }

    public Task<CommandResult<VendorRow>> SetArchivedAsync(string actor, Guid id, bool archived, int expectedVersion,
        CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, id, expectedVersion, archived ? "vendor.archived" : "vendor.restored", current => new VendorRow
        {
            Id = current.Id,
            Name = current.Name,
            ContactName = current.ContactName,
            ContactEmail = current.ContactEmail,
            RiskTier = current.RiskTier,
            Notes = current.Notes,
            IsArchived = archived,
            OwnerUserId = current.OwnerUserId,
            RiskTierSource = current.RiskTierSource,
            Version = current.Version + 1,
            CreatedAt = current.CreatedAt,
            CreatedBy = current.CreatedBy,
            UpdatedAt = time.GetUtcNow(),
            UpdatedBy = actor,
        }, (_, after) => $"{(archived ? "Archived" : "Restored")} vendor {after.Name}", cancellationToken);

    /// <summary>An administrator sets the tier by hand with a reason; it is then "set by hand" until the next assessment.</summary>
    public async Task<CommandResult<VendorRow>> SetTierAsync(string actor, Guid id, string? tier, string? reason, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (!Enum.TryParse<RiskTier>(tier?.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(tier, out _))
            errors.Add("tier", $"Risk tier '{tier}' is not one of Low, Medium, High or Critical.");
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
            errors.Add("reason", "Say why the tier is set by hand instead of by an assessment; the reason is kept in the audit log.");
        else if (why.Length > VendorRules.MaxNotesLength)
            errors.Add("reason", $"The reason may be at most {VendorRules.MaxNotesLength} characters (it has {why.Length}).");
        if (!errors.IsValid)
            return CommandResult<VendorRow>.Invalid(errors);
        var current = await vendors.GetAsync(id, cancellationToken);
        if (current is null)
            return CommandResult<VendorRow>.NotFound($"No vendor has id {id}.");
        return await ChangeAsync(actor, id, current.Version, "vendor.tier-set", c => new VendorRow
        {
            Id = c.Id, Name = c.Name, ContactName = c.ContactName, ContactEmail = c.ContactEmail, RiskTier = parsed, Notes = c.Notes, IsArchived = c.IsArchived,
            OwnerUserId = c.OwnerUserId, RiskTierSource = RiskTierSources.Manual, Version = c.Version + 1, CreatedAt = c.CreatedAt, CreatedBy = c.CreatedBy,
            UpdatedAt = time.GetUtcNow(), UpdatedBy = actor,
        }, (before, after) => $"Tier of {after.Name} set by hand from {before.RiskTier} to {after.RiskTier}: {why}", cancellationToken);
    }

    private async Task<CommandResult<VendorRow>> ChangeAsync(string actor, Guid id, int expectedVersion, string action,
        Func<VendorRow, VendorRow> change, Func<VendorRow, VendorRow, string> summary, CancellationToken cancellationToken)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        var current = await vendors.GetAsync(unit, id, cancellationToken);
        if (current is null)
            return CommandResult<VendorRow>.NotFound($"No vendor has id {id}.");
        if (current.Version != expectedVersion)
            return Stale(current, expectedVersion);
        var updated = change(current);
        try
        {
            if (!await vendors.UpdateAsync(unit, updated, expectedVersion, cancellationToken))
                return Stale(current, expectedVersion);
        }
        catch (DbException e) when (database.Dialect.IsUniqueViolation(e))
        {
            return DuplicateName(updated.Name);
        }
        await audit.AppendAsync(unit, new AuditRecord(actor, action, "Vendor", id.ToString(), summary(current, updated),
            Describe(current), Describe(updated)), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return CommandResult<VendorRow>.Ok(updated);
    }

    private async Task<(ValidVendor? Vendor, ValidationErrors Errors)> ValidateAsync(VendorInput input, CancellationToken cancellationToken)
    {
        var (valid, errors) = VendorRules.Validate(input);
        if (await owners.RefusalAsync(input.OwnerUserId, cancellationToken) is { } refusal)
            errors.Add("ownerUserId", refusal);
        return errors.IsValid ? (valid, errors) : (null, errors);
    }

    private static CommandResult<VendorRow> Stale(VendorRow current, int expectedVersion) =>
        CommandResult<VendorRow>.Stale(current,
            $"Vendor {current.Name} was changed by {current.UpdatedBy} after you opened it (your copy is version {expectedVersion}, " +
            $"the stored one is version {current.Version}). Reload it and apply your change again.");

    private static CommandResult<VendorRow> DuplicateName(string name) =>
        CommandResult<VendorRow>.Invalid("name", $"A vendor named '{name}' already exists (names are compared ignoring case).");

    private static string Describe(VendorRow row) => JsonSerializer.Serialize(new
    {
        row.Name,
        row.ContactName,
        row.ContactEmail,
        RiskTier = row.RiskTier.ToString(),
        row.Notes,
        row.IsArchived,
        row.OwnerUserId,
        row.RiskTierSource,
        row.Version,
    });
}
