namespace SlaGovernance.Web.Api;

public static class FileDownloads
{
    /// <summary>States the file an endpoint answers 200 with, as bytes of its media type: file results state nothing of themselves.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder endpoint, string mediaType) =>
        endpoint.Produces<Stream>(StatusCodes.Status200OK, mediaType);
}
