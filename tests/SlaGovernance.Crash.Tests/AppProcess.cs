using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SlaGovernance.Tests;

namespace SlaGovernance.Crash.Tests;

/// <summary>The real SlaGovernance web app as a child process on a free loopback port, killable with SIGKILL.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Output => string.Join('\n', _output.TakeLast(60));

    /// <summary>The web project's own build output, in the configuration these tests were built in.</summary>
    public static string WebAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var path = Path.Combine(WebProject, "bin", configuration, "net10.0", "SlaGovernance.Web.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first; {path} is missing.");
        }
    }

    private static string WebProject => Path.Combine(TestEnvironment.RepositoryRoot(), "src", "SlaGovernance.Web");

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(WebAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Audit__CheckpointKey"] = "crash-test-audit-checkpoint-key-0123456789";
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        var app = new AppProcess(process, address);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited && app.Output.Contains("failpoint ", StringComparison.Ordinal))
                return app; // killed by a failpoint while catching up on work at start-up
            if (process.HasExited)
                throw new InvalidOperationException($"The app exited with {process.ExitCode} while starting:\n{app.Output}");
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return app;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"The app did not become ready:\n{app.Output}");
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
