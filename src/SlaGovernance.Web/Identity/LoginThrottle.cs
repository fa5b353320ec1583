using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace SlaGovernance.Web.Identity;

/// <summary>
/// Limits sign-in attempts per client address and per account name, each in fixed windows of
/// <see cref="SecurityOptions.LoginThrottleWindow"/> read from the injected clock; an attempt over either limit is refused.
/// Counted on this node, so a cluster of N nodes admits up to N times the limit.
/// </summary>
public sealed class LoginThrottle(IOptions<SecurityOptions> options, TimeProvider time)
{
    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;
        public int Attempts;
    }

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public bool TryAcquire(HttpContext context, string? userName)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var length = settings.LoginThrottleWindow > TimeSpan.Zero ? settings.LoginThrottleWindow : TimeSpan.FromMinutes(1);
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var byAddress = Take($"address:{address}", settings.LoginAttemptsPerMinute, now, length);
        var byAccount = string.IsNullOrWhiteSpace(userName)
            || Take($"account:{SlaGovernance.Data.Identity.UserStore.Normalize(userName)}", settings.LoginAttemptsPerAccount, now, length);
        if (_windows.Count > 10_000)
            foreach (var (key, window) in _windows.Where(w => w.Value.Start + length <= now).ToList())
                _windows.TryRemove(new KeyValuePair<string, Window>(key, window));
        return byAddress && byAccount;
    }

    private bool Take(string key, int permits, DateTimeOffset now, TimeSpan length)
    {
        var window = _windows.AddOrUpdate(key, _ => new Window(now), (_, current) => current.Start + length <= now ? new Window(now) : current);
        return Interlocked.Increment(ref window.Attempts) <= Math.Max(1, permits);
    }
}
