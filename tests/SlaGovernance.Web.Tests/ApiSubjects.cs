using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// One of everything an operation's route can name (a vendor, agreements, a calendar, a clause, a user, a token, a task, a
/// workflow instance, a proposed exclusion, a change request being drafted), so that calls reach their handlers with real ids. <see cref="Resolve"/> puts them
/// into an OpenAPI path.
/// </summary>
public sealed class ApiSubjects
{
    private readonly Dictionary<string, string> _byRoute = new(StringComparer.Ordinal);

    public required Guid VendorId { get; init; }
    public required Guid AgreementId { get; init; }
    public required string VendorTokenSecret { get; init; }

    /// <summary>Replaces each {parameter} of an OpenAPI path with the prepared subject it names there.</summary>
    public string Resolve(string path)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{'))
                continue;
            var parameter = segments[i].Trim('{', '}');
            var owner = i > 0 ? segments[i - 1] : "";
            segments[i] = _byRoute.GetValueOrDefault($"{owner}/{parameter}") ?? _byRoute.GetValueOrDefault(parameter)
                ?? throw new InvalidOperationException($"No prepared subject for {{{parameter}}} after '{owner}' in {path}; add one to {nameof(ApiSubjects)}.");
        }
        return string.Join('/', segments);
    }

    public static async Task<ApiSubjects> PrepareAsync(SlaGovernanceFactory factory)
    {
        var admin = await factory.AdminApiAsync();
        var drafter = await factory.ApiClientAsync("subjects-drafter-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement, Roles.VendorManager);
        var buyer = await factory.ApiClientAsync("subjects-buyer-" + Guid.NewGuid().ToString("N")[..6], Roles.Procurement);

        var vendorId = await IdAsync(await admin.PostAsJsonAsync("/api/v1/vendors/", new { name = "Subject Vendor " + Guid.NewGuid().ToString("N")[..6], riskTier = "High" }));
        var agreementId = await DraftAsync(drafter, vendorId);
        var inApproval = await DraftAsync(drafter, vendorId);
        var withTasks = await DraftAsync(drafter, vendorId);
        foreach (var submitted in new[] { inApproval, withTasks })
        {
            var etag = (await drafter.GetAsync($"/api/v1/agreements/{submitted}")).Headers.ETag!.Tag;
            Assert.Equal(HttpStatusCode.OK, (await drafter.PostWithIfMatchAsync($"/api/v1/agreements/{submitted}/submit", etag)).StatusCode);
        }
        var taskId = await TaskOfAsync(buyer, withTasks, "id");
        var instanceId = await TaskOfAsync(buyer, inApproval, "workflowId");

        var calendar = await admin.PostAsJsonAsync("/api/v1/calendars/", new
        {
            name = "Subject calendar", timeZone = "Europe/London",
            hours = new[] { new { day = "Monday", start = "08:00", end = "16:00" } }, holidays = Array.Empty<string>(), isDefault = false,
        });
        var clause = await admin.PostAsJsonAsync("/api/v1/clauses/", new { category = "Liability", title = "Subject clause", text = "Liability is capped." });
        var clauseId = (await clause.ReadJsonAsync()).GetProperty("clause").GetProperty("id").GetString()!;
        var user = await factory.CreateUserAsync("subject-user-" + Guid.NewGuid().ToString("N")[..6], Roles.Auditor);
        var spareToken = await Services<ApiTokens>(factory).IssueAsync(user.Id, user.UserName, "spare", null);
        var vendorToken = await Services<ApiTokens>(factory).IssueAsync(user.Id, user.UserName, "vendor", null, vendorId);

        var vendor = new HttpClient(factory.Server.CreateHandler()) { BaseAddress = factory.Server.BaseAddress };
        vendor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", vendorToken.Value!.Secret);
        var exclusions = new StringContent("type,start,end,service,metric,reason,evidence\nForceMajeure,2026-03-10T08:00:00Z,2026-03-10T09:00:00Z,Customer portal,Availability,Flood,\n",
            Encoding.UTF8);
        exclusions.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        Assert.Equal(HttpStatusCode.Created, (await vendor.PostAsync($"/api/v1/agreements/{agreementId}/data/exclusions", exclusions)).StatusCode);
        var exclusionId = (await (await admin.GetAsync($"/api/v1/agreements/{agreementId}/data/exclusions")).ReadJsonAsync())[0].GetProperty("id").GetString()!;
        var changeRequestId = await ChangeRequestAsync(factory, vendorId);
        await factory.DrainEventsAsync();

        var subjects = new ApiSubjects { VendorId = vendorId, AgreementId = agreementId, VendorTokenSecret = vendorToken.Value.Secret };
        subjects._byRoute["vendors/id"] = vendorId.ToString();
        subjects._byRoute["agreements/id"] = agreementId.ToString();
        subjects._byRoute["edit/id"] = agreementId.ToString();
        subjects._byRoute["calendars/id"] = (await IdAsync(calendar)).ToString();
        subjects._byRoute["clauses/id"] = clauseId;
        subjects._byRoute["users/id"] = user.Id.ToString();
        subjects._byRoute["tokens/id"] = spareToken.Value!.Token.Id.ToString();
        subjects._byRoute["tasks/id"] = taskId;
        subjects._byRoute["workflows/id"] = instanceId;
        subjects._byRoute["emails/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["documents/documentId"] = Guid.NewGuid().ToString();
        subjects._byRoute["exclusions/exclusionId"] = exclusionId;
        subjects._byRoute["change-requests/id"] = changeRequestId.ToString();
        subjects._byRoute["changes/id"] = changeRequestId.ToString();
        subjects._byRoute["evidence/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["requests/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["requests/requestId"] = Guid.NewGuid().ToString();
        subjects._byRoute["contacts/contactId"] = Guid.NewGuid().ToString();
        subjects._byRoute["subcontractors/subcontractorId"] = Guid.NewGuid().ToString();
        // No claim exists without a computed report: the claim routes answer for an unknown claim.
        subjects._byRoute["credit-claims/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["claims/id"] = subjects._byRoute["credit-claims/id"];
        subjects._byRoute["audits/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["findings/findingId"] = Guid.NewGuid().ToString();
        subjects._byRoute["audit-actions/id"] = Guid.NewGuid().ToString();
        // The signed agreement's objectives name "Customer portal"; no incident exists, so its routes answer for an unknown one.
        subjects._byRoute["incident-services/name"] = Uri.EscapeDataString("Customer portal");
        subjects._byRoute["services/name"] = subjects._byRoute["incident-services/name"];
        subjects._byRoute["incidents/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["actions/actionId"] = Guid.NewGuid().ToString();
        // The prepared vendor is not critical, so it has no exit readiness test: the routes answer for an unknown one.
        subjects._byRoute["exit-readiness-tests/id"] = Guid.NewGuid().ToString();
        subjects._byRoute["exit-readiness/id"] = subjects._byRoute["exit-readiness-tests/id"];
        // The subject vendor's first assessment is started by the matrix itself (POST /vendors/{id}/assessments): these answer for an unknown one.
        subjects._byRoute["assessments/id"] = Guid.NewGuid().ToString();
        subjects.AddConstants();
        return subjects;
    }

    /// <summary>A change request being drafted on an agreement imported as signed: what the change-request routes name.</summary>
    private static async Task<Guid> ChangeRequestAsync(SlaGovernanceFactory factory, Guid vendorId)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var signed = await Services<Features.Agreements.ImportSignedAgreement>(factory).RunAsync("admin", new Features.Agreements.ImportInput(
            AgreementSamples.Hosting(vendorId) with { Title = "Subject changed " + Guid.NewGuid().ToString("N")[..6] }, null,
            new Features.Agreements.SignatureInput(today.AddDays(-1), "Ada Admin (buyer); Vera Vendor (vendor)", "signed.pdf", "application/pdf",
                Encoding.ASCII.GetBytes("%PDF-1.7 signed"))));
        Assert.True(signed.Value is not null, signed.Message ?? string.Join(" ", signed.Errors?.SelectMany(e => e.Value) ?? []));
        var opened = await Services<Features.Changes.OpenChangeRequest>(factory).RunAsync("admin", signed.Value!.Agreement.Id,
            new Features.Changes.ChangeRequestBody { Class = "Standard", Reason = "A subject for the routes.", EffectiveOn = today.AddDays(7) });
        Assert.True(opened.Value is not null, opened.Message ?? string.Join(" ", opened.Errors?.SelectMany(e => e.Value) ?? []));
        return opened.Value!.Request.Id;
    }

    /// <summary>Fixed ids in place of prepared subjects, for building requests without sending them.</summary>
    public static ApiSubjects Placeholders()
    {
        var subjects = new ApiSubjects { VendorId = Guid.Empty, AgreementId = Guid.Empty, VendorTokenSecret = "" };
        foreach (var route in new[] { "vendors/id", "agreements/id", "calendars/id", "clauses/id", "users/id", "tokens/id", "tasks/id", "workflows/id",
                     "emails/id", "documents/documentId", "exclusions/exclusionId", "change-requests/id", "changes/id", "evidence/id", "requests/id",
                     "requests/requestId", "contacts/contactId", "subcontractors/subcontractorId", "credit-claims/id", "claims/id", "audits/id", "findings/findingId", "audit-actions/id",
                     "exit-readiness-tests/id", "exit-readiness/id", "assessments/id" })
            subjects._byRoute[route] = Guid.Empty.ToString();
        subjects.AddConstants();
        return subjects;
    }

    private void AddConstants()
    {
        _byRoute["definitions/definitionId"] = "sla-approval";
        _byRoute["versions/number"] = "1";
        _byRoute["reports/period"] = "2026-03";
        _byRoute["revisions/revision"] = "1";
        _byRoute["data/kind"] = "probe-samples";
        _byRoute["reviews/area"] = "legal";
    }

    private static T Services<T>(SlaGovernanceFactory factory) where T : notnull =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(factory.Services);

    private static async Task<Guid> DraftAsync(HttpClient drafter, Guid vendorId)
    {
        var created = await drafter.PostAsJsonAsync("/api/v1/agreements/", AgreementSamples.Hosting(vendorId) with { Title = "Subject " + Guid.NewGuid().ToString("N")[..6] },
            AgreementContent.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
    }

    private static async Task<Guid> IdAsync(HttpResponseMessage created)
    {
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{created.RequestMessage!.RequestUri}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        return (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>A property of the first task the approval workflow opened for the agreement, once the workflow has opened it.</summary>
    private static async Task<string> TaskOfAsync(HttpClient buyer, Guid agreementId, string property)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var task = (await (await buyer.GetAsync("/api/v1/tasks/")).ReadJsonAsync()).EnumerateArray()
                .FirstOrDefault(t => t.GetProperty("subjectId").GetString() == agreementId.ToString());
            if (task.ValueKind == JsonValueKind.Object)
                return task.GetProperty(property).GetString()!;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Timed out waiting for the approval task of agreement {agreementId}.");
    }
}
