using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Api;

/// <summary>
/// Caps API bodies well below Kestrel's default: a declared length over the cap is refused before it is read. Endpoints that take
/// a file declare a larger cap of their own (<see cref="UploadLimit"/>), so this runs after routing; and after authorisation, so
/// that a request without credentials is refused before a byte of its body is read. A token (or signed-in user) has at most
/// Security:MaxConcurrentUploadsPerToken uploads in flight; one more is answered 429 with Retry-After.
/// </summary>
internal sealed class RequestBodyLimit(RequestDelegate next, IOptions<SecurityOptions> options, IProblemDetailsService problems, UploadSlots slots)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var upload = context.GetEndpoint()?.Metadata.GetMetadata<UploadLimit>();
        if (upload is not null)
        {
            var holder = UploadSlots.HolderOf(context);
            if (!slots.TryTake(holder, options.Value.MaxConcurrentUploadsPerToken))
            {
                await RefuseBusyAsync(context);
                return;
            }
            try
            {
                await LimitAsync(context, upload);
            }
            finally
            {
                slots.Release(holder);
            }
            return;
        }
        await LimitAsync(context, null);
    }

    private async Task LimitAsync(HttpContext context, UploadLimit? upload)
    {
        if (upload is { Streamed: true })
        {
            await StreamAsync(context, upload.MaxBytes(options.Value));
            return;
        }
        var limit = upload?.MaxBytes(options.Value) ?? options.Value.MaxApiBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }
        if (context.Request.ContentLength is null && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            // A body of unstated length is read up to the cap before the endpoint sees it.
            var buffered = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffered.Length + read > limit)
                {
                    await RefuseAsync(context, limit);
                    return;
                }
                buffered.Write(chunk, 0, read);
            }
            buffered.Position = 0;
            context.Request.Body = buffered;
            context.Request.ContentLength = buffered.Length;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        await next(context);
    }

    /// <summary>A raw-data file is streamed to its endpoint, never buffered here; reading past the limit fails with 413.</summary>
    private async Task StreamAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await RefuseAsync(context, limit);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        context.Request.Body = new LimitedBody(context.Request.Body, limit);
        await next(context);
    }

    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new BadHttpRequestException($"The request body is larger than the {limit} bytes this endpoint accepts.",
                    StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private Task RefuseBusyAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = UploadSlots.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many uploads at once",
                Detail = $"This token already has {options.Value.MaxConcurrentUploadsPerToken} uploads in progress " +
                         "(Security:MaxConcurrentUploadsPerToken); send this one when one of them has finished.",
            },
        }).AsTask();
    }

    private Task RefuseAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large",
                Detail = $"This endpoint accepts at most {limit} bytes.",
            },
        }).AsTask();
    }
}
