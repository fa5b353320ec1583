namespace SlaGovernance.Web.Features.RawData;

/// <summary>A body read whole into a temporary file, which is deleted when the stream is closed.</summary>
internal static class SpooledFile
{
    public static async Task<FileStream> CopyAsync(Stream source, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(Path.GetTempPath(), $"slagov-upload-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await source.CopyToAsync(file, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }
}
