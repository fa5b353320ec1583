using NodaTime;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Web.Features.Attention;

namespace SlaGovernance.Web.Features.Renewals;

/// <summary>Notice deadlines in the next 90 days: every agreement's for those who read renewals, an owner's own agreements for others.</summary>
public sealed class NoticeDeadlineAttention(RenewalCalendar calendar, TimeProvider time) : IAttentionSource
{
    public const int HorizonDays = 90;

    public AttentionSection Section { get; } = new("notice-deadlines", "Notice deadlines in the next 90 days", 40,
        "No notice deadline falls in the next 90 days. The renewals page lists every agreement's key dates.");

    public bool AppliesTo(AttentionViewer viewer) => true;

    public async Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var readsAll = Roles.RenewalReaders.Any(viewer.IsIn);
        var report = await calendar.ReportAsync(new RenewalFilter(readsAll ? null : viewer.UserName, null, null), cancellationToken);
        var items = new List<AttentionItem>();
        foreach (var item in report.Cycles.SelectMany(c => c.Items))
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(item.TimeZone) ?? DateTimeZone.Utc;
            var today = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(zone).Date.ToDateOnly();
            var daysLeft = item.NoticeDeadline.DayNumber - today.DayNumber;
            if (daysLeft is < 0 or > HorizonDays)
                continue;
            // The last day to give notice ends at midnight in the agreement's zone.
            var due = LocalDate.FromDateOnly(item.NoticeDeadline).PlusDays(1).AtStartOfDayInZone(zone).ToDateTimeOffset();
            items.Add(new AttentionItem("notice-deadline", $"{item.Title}{(item.VendorName is null ? "" : $" with {item.VendorName}")}", due, false,
                $"/agreements/{item.AgreementId}",
                item.AutoRenew
                    ? $"Decide by {item.DecisionDate:yyyy-MM-dd} whether to renew: without notice by {item.NoticeDeadline:yyyy-MM-dd} it renews itself."
                    : $"Decide by {item.DecisionDate:yyyy-MM-dd} whether to renew: the term ends {item.TermEnd:yyyy-MM-dd}.",
                $"Notice deadline {item.NoticeDeadline:yyyy-MM-dd} ({item.TimeZone}), in {daysLeft} day{(daysLeft == 1 ? "" : "s")}."));
        }
        return [.. items.OrderBy(i => i.DueAt)];
    }
}
