using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Uploads through the real host (Kestrel on a loopback port) from a client that writes its body slowly: the body is spooled
/// before the write transaction, so other writers on SQLite carry on; a request without credentials is refused before its body is
/// read; and one token has at most Security:MaxConcurrentUploadsPerToken uploads in flight.
/// </summary>
public sealed class SlowUploadTests : IAsyncLifetime
{
    private const string Header = "service,timestamp,up,latency_ms\n";
    private readonly SlaGovernanceFactory _factory = new() { Settings = { ["Security:MaxConcurrentUploadsPerToken"] = "1" } };
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        _address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A body that sends its first part, then waits to be released before sending the rest; chunked, of no stated length.</summary>
    private sealed class HeldBody(string first, string rest) : HttpContent
    {
        public TaskCompletionSource FirstSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            FirstSent.TrySetResult();
            await Release.Task;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(rest));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private HttpClient Client(string? bearer)
    {
        var client = new HttpClient { BaseAddress = _address, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private async Task<HttpClient> ClientOfAsync(string userName, string role)
    {
        var user = await _factory.CreateUserAsync(userName, role);
        var issued = await _factory.Services.GetRequiredService<ApiTokens>().IssueAsync(user.Id, userName, "tests", null);
        return Client(issued.Value!.Secret);
    }

    private static HttpRequestMessage Upload(Guid agreementId, HttpContent body)
    {
        body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return new HttpRequestMessage(HttpMethod.Post, $"/api/v1/agreements/{agreementId}/data/probe-samples") { Content = body };
    }

    private async Task<Guid> AgreementAsync(HttpClient staff)
    {
        var vendor = await (await staff.PostAsJsonAsync("/api/v1/vendors/", new { name = "Slow Vendor " + Guid.NewGuid().ToString("N")[..6], riskTier = "Low" })).ReadJsonAsync();
        var created = await staff.PostAsJsonAsync("/api/v1/agreements/", AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()), AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
    }

    /// <summary>Until the held upload has passed authorisation and holds its slot, that is, its handler is reading the body.</summary>
    private async Task UploadInProgressAsync()
    {
        var slots = _factory.Services.GetRequiredService<UploadSlots>();
        for (var attempt = 0; attempt < 200 && slots.InProgress == 0; attempt++)
            await Task.Delay(25);
        Assert.Equal(1, slots.InProgress);
        // The handler has a few milliseconds of work before it reads the body (the old code had begun its transaction by then).
        await Task.Delay(300);
    }

    [Fact]
    public async Task A_slow_upload_does_not_hold_up_other_writers_and_stores_its_rows_once_sent()
    {
        var staff = await ClientOfAsync("slow-staff", Roles.VendorManager);
        var other = await ClientOfAsync("slow-other", Roles.Procurement);
        var agreementId = await AgreementAsync(staff);
        var body = new HeldBody(Header + "Customer portal,2026-03-01T00:00:00Z,true,120\n", "Customer portal,2026-03-01T00:01:00Z,false,\n");
        var upload = staff.SendAsync(Upload(agreementId, body));
        await body.FirstSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await UploadInProgressAsync();

        var started = DateTimeOffset.UtcNow;
        var write = await other.PostAsJsonAsync("/api/v1/vendors/", new { name = "Written meanwhile", riskTier = "Medium" });
        Assert.Equal(HttpStatusCode.Created, write.StatusCode);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(4), "The other write waited on the upload.");
        Assert.False(upload.IsCompleted);

        body.Release.SetResult();
        var stored = await upload.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(2, (await stored.ReadJsonAsync()).GetProperty("rowCount").GetInt64());
    }

    [Fact]
    public async Task A_chunked_upload_without_credentials_is_refused_before_its_body_is_read()
    {
        // A raw connection, so that the answer is read while the body is still unfinished, as a client that never finishes it would.
        using var connection = new System.Net.Sockets.TcpClient();
        await connection.ConnectAsync(_address.Host, _address.Port);
        var stream = connection.GetStream();
        var chunk = Encoding.ASCII.GetBytes(Header);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/agreements/{Guid.NewGuid()}/data/probe-samples HTTP/1.1\r\nHost: {_address.Authority}\r\n" +
            $"Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n{chunk.Length:x}\r\n"));
        await stream.WriteAsync(chunk);
        await stream.WriteAsync("\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("HTTP/1.1 401 Unauthorized", statusLine);
    }

    [Fact]
    public async Task A_second_upload_of_the_same_token_while_one_is_in_progress_is_answered_429_with_retry_after()
    {
        var staff = await ClientOfAsync("busy-staff", Roles.VendorManager);
        var agreementId = await AgreementAsync(staff);
        var first = new HeldBody(Header + "Customer portal,2026-03-02T00:00:00Z,true,90\n", "");
        var held = staff.SendAsync(Upload(agreementId, first));
        await first.FirstSent.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await UploadInProgressAsync();

        var second = await staff.SendAsync(Upload(agreementId, new StringContent(Header + "Customer portal,2026-03-03T00:00:00Z,true,90\n")));
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(UploadSlots.RetryAfterSeconds), second.Headers.RetryAfter?.Delta);
        Assert.Contains("MaxConcurrentUploadsPerToken", (await second.ReadJsonAsync()).GetProperty("detail").GetString());

        first.Release.SetResult();
        Assert.Equal(HttpStatusCode.Created, (await held.WaitAsync(TimeSpan.FromSeconds(20))).StatusCode);
        var slots = _factory.Services.GetRequiredService<UploadSlots>();
        for (var attempt = 0; attempt < 200 && slots.InProgress > 0; attempt++)
            await Task.Delay(25);
        var again = await staff.SendAsync(Upload(agreementId, new StringContent(Header + "Customer portal,2026-03-03T00:00:00Z,true,90\n")));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }
}
