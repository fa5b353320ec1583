using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Audit;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Audit;

/// <summary>A subject an audit entry names, as people know it: its kind and its name, with the page that shows it.</summary>
public sealed record AuditSubject(string EntityType, string EntityId, string Name, string? Link);

public sealed class IndexModel(AuditSearchStore search, AgreementStore agreements, VendorStore vendors, UserStore users,
    AuditCheckpoints checkpoints) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? EntityType { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? EntityId { get; set; }

    /// <summary>A name (or part of one) of an agreement, vendor or user; one match filters to it, several are offered.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionName { get; set; }

    /// <summary>The first and last day shown, in the reader's zone.</summary>
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public Page<AuditEntry> Entries { get; private set; } = new([], 1, PageSize, 0);
    public IReadOnlyList<string> Actors { get; private set; } = [];
    public IReadOnlyList<string> Actions { get; private set; } = [];

    /// <summary>The subjects the entries shown name, by type and id.</summary>
    public IReadOnlyDictionary<(string Type, string Id), AuditSubject> Subjects { get; private set; } = new Dictionary<(string, string), AuditSubject>();

    /// <summary>The subject filtered to, when one is.</summary>
    public AuditSubject? Filtered { get; private set; }

    /// <summary>Several subjects matched the name given: the reader picks one.</summary>
    public IReadOnlyList<AuditSubject> Candidates { get; private set; } = [];

    public string? Problem { get; private set; }

    public AuditChainReport? Verification { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var zone = User.TimeZoneId();
        if (From is { } from && To is { } to && to < from)
            Problem = $"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}); swap the dates.";
        if (NullIfBlank(Subject) is { } name && NullIfBlank(EntityId) is null)
        {
            Candidates = await FindSubjectsAsync(name, cancellationToken);
            if (Candidates.Count == 1)
            {
                (EntityType, EntityId) = (Candidates[0].EntityType, Candidates[0].EntityId);
                Candidates = [];
            }
            else if (Candidates.Count == 0)
                Problem = $"No agreement, vendor or user is named like '{name}'. Check the spelling, or search by part of the name.";
        }
        var query = new AuditSearch(NullIfBlank(EntityType), NullIfBlank(EntityId), NullIfBlank(Actor), NullIfBlank(ActionName),
            From is { } start ? ZonedDays.StartOf(start, zone) : null, To is { } end ? ZonedDays.StartOf(end.AddDays(1), zone) : null);
        Entries = Problem is not null || Candidates.Count > 0
            ? new Page<AuditEntry>([], 1, PageSize, 0)
            : await search.SearchAsync(query, PageRequest.Of(PageNumber, PageSize), cancellationToken);
        Actors = await search.ActorsAsync(cancellationToken);
        Actions = await search.ActionsAsync(cancellationToken);
        Subjects = await NameSubjectsAsync(Entries.Items.Where(e => e.EntityId is not null).Select(e => (e.EntityType, e.EntityId!))
            .Append((EntityType ?? "", EntityId ?? "")).Distinct(), cancellationToken);
        Filtered = NullIfBlank(EntityId) is { } id ? Subjects.GetValueOrDefault((EntityType ?? "", id)) ?? new AuditSubject(EntityType ?? "", id, id, null) : null;
    }

    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verification = await checkpoints.VerifyAsync(cancellationToken);
        await OnGetAsync(cancellationToken);
    }

    public string PageLink(int page) => Link(page, EntityType, EntityId);

    public string SubjectLink(AuditSubject subject) => Link(1, subject.EntityType, subject.EntityId);

    private string Link(int page, string? entityType, string? entityId)
    {
        var query = new Dictionary<string, string?>
        {
            ["page"] = page.ToString(CultureInfo.InvariantCulture), ["entityType"] = entityType, ["entityId"] = entityId, ["actor"] = Actor,
            ["action"] = ActionName, ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return "/audit?" + string.Join("&", query.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
    }

    /// <summary>"agreement.draft-saved" as "Agreement: draft saved".</summary>
    public static string ActionLabel(string action)
    {
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        var words = (dot < 0 ? action : $"{action[..dot]}: {action[(dot + 1)..]}").Replace('-', ' ').Replace('.', ' ');
        return words.Length == 0 ? words : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>The kind of subject in words: "WorkflowInstance" as "workflow instance".</summary>
    public static string TypeLabel(string entityType) =>
        System.Text.RegularExpressions.Regex.Replace(entityType, "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();

    private async Task<IReadOnlyList<AuditSubject>> FindSubjectsAsync(string name, CancellationToken cancellationToken)
    {
        var found = new List<AuditSubject>();
        foreach (var agreement in (await agreements.ListAsync(new AgreementQuery(name, null, PageRequest.Of(1, 20)), cancellationToken)).Items)
            found.Add(new AuditSubject("Agreement", agreement.Id.ToString(), agreement.Title, $"/agreements/{agreement.Id}"));
        foreach (var vendor in (await vendors.ListAsync(new VendorQuery(name, true, PageRequest.Of(1, 20)), cancellationToken)).Items)
            found.Add(new AuditSubject("Vendor", vendor.Id.ToString(), vendor.Name, $"/vendors/{vendor.Id}"));
        foreach (var user in (await users.ListAsync(name, PageRequest.Of(1, 20), cancellationToken)).Items)
            found.Add(new AuditSubject("User", user.Id.ToString(), $"{user.DisplayName} ({user.UserName})", $"/admin/users/{user.Id}"));
        // An exact name wins over names that merely contain it.
        var exact = found.Where(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return exact.Count == 1 ? exact : found;
    }

    private async Task<IReadOnlyDictionary<(string Type, string Id), AuditSubject>> NameSubjectsAsync(IEnumerable<(string Type, string Id)> keys,
        CancellationToken cancellationToken)
    {
        var named = new Dictionary<(string, string), AuditSubject>();
        foreach (var (type, id) in keys)
        {
            if (!Guid.TryParse(id, out var guid))
                continue;
            var subject = type switch
            {
                "Agreement" => await agreements.GetAsync(guid, cancellationToken) is { } a ? new AuditSubject(type, id, a.Title, $"/agreements/{a.Id}") : null,
                "Vendor" => await vendors.GetAsync(guid, cancellationToken) is { } v ? new AuditSubject(type, id, v.Name, $"/vendors/{v.Id}") : null,
                "User" => await users.GetAsync(guid, cancellationToken) is { } u ? new AuditSubject(type, id, $"{u.DisplayName} ({u.UserName})", $"/admin/users/{u.Id}") : null,
                _ => null,
            };
            if (subject is not null)
                named[(type, id)] = subject;
        }
        return named;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
