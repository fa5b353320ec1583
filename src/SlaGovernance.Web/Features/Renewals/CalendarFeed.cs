using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Calendar;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Renewals;

public sealed record IssuedFeedToken(CalendarFeedTokenRow Token, string Secret);

/// <summary>
/// A personal iCalendar feed of key dates, read with a token in its URL since calendar applications send no headers. The token
/// reads the feed and nothing else; a user has one at a time, and revoking it (or issuing a new one) stops the old URL at once.
/// What the feed holds: every key date of the agreements the user owns; for Procurement and vendor managers, who decide renewals,
/// the decision date and notice deadline of every agreement; for Finance, who funds them, every budget-request deadline.
/// </summary>
public sealed class CalendarFeed(Database database, CalendarFeedTokenStore tokens, UserStore users, RenewalCalendar renewals, AuditLog audit,
    TimeProvider time)
{
    public const string Prefix = "slc_";

    /// <summary>How far past today tacit renewals are rolled forward into the feed.</summary>
    public static readonly NodaTime.Period Horizon = NodaTime.Period.FromYears(2);

    public async Task<IssuedFeedToken> IssueAsync(Guid userId, string userName, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = new CalendarFeedTokenRow
        {
            Id = Guid.NewGuid(), UserId = userId, TokenPrefix = secret[..10], TokenHash = ApiTokens.HashOf(secret), CreatedAt = now,
        };
        await using var unit = await database.BeginAsync(cancellationToken);
        var replaced = await tokens.RevokeAllAsync(unit, userId, now, cancellationToken);
        await tokens.InsertAsync(unit, token, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(userName, "calendar-feed.issued", "CalendarFeedToken", token.Id.ToString(),
            $"Calendar feed token {token.TokenPrefix}… issued to {userName}{(replaced > 0 ? "; the previous one is revoked" : "")}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return new IssuedFeedToken(token, secret);
    }

    /// <summary>Revokes the user's feed token; false when there was none.</summary>
    public async Task<bool> RevokeAsync(Guid userId, string userName, CancellationToken cancellationToken = default)
    {
        await using var unit = await database.BeginAsync(cancellationToken);
        if (await tokens.RevokeAllAsync(unit, userId, time.GetUtcNow(), cancellationToken) == 0)
            return false;
        await audit.AppendAsync(unit, new AuditRecord(userName, "calendar-feed.revoked", "CalendarFeedToken", userId.ToString(),
            $"Calendar feed token of {userName} revoked"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The feed for a token, or null when the token is unknown, revoked or its user deactivated: then nothing is revealed.</summary>
    public async Task<string?> FeedAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 100)
            return null;
        var token = await tokens.FindByHashAsync(ApiTokens.HashOf(secret), cancellationToken);
        if (token is null || token.RevokedAt is not null)
            return null;
        var user = await users.GetAsync(token.UserId, cancellationToken);
        if (user is not { IsActive: true })
            return null;
        var now = time.GetUtcNow();
        await tokens.TouchAsync(token.Id, now, cancellationToken);
        return CalendarFile.Write($"SlaGovernance key dates ({user.UserName})", await EventsAsync(user, cancellationToken), now);
    }

    public async Task<IReadOnlyList<AllDayEvent>> EventsAsync(UserRow user, CancellationToken cancellationToken = default)
    {
        var decides = user.Roles.Contains(Roles.Procurement) || user.Roles.Contains(Roles.VendorManager);
        var funds = user.Roles.Contains(Roles.Finance);
        var events = new List<AllDayEvent>();
        foreach (var (source, content, dates) in await renewals.KeyDatesAsync(Horizon, cancellationToken))
        {
            var owns = string.Equals(content.Owner?.Trim(), user.UserName, StringComparison.OrdinalIgnoreCase);
            if (!owns && !decides && !funds)
                continue;
            var uid = $"{source.AgreementId:N}-t{dates.Term.Index}";
            var value = string.Create(CultureInfo.InvariantCulture, $"{content.AnnualValue:0.00} {content.Currency} a year");
            var about = $"{content.Title}\nTerm {dates.Term.Start:uuuu-MM-dd} to {dates.TermEnd:uuuu-MM-dd} ({content.TimeZone}); " +
                        $"{(content.Renewal.AutoRenew ? $"renews itself for {content.Renewal.RenewalTerm}" : "does not renew itself")}; " +
                        $"notice {content.Renewal.NoticePeriod}; {value}; cost centre {content.CostCentre ?? "none"}; owner {content.Owner ?? "none"}.";
            var risk = dates.UnfundedRenewalRisk
                ? $"\nUnfunded renewal risk: budget requests for {dates.FundingYear.Name} were due {dates.BudgetRequestDeadline:uuuu-MM-dd}, before the decision date."
                : "";
            if (owns)
                events.Add(new AllDayEvent($"{uid}-term-end@slagovernance", dates.TermEnd.ToDateOnly(), $"Term ends: {content.Title}", about, "Term end"));
            if (owns || decides)
            {
                events.Add(new AllDayEvent($"{uid}-decision@slagovernance", dates.DecisionDate.ToDateOnly(), $"Renewal decision due: {content.Title}",
                    $"{about}\nDecide to renew, renegotiate or terminate: notice is due by {dates.NoticeDeadline:uuuu-MM-dd} and procurement needs {dates.LeadTimeDays} days.{risk}",
                    "Renewal decision"));
                events.Add(new AllDayEvent($"{uid}-notice@slagovernance", dates.NoticeDeadline.ToDateOnly(), $"Notice deadline: {content.Title}",
                    $"{about}\nThe last day to give notice before the term ends on {dates.TermEnd:uuuu-MM-dd}.", "Notice deadline"));
            }
            if (owns || funds)
                events.Add(new AllDayEvent($"{uid}-budget-request@slagovernance", dates.BudgetRequestDeadline.ToDateOnly(),
                    $"Budget request due for {dates.FundingYear.Name}: {content.Title} ({value})",
                    $"{about}\nThe renewal from {dates.RenewalStart:uuuu-MM-dd} is funded from {dates.FundingYear.Name} ({dates.FundingYear.Start:uuuu-MM-dd} to {dates.FundingYear.End:uuuu-MM-dd}).{risk}",
                    "Budget request"));
        }
        return events.OrderBy(e => e.Date).ThenBy(e => e.Uid, StringComparer.Ordinal).ToList();
    }
}

public static class CalendarFeedApi
{
    public static RouteGroupBuilder MapCalendarFeedApi(this RouteGroupBuilder api)
    {
        api.MapGet("/calendar.ics", Feed).AllowAnonymous().WithTags("Renewals").WithName("CalendarFeed")
            .WithSummary("The caller's key dates as iCalendar, authenticated by the feed token in the URL (?token=slc_…); 404 for an unknown or revoked token")
            .ProducesFile(CalendarFile.MediaType);
        return api;
    }

    private static async Task<Results<ContentHttpResult, NotFoundProblem>> Feed(string? token, CalendarFeed feed, HttpContext context,
        CancellationToken cancellationToken)
    {
        var text = await feed.FeedAsync(token, cancellationToken);
        if (text is null)
            return new NotFoundProblem("No calendar feed answers to this token; it may have been revoked. Create a new feed on your profile page.");
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Text(text, CalendarFile.MediaType + "; charset=utf-8");
    }
}
