using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SlaGovernance.Data;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Notifications.Outbox;

namespace SlaGovernance.Web.Hosting;

/// <summary>The <c>Observability</c> configuration section.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Observability";

    /// <summary>A secret a Prometheus server sends as <c>Authorization: Bearer …</c> to scrape /metrics; without it only an Admin may.</summary>
    public string? ScrapeToken { get; set; }

    /// <summary>Where metrics, traces and logs are sent over OTLP; OTEL_EXPORTER_OTLP_ENDPOINT is read when this is not set. Neither: nothing is sent.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Readiness reports Degraded when more emails than this wait in the outbox.</summary>
    public int OutboxBacklogThreshold { get; set; } = 500;
}

public static class ObservabilityServices
{
    public const string ScrapePath = "/metrics";

    /// <summary>
    /// OpenTelemetry: ASP.NET Core, HTTP client and runtime metrics with the application's own meter, scraped at /metrics;
    /// over OTLP, when an endpoint is configured, the same metrics with traces and logs (audit checkpoints among them).
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<OutboxBacklog>();
        var otlpEndpoint = options.OtlpEndpoint ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otlp = !string.IsNullOrWhiteSpace(otlpEndpoint);
        if (otlp && !Uri.TryCreate(otlpEndpoint, UriKind.Absolute, out _))
            throw new InvalidSettingException($"Observability:OtlpEndpoint '{otlpEndpoint}' is not an absolute URL; give one such as http://collector:4317.");

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("SlaGovernance"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddMeter(SlaGovernanceMetrics.MeterName)
                    .AddPrometheusExporter();
                if (otlp)
                    metrics.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlpEndpoint!));
            });
        if (otlp)
        {
            // Traces and logs only go somewhere over OTLP; without it they would be made for nobody.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlpEndpoint!)));
            telemetry.WithLogging(logging => logging.AddOtlpExporter(exporter => exporter.Endpoint = new Uri(otlpEndpoint!)));
        }

        builder.Services.AddHealthChecks()
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"])
            .AddCheck<WorkflowPollerHealthCheck>("workflow-poller", tags: ["ready"]);
        return builder;
    }

    /// <summary>/metrics for an Admin or a holder of the scrape token; the outbox is counted before each scrape so its gauges are current.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<ObservabilityOptions>();
        var backlog = app.Services.GetRequiredService<OutboxBacklog>();
        app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: branch => branch.Use(async (context, next) =>
        {
            if (!MayScrape(context, options.ScrapeToken))
            {
                var signedIn = context.User.Identity?.IsAuthenticated == true;
                context.Response.StatusCode = signedIn ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
                if (!signedIn)
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                return;
            }
            await backlog.CountAsync(context.RequestAborted);
            await next(context);
        }), optionsName: null);
        return app;
    }

    /// <summary>Writes each readiness check's status and its words, so an operator reads why without the logs.</summary>
    public static Task WriteHealthReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }

    private static bool MayScrape(HttpContext context, string? scrapeToken)
    {
        if (context.User.IsInRole(Roles.Admin))
            return true;
        if (string.IsNullOrEmpty(scrapeToken))
            return false;
        var header = context.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
            return false;
        // Hashed first so the comparison takes as long whatever the length of what was sent.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[bearer.Length..].Trim())),
            SHA256.HashData(Encoding.UTF8.GetBytes(scrapeToken)));
    }
}

/// <summary>Degraded when more emails wait in the outbox than Observability:OutboxBacklogThreshold; the SMTP server may be refusing them.</summary>
public sealed class OutboxHealthCheck(OutboxBacklog backlog, ObservabilityOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var counts = await backlog.CountAsync(cancellationToken);
        var dead = counts.Dead == 0 ? "no dead letters" : $"{counts.Dead} dead letter(s) to resend at /admin/emails";
        return counts.Pending > options.OutboxBacklogThreshold
            ? HealthCheckResult.Degraded(
                $"{counts.Pending} emails wait in the outbox, more than Observability:OutboxBacklogThreshold ({options.OutboxBacklogThreshold}): " +
                $"the SMTP server may be refusing or unreachable; {dead}.")
            : HealthCheckResult.Healthy($"{counts.Pending} email(s) wait in the outbox; {dead}.");
    }
}
