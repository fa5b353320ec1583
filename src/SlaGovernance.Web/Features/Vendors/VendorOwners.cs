using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Features.Vendors;

/// <summary>
/// The vendor manager who owns a vendor inside the organisation: reminders and tasks about the vendor go to them, and to every
/// vendor manager while the vendor has no owner (or its owner left or lost the role).
/// </summary>
public sealed class VendorOwners(VendorStore vendors, UserStore users, OrganisationStore organisation, EmailOutbox outbox, IOptions<EmailOptions> email)
{
    /// <summary>Why <paramref name="userId"/> cannot own a vendor, or null when they can: an active user with the VendorManager role.</summary>
    public async Task<string?> RefusalAsync(Guid? userId, CancellationToken cancellationToken = default)
    {
        if (userId is not { } id)
            return null;
        var user = await users.GetAsync(id, cancellationToken);
        if (user is null)
            return $"No user has id {id}; choose a vendor manager from the list.";
        if (!user.IsActive)
            return $"{user.DisplayName} is deactivated; choose an active vendor manager.";
        if (!user.Roles.Contains(Roles.VendorManager))
            return $"{user.DisplayName} is not a vendor manager; a vendor's owner must hold the {Roles.Label(Roles.VendorManager)} role.";
        return null;
    }

    /// <summary>The users who may own a vendor, for a form's list.</summary>
    public Task<IReadOnlyList<UserRow>> CandidatesAsync(CancellationToken cancellationToken = default) =>
        users.ActiveInRoleAsync(Roles.VendorManager, cancellationToken);

    /// <summary>The vendor's owner when they are still an active vendor manager.</summary>
    public async Task<UserRow?> OwnerOfAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor?.OwnerUserId is not { } ownerId)
            return null;
        var owner = await users.GetAsync(ownerId, cancellationToken);
        return owner is { IsActive: true } && owner.Roles.Contains(Roles.VendorManager) ? owner : null;
    }

    /// <summary>Whom the vendor's reminders and tasks go to: its owner, else every active vendor manager.</summary>
    public async Task<IReadOnlyList<UserRow>> RecipientsAsync(Guid vendorId, CancellationToken cancellationToken = default) =>
        await OwnerOfAsync(vendorId, cancellationToken) is { } owner ? [owner] : await users.ActiveInRoleAsync(Roles.VendorManager, cancellationToken);

    /// <summary>
    /// Queues an email about the vendor to <see cref="RecipientsAsync"/> in the caller's transaction; "{link}" in the body becomes
    /// Email:PublicBaseUrl. The key makes a repeated call add nothing.
    /// </summary>
    public async Task<bool> NotifyAsync(UnitOfWork unit, Guid vendorId, string idempotencyKey, string subject, string body,
        CancellationToken cancellationToken = default)
    {
        var to = (await RecipientsAsync(vendorId, cancellationToken)).Where(u => !string.IsNullOrWhiteSpace(u.Email))
            .Select(u => new EmailAddress(u.Email!, u.DisplayName)).ToList();
        if (to.Count == 0)
            return false;
        var (_, added) = await outbox.EnqueueAsync(unit, idempotencyKey, to, subject, body.Replace("{link}", email.Value.PublicBaseUrl.TrimEnd('/'),
            StringComparison.Ordinal), cancellationToken: cancellationToken);
        return added;
    }

    /// <summary>Today in the organisation's zone: the day certificates and due dates are read against.</summary>
    public async Task<DateOnly> TodayAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ZonedDays.DayOf(now, (await organisation.GetAsync(cancellationToken))?.TimeZone ?? "UTC");
}
