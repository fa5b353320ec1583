using System.Collections.Concurrent;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>The uploads in progress per API token (or per signed-in user, for the cookie), so one holder cannot occupy every upload at once.</summary>
public sealed class UploadSlots
{
    /// <summary>The seconds a refused upload is told to wait before trying again.</summary>
    public const int RetryAfterSeconds = 5;

    private readonly ConcurrentDictionary<string, int> _inProgress = new(StringComparer.Ordinal);

    /// <summary>The token's hash when a bearer token authenticated the request, else the signed-in user.</summary>
    public static string HolderOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? "token:" + ApiTokens.HashOf(header["Bearer ".Length..].Trim())
            : "user:" + (context.User.UserId()?.ToString() ?? context.User.UserName());
    }

    /// <summary>The uploads in progress now, of every holder.</summary>
    public int InProgress => _inProgress.Values.Sum();

    public bool TryTake(string holder, int max)
    {
        while (true)
        {
            var current = _inProgress.GetValueOrDefault(holder);
            if (current >= max)
                return false;
            if (current == 0 ? _inProgress.TryAdd(holder, 1) : _inProgress.TryUpdate(holder, current + 1, current))
                return true;
        }
    }

    public void Release(string holder)
    {
        while (true)
        {
            var current = _inProgress[holder];
            if (current == 1 ? _inProgress.TryRemove(new KeyValuePair<string, int>(holder, 1)) : _inProgress.TryUpdate(holder, current - 1, current))
                return;
        }
    }
}
