using System.Globalization;

namespace SlaGovernance.Web.Api;

/// <summary>Entity versions as ETags: a stored version N is the strong tag "N".</summary>
public static class ETags
{
    public static string For(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads the version from If-Match; null when the header is absent or not one of our tags.</summary>
    public static int? FromIfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
            value = value[2..];
        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
    }

    public static PreconditionRequiredProblem PreconditionRequired() => new();

    /// <summary>412 with the stored version as the response's ETag, so the caller can read it again and retry.</summary>
    public static PreconditionFailedProblem Stale(HttpContext context, int currentVersion, string message)
    {
        context.Response.Headers.ETag = For(currentVersion);
        return new PreconditionFailedProblem(message);
    }
}
