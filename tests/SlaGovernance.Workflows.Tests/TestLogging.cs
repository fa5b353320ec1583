using Microsoft.Extensions.Logging;

namespace SlaGovernance.Workflows.Tests;

/// <summary>With SLAGOV_TEST_LOG=1, the engine's log goes to standard error, for diagnosing a stuck scenario.</summary>
public sealed class StandardErrorLoggerProvider : ILoggerProvider
{
    public static bool Enabled => Environment.GetEnvironmentVariable("SLAGOV_TEST_LOG") == "1";

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
