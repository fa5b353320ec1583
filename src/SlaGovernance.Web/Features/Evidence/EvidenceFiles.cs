using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SlaGovernance.Data;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Validation;
using SlaGovernance.Web.Features.RawData;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Evidence;

public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The largest evidence file accepted; a request carrying a larger one is refused whole.</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>A file someone sends: its name as sent and its content, read once.</summary>
public sealed record IncomingFile(string? FileName, Stream Content);

/// <summary>
/// A file checked and ready to store: spooled to a temporary file, its type read from its content and its SHA-256 computed, so the
/// write transaction never waits on the sender. Disposing deletes the temporary file.
/// </summary>
public sealed class CheckedEvidence : IAsyncDisposable
{
    internal CheckedEvidence(FileStream spooled, string fileName, EvidenceType type, string sha256)
    {
        Spooled = spooled;
        FileName = fileName;
        Type = type;
        Sha256 = sha256;
    }

    internal FileStream Spooled { get; }
    public string FileName { get; }
    public EvidenceType Type { get; }
    public string Sha256 { get; }
    public long SizeBytes => Spooled.Length;

    public ValueTask DisposeAsync() => Spooled.DisposeAsync();
}

/// <summary>Who sends evidence: a member of staff, or a vendor through its token or its /vendor session.</summary>
public sealed record EvidenceSender(string Name, Guid? VendorId)
{
    public bool IsVendor => VendorId is not null;

    public static EvidenceSender Of(ClaimsPrincipal user) => new(user.UserName(), user.VendorId());
}

/// <summary>The one evidence store: every file typed by content, limited in size, kept with its SHA-256 and audited.</summary>
public sealed class EvidenceFiles(EvidenceFileStore store, AuditLog audit, IOptions<EvidenceOptions> options, TimeProvider time)
{
    public long MaxFileBytes => options.Value.MaxFileBytes;

    /// <summary>
    /// Spools and checks every file; the field errors name each refused one (under <paramref name="field"/>) and nothing is kept.
    /// The caller disposes what it gets.
    /// </summary>
    public async Task<(IReadOnlyList<CheckedEvidence> Files, ValidationErrors Errors)> CheckAsync(IReadOnlyList<IncomingFile> files, string field,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var checkedFiles = new List<CheckedEvidence>();
        foreach (var file in files)
        {
            var name = string.IsNullOrWhiteSpace(file.FileName) ? "evidence" : Path.GetFileName(file.FileName.Trim());
            if (name.Length > 300)
                name = name[..300];
            var spooled = await SpooledFile.CopyAsync(new CappedStream(file.Content, MaxFileBytes), cancellationToken);
            if (spooled.Length > MaxFileBytes)
            {
                errors.Add(field, $"{name} is larger than the {Mebibytes(MaxFileBytes)} an evidence file may be; split it or send a smaller export.");
                await spooled.DisposeAsync();
                continue;
            }
            if (spooled.Length == 0)
            {
                errors.Add(field, $"{name} is empty.");
                await spooled.DisposeAsync();
                continue;
            }
            var type = EvidenceTypes.Detect(spooled);
            if (type is null)
            {
                errors.Add(field, $"{name} is not a file of an accepted type by its content; send {EvidenceTypes.Accepted}.");
                await spooled.DisposeAsync();
                continue;
            }
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(spooled, cancellationToken));
            spooled.Position = 0;
            checkedFiles.Add(new CheckedEvidence(spooled, name, type, sha));
        }
        if (!errors.IsValid)
        {
            foreach (var done in checkedFiles)
                await done.DisposeAsync();
            return ([], errors);
        }
        return (checkedFiles, errors);
    }

    /// <summary>Stores a checked file for a vendor, with its audit entry, in the caller's transaction.</summary>
    public async Task<EvidenceFileRow> StoreAsync(UnitOfWork unit, Guid vendorId, CheckedEvidence file, EvidenceSender sender, string purpose,
        CancellationToken cancellationToken)
    {
        var row = new EvidenceFileRow
        {
            Id = Guid.CreateVersion7(), VendorId = vendorId, FileName = file.FileName, FileType = file.Type.Code, ContentType = file.Type.ContentType,
            Sha256 = file.Sha256, SizeBytes = file.SizeBytes, UploadedBy = sender.Name, UploaderIsVendor = sender.IsVendor, UploadedAt = time.GetUtcNow(),
        };
        var content = new byte[file.SizeBytes];
        file.Spooled.Position = 0;
        await file.Spooled.ReadExactlyAsync(content, cancellationToken);
        await store.InsertAsync(unit, row, content, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(sender.Name, "evidence.stored", "Evidence", row.Id.ToString(),
            $"{file.Type.Label} {row.FileName} ({row.SizeBytes} bytes, SHA-256 {row.Sha256}) stored for vendor {vendorId}: {purpose}"), cancellationToken);
        return row;
    }

    /// <summary>Whether the principal may read the file: any member of staff, or the vendor the file belongs to.</summary>
    public static bool MayRead(ClaimsPrincipal user, EvidenceFileRow file) => user.VendorId() is not { } vendorId || vendorId == file.VendorId;

    private static string Mebibytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024.0 * 1024.0):0.#} MiB" : bytes >= 1024 ? $"{bytes / 1024.0:0.#} KiB" : $"{bytes} bytes";

    /// <summary>Reads at most one byte past the limit, so a too-large file is known without spooling all of it.</summary>
    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, Allowed(count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Allowed(int count) => (int)Math.Min(count, Math.Max(0, limit + 1 - _read));

        private int Count(int read)
        {
            _read += read;
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A document staff store for a vendor on its own (a certificate, a report), checked and audited like any evidence.</summary>
public sealed class EvidenceUploads(Database database, VendorStore vendors, EvidenceFiles evidence)
{
    public async Task<Features.CommandResult<EvidenceFileRow>> UploadAsync(Guid vendorId, IncomingFile? file, EvidenceSender sender,
        CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return Features.CommandResult<EvidenceFileRow>.NotFound($"No vendor has id {vendorId}.");
        if (file is null)
            return Features.CommandResult<EvidenceFileRow>.Invalid("file", $"Attach the document as 'file' ({EvidenceTypes.Accepted}).");
        var (files, errors) = await evidence.CheckAsync([file], "file", cancellationToken);
        if (!errors.IsValid)
            return Features.CommandResult<EvidenceFileRow>.Invalid(errors);
        await using var checkedFile = files[0];
        await using var unit = await database.BeginAsync(cancellationToken);
        var row = await evidence.StoreAsync(unit, vendorId, checkedFile, sender, $"document for {vendor.Name}", cancellationToken);
        await unit.CommitAsync(cancellationToken);
        return Features.CommandResult<EvidenceFileRow>.Ok(row);
    }
}
