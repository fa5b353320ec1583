using System.Security.Claims;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Attention;

/// <summary>The person a start page is for: who they are, their roles and the zone they read times in.</summary>
public sealed record AttentionViewer(Guid UserId, string UserName, IReadOnlySet<string> Roles, string TimeZone)
{
    public bool IsIn(string role) => Roles.Contains(role);

    public static AttentionViewer Of(ClaimsPrincipal user) => new(user.UserId()!.Value, user.UserName(),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal), user.TimeZoneId());
}

/// <summary>
/// One thing that needs a person: what kind of thing it is (task, returned-draft, notice-deadline…), a title naming its
/// subject, when it is due, where to act, and what to do next.
/// </summary>
/// <param name="Kind">A stable name for the kind of item, for scripts.</param>
/// <param name="Detail">What more there is to know: why a draft came back, where an approval stands.</param>
public sealed record AttentionItem(string Kind, string Title, DateTimeOffset? DueAt, bool Overdue, string Link, string NextStep, string? Detail = null);

/// <summary>A heading of the start page: its key, its words, where it comes among the others, and what to do while it is empty.</summary>
public sealed record AttentionSection(string Key, string Heading, int Order, string WhenEmpty);

/// <summary>
/// What one capability says needs a person's attention. Each feature registers its own with <c>AddAttentionSource</c>, so
/// the start page and <c>GET /api/v1/me/attention</c> gather a new capability's items without being changed.
/// </summary>
public interface IAttentionSource
{
    AttentionSection Section { get; }

    /// <summary>Whether the section is shown to this person at all (an empty section still says what to do next).</summary>
    bool AppliesTo(AttentionViewer viewer);

    /// <summary>The items, most pressing first.</summary>
    Task<IReadOnlyList<AttentionItem>> ItemsAsync(AttentionViewer viewer, CancellationToken cancellationToken);
}

/// <summary>One section of a person's start page with its items.</summary>
public sealed record AttentionSectionDto(string Key, string Heading, string WhenEmpty, IReadOnlyList<AttentionItem> Items);

/// <summary>What needs a person's attention, section by section, in the order the start page shows them.</summary>
public sealed record AttentionDto(IReadOnlyList<AttentionSectionDto> Sections);

/// <summary>Gathers every registered source that applies to a person, in section order.</summary>
public sealed class HomeAttention(IEnumerable<IAttentionSource> sources)
{
    public async Task<AttentionDto> ForAsync(AttentionViewer viewer, CancellationToken cancellationToken)
    {
        var sections = new List<AttentionSectionDto>();
        foreach (var source in sources.Where(s => s.AppliesTo(viewer)).OrderBy(s => s.Section.Order).ThenBy(s => s.Section.Key, StringComparer.Ordinal))
            sections.Add(new AttentionSectionDto(source.Section.Key, source.Section.Heading, source.Section.WhenEmpty,
                await source.ItemsAsync(viewer, cancellationToken)));
        return new AttentionDto(sections);
    }
}

public static class AttentionFeature
{
    public static WebApplicationBuilder AddAttention(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HomeAttention>();
        return builder;
    }

    /// <summary>How a feature adds its section to everyone's start page.</summary>
    public static IServiceCollection AddAttentionSource<TSource>(this IServiceCollection services) where TSource : class, IAttentionSource =>
        services.AddSingleton<IAttentionSource, TSource>();

    public static RouteGroupBuilder MapAttentionApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/me").WithTags("Me").RequireAuthorization(Policies.Reader)
            .MapGet("/attention", Get).WithName("GetMyAttention")
            .WithSummary("What needs my attention, section by section: my tasks, drafts returned to me, approvals I wait on, deadlines and more")
            .WithDescription("Each capability adds its own section; a section applies to some roles only, and says what to do next while it is empty.");
        return api;
    }

    private static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<AttentionDto>> Get(HomeAttention attention, HttpContext context,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await attention.ForAsync(AttentionViewer.Of(context.User), cancellationToken));
}
