using System.Text.Json;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Exits;
using SlaGovernance.Data.Identity;
using SlaGovernance.Domain.Exits;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Features.Exits;

/// <summary>
/// Exit plans: per agreement, versioned (each save is a new version), owned by a vendor manager. The plan's data formats and transition
/// days are checked against the governing version's exit terms; its inventory is what the exit's verification task checks against.
/// </summary>
public sealed class ExitPlans(Database database, ExitStore exits, AgreementStore agreements, AgreementTermStore terms, UserStore users, AuditLog audit,
    SlaGovernance.Data.Vendors.VendorStore vendors, SlaGovernance.Data.Events.DomainEvents events, SlaGovernance.Workflows.Tasks.TaskClosing closing,
    TimeProvider time)
{
    public async Task<CommandResult<ExitPlanRow>> SaveAsync(string actor, Guid agreementId, ExitPlanInput input, CancellationToken cancellationToken = default)
    {
        var agreement = await agreements.GetAsync(agreementId, cancellationToken);
        if (agreement is null)
            return CommandResult<ExitPlanRow>.NotFound($"No agreement has id {agreementId}.");
        var term = await terms.GetAsync(agreementId, cancellationToken);
        var version = term is not null
            ? await agreements.GetVersionAsync(agreementId, term.VersionNumber, cancellationToken)
            : (await agreements.VersionsAsync(agreementId, cancellationToken)).MaxBy(v => v.Number) is { } latest
                ? await agreements.GetVersionAsync(agreementId, latest.Number, cancellationToken) : null;
        var content = version?.Parsed;
        var errors = ExitPlanRules.Check(input, content?.Exit?.DataFormats ?? [], content?.Exit?.TransitionAssistanceDays);
        if (!string.IsNullOrWhiteSpace(input.Owner))
        {
            var owner = await users.FindByUserNameAsync(input.Owner.Trim(), cancellationToken);
            if (owner is null)
                errors.Add("owner", $"No user is named '{input.Owner.Trim()}'; name a vendor manager by user name.");
            else if (!owner.IsActive || !owner.Roles.Contains(Roles.VendorManager))
                errors.Add("owner", $"{owner.DisplayName} is not an active vendor manager; an exit plan is owned by one.");
        }
        if (!errors.IsValid)
            return CommandResult<ExitPlanRow>.Invalid(errors);
        var now = time.GetUtcNow();
        // A critical vendor's plan goes to the Governance board, each version on its own.
        var critical = agreement.VendorId is { } vendorId && await vendors.GetAsync(vendorId, cancellationToken) is { RiskTier: SlaGovernance.Domain.Vendors.RiskTier.Critical };
        ExitPlanRow row;
        await using (var unit = await database.BeginAsync(cancellationToken))
        {
            row = new ExitPlanRow
            {
                AgreementId = agreementId, Version = await exits.LatestPlanVersionAsync(unit, agreementId, cancellationToken) + 1, Owner = input.Owner!.Trim(),
                Strategy = input.Strategy!, StrategyNotes = string.IsNullOrWhiteSpace(input.StrategyNotes) ? null : input.StrategyNotes.Trim(),
                DataInventory = JsonSerializer.Serialize(input.DataInventory!.Select(i => new DataInventoryItem(i.What!.Trim(), i.Where!.Trim(), i.Format!.Trim(),
                    i.Volume!.Trim())), JsonSerializerOptions.Web),
                TransitionDays = input.TransitionDays!.Value,
                KeyPeople = JsonSerializer.Serialize(input.KeyPeople!.Select(p => new KeyPerson(p.Name!.Trim(), p.Role!.Trim())), JsonSerializerOptions.Web),
                EstimatedCost = decimal.Round(input.EstimatedCost!.Value, 2), Currency = content?.Currency ?? "EUR",
                EstimatedDurationDays = input.EstimatedDurationDays!.Value, CreatedBy = actor, CreatedAt = now,
                ApprovalStatus = critical ? ExitPlanApprovalStatus.Pending : null,
            };
            if (!await exits.InsertPlanAsync(unit, row, cancellationToken))
                return CommandResult<ExitPlanRow>.Invalid("version", $"Another version of the exit plan of {agreement.Title} was saved at the same moment; reload it.");
            await audit.AppendAsync(unit, new AuditRecord(actor, "exit-plan.saved", "Agreement", agreementId.ToString(),
                $"Exit plan version {row.Version} of {agreement.Title}: {ExitStrategies.Label(row.Strategy)}, {row.Inventory.Count} data set(s), " +
                $"{row.TransitionDays} days of transition assistance, {ExitPlanRules.Money(row.EstimatedCost, row.Currency)} over {row.EstimatedDurationDays} days, " +
                $"owned by {row.Owner}" + (critical ? "; the vendor is critical, so it goes to the Governance board" : "")), cancellationToken);
            if (critical)
                await events.AppendAsync(unit, new ExitPlanSubmitted(agreementId, row.Version), cancellationToken);
            await unit.CommitAsync(cancellationToken);
        }
        // An approval or renewal decision waiting for the plan goes on.
        await closing.CloseAsync("Agreement", agreementId.ToString(), ExitPlanRequirement.PlanSavedOutcome, actor, cancellationToken);
        return CommandResult<ExitPlanRow>.Ok(row);
    }
}
