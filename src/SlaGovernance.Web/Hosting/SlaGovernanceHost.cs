using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using NodaTime;
using Scalar.AspNetCore;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Assessments;
using SlaGovernance.Web.Features.Attention;
using SlaGovernance.Web.Features.Audit;
using SlaGovernance.Web.Features.Audits;
using SlaGovernance.Web.Features.Calendars;
using SlaGovernance.Web.Features.Changes;
using SlaGovernance.Web.Features.Claims;
using SlaGovernance.Web.Features.Exits;
using SlaGovernance.Web.Features.Incidents;
using SlaGovernance.Web.Features.Clauses;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Features.Emails;
using SlaGovernance.Web.Features.Me;
using SlaGovernance.Web.Features.RawData;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Web.Features.Tasks;
using SlaGovernance.Web.Features.Tokens;
using SlaGovernance.Web.Features.Users;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Features.Workflows;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Hosting;

public static class SlaGovernanceHost
{
    public static WebApplicationBuilder AddSlaGovernance(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
            builder.Logging.AddJsonConsole(options => options.IncludeScopes = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IClock>(SystemClock.Instance);
        builder.AddDatabase();
        builder.AddIdentity();
        builder.AddAudit();
        builder.AddNotifications();
        builder.AddWorkflows();
        builder.Services.AddSingleton<DefinitionStartup>();
        builder.AddApi();
        builder.AddDomainEvents();
        builder.AddVendors();
        builder.AddAgreements();
        builder.AddChanges();
        builder.AddClaims();
        builder.AddAudits();
        builder.AddAssessments();
        builder.AddExits();
        builder.AddIncidents();
        builder.AddCalendars();
        builder.AddClauses();
        builder.AddRenewals();
        builder.AddRawData();
        builder.AddCompliance();
        builder.AddErrorBudgets();
        builder.AddWorkflowOperations();
        builder.AddTasks();
        builder.AddEmails();
        builder.AddAttention();
        builder.Services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/", Policies.Reader);
            options.Conventions.AllowAnonymousToPage("/Account/Login");
            options.Conventions.AllowAnonymousToPage("/Account/AccessDenied");
            options.Conventions.AllowAnonymousToPage("/Error");
            options.Conventions.AllowAnonymousToPage("/Status");
            // The vendor's page authenticates with its own session (VendorSessions), never with a staff sign-in.
            options.Conventions.AllowAnonymousToFolder("/VendorPortal");
            options.Conventions.AuthorizeFolder("/Admin", Policies.Admin);
            options.Conventions.AuthorizeFolder("/Audit", Policies.AuditReader);
        });
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.AddObservability();
        return builder;
    }

    public static WebApplication UseSlaGovernance(this WebApplication app)
    {
        app.UseTransportSecurity();
        app.UseExceptionHandler("/Error");
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        app.UseWhen(c => !IsApi(c), ui => ui.UseStatusCodePagesWithReExecute("/Status", "?code={0}"));
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After routing, so that an upload endpoint's own body limit is known; after authorisation, so that no body is read for a refused request.
        app.UseWhen(IsApi, api => api.UseMiddleware<RequestBodyLimit>());

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = ObservabilityServices.WriteHealthReport,
        });
        app.MapObservability();
        app.MapOpenApi();
        app.MapScalarApiReference("/api-reference", options => options.WithTitle("SlaGovernance API"));

        var api = app.MapApi();
        api.MapVendorsApi().MapUsersApi().MapTokensApi().MapAuditApi().MapMeApi().MapEmailsApi().MapWorkflowsApi().MapCalendarsApi().MapTasksApi();
        api.MapAgreementsApi();
        api.MapChangesApi();
        api.MapClaimsApi();
        api.MapExitsApi();
        api.MapIncidentsApi();
        api.MapContractTemplatesApi().MapClausesApi().MapComplianceApi().MapRawDataApi().MapComplianceReportsApi().MapErrorBudgetsApi();
        api.MapRenewalsFeatureApi();
        api.MapAttentionApi();
        api.MapVendorRequestsApi().MapVendorProfileApi();
        api.MapAuditsApi();
        api.MapAssessmentsApi();
        app.MapRazorPages();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
