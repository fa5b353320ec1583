using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>
/// Endpoint metadata: the endpoint takes a file, so its body may be larger than Security:MaxApiBodyBytes, up to a limit of its own.
/// <see cref="RequestBodyLimit"/> reads it after routing.
/// </summary>
public sealed class UploadLimit
{
    private readonly Func<SecurityOptions, long> _maxBytes;

    private UploadLimit(Func<SecurityOptions, long> maxBytes, bool streamed)
    {
        _maxBytes = maxBytes;
        Streamed = streamed;
    }

    /// <summary>A document read whole (a signed copy, an imported agreement, a contract template), up to Security:MaxUploadBytes.</summary>
    public static readonly UploadLimit Document = new(options => options.MaxUploadBytes, streamed: false);

    /// <summary>A raw performance data file, streamed to its endpoint and never held whole, up to Security:MaxDataUploadBytes.</summary>
    public static readonly UploadLimit RawData = new(options => options.MaxDataUploadBytes, streamed: true);

    public bool Streamed { get; }

    public long MaxBytes(SecurityOptions options) => _maxBytes(options);
}

public static class UploadLimits
{
    /// <summary>
    /// Gives the endpoint its upload limit, and states in the OpenAPI document the 413 a larger body is answered with and the 429 of
    /// one upload more than Security:MaxConcurrentUploadsPerToken.
    /// </summary>
    public static RouteHandlerBuilder WithUploadLimit(this RouteHandlerBuilder endpoint, UploadLimit limit) =>
        endpoint.WithMetadata(limit).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests);
}
