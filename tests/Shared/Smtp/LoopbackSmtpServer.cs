using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace SlaGovernance.Tests;

/// <summary>A real SMTP server inside the test process, on a free loopback port, keeping what it receives.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public LoopbackSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>While this answers true, every message is refused with 451 (a temporary failure: try again later), as during an outage.</summary>
    public Func<bool> Refusing { get; set; } = () => false;

    /// <summary>How many messages were refused.</summary>
    public int Refused => _refused;

    private int _refused;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        private static readonly SmtpResponse LocalError = new((SmtpReplyCode)451, "Requested action aborted: local error in processing");

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.Refusing())
            {
                Interlocked.Increment(ref server._refused);
                return LocalError;
            }
            using var stream = new MemoryStream(buffer.ToArray());
            server.Received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
