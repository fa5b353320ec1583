using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Data;
using SlaGovernance.Data.Incidents;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Incidents;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Incidents (issue 21) through the API on a stepped clock: a signed agreement whose objectives name "Customer portal" and "Service desk",
/// the services an Admin keeps, incidents entered by hand and delivered by Jira Service Management, PagerDuty, ServiceNow and the generic
/// shape, and a major incident run by workflows/major-incident.json from declaration to its recovery tasks and review.
/// </summary>
public sealed class IncidentTests : IDisposable
{
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Database Database => _factory.Services.GetRequiredService<Database>();

    private static readonly DateTimeOffset Morning = new(2027, 3, 2, 10, 30, 0, TimeSpan.Zero);

    private static string Sample(string name) =>
        File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), "tests", "SlaGovernance.Web.Tests", "Incidents", name));

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Database.Sql($"SELECT COUNT(*) FROM {table}"));
    }

    private async Task<List<(string Subject, string Recipients)>> MailsAsync(string like)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<(string, string)>(Database.Sql(
            "SELECT subject, recipients FROM email_outbox WHERE subject LIKE @Like ORDER BY created_at, id"), new { Like = "%" + like + "%" })).ToList();
    }

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                await using var connection = await Database.OpenAsync();
                var errors = await connection.QueryAsync<string>(Database.Sql("SELECT message FROM wf_execution_errors"));
                throw new TimeoutException($"Timed out waiting for {what} at {_factory.Clock.GetUtcNow():O}. Errors: {string.Join(" | ", errors.Take(3))}");
            }
            await Task.Delay(50);
        }
    }

    private async Task<TaskRow?> OpenTaskAsync(Guid incidentId, string stepId)
    {
        await using var connection = await Database.OpenAsync();
        var id = await connection.QueryFirstOrDefaultAsync<Guid?>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE subject_type = 'Incident' AND subject_id = @Id AND step_id = @Step AND status = 'Open'"),
            new { Id = incidentId.ToString(), Step = stepId });
        return id is { } found ? await _factory.Services.GetRequiredService<TaskStore>().GetAsync(found) : null;
    }

    private async Task<TaskRow> WaitForTaskAsync(Guid incidentId, string stepId)
    {
        TaskRow? task = null;
        await UntilAsync(async () => (task = await OpenTaskAsync(incidentId, stepId)) is not null, $"the open task of {stepId}");
        return task!;
    }

    private sealed record Setup(Guid AgreementId, string AgreementTitle, HttpClient Admin, HttpClient Staff, string Commander, string CustomerOwner,
        string LegalOwner, string ExecutiveOwner, string ServiceOwner, string RecoveryOwner);

    /// <summary>A signed hosting agreement (active from 1 January 2027) naming "Customer portal" and "Service desk"; the people incidents name.</summary>
    private async Task<Setup> SetUpAsync()
    {
        _factory.Clock.Set(Morning);
        var admin = await _factory.AdminApiAsync();
        var staff = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager, Roles.Procurement);
        var vendorId = (await (await staff.PostAsJsonAsync("/api/v1/vendors", new { name = Unique("Hostly"), riskTier = "High", contactEmail = "sla@vendor.test" }))
            .ReadJsonAsync()).GetProperty("id").GetGuid();
        var content = AgreementSamples.Hosting(vendorId) with
        {
            Title = Unique("Portal hosting"), TermStart = new DateOnly(2027, 1, 1), TermEnd = new DateOnly(2027, 12, 31), TimeZone = "Europe/Berlin",
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana; Hans"), "signatories" },
        };
        var imported = await staff.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var id = (await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid();
        var people = new List<string>();
        foreach (var (name, role) in new[] { ("commander", Roles.VendorManager), ("comms", Roles.VendorManager), ("counsel", Roles.Legal),
                     ("chief", Roles.GovernanceBoard), ("svcowner", Roles.VendorManager), ("sre", Roles.VendorManager) })
        {
            var user = Unique(name);
            await _factory.CreateUserAsync(user, role);
            people.Add(user);
        }
        return new Setup(id, content.Title, admin, staff, people[0], people[1], people[2], people[3], people[4], people[5]);
    }

    private static object Settings(Setup s, string customersList = "customers@example.com") => new
    {
        owner = s.ServiceOwner,
        channels = new Dictionary<string, object>
        {
            ["customers"] = new { owner = s.CustomerOwner, recipients = L(customersList) },
            ["legal"] = new { owner = s.LegalOwner, recipients = L("legal@example.com") },
            ["executives"] = new { owner = s.ExecutiveOwner, recipients = L("exec@example.com", "cto@example.com") },
        },
        testRecipients = L("game-day@example.com"),
        playbook = new
        {
            steps = new[] { new { title = "Replay the failed checkout orders", owner = s.RecoveryOwner, dueInHours = 4 } },
            compensations = new[] { new { title = "Credit affected enterprise customers under their agreements", owner = s.ServiceOwner, dueInHours = 72 } },
        },
    };

    [Fact]
    public async Task Services_are_the_names_agreements_objectives_use_and_an_Admin_keeps_their_owner_channels_and_playbook()
    {
        var s = await SetUpAsync();
        var listed = (await (await s.Staff.GetAsync("/api/v1/incident-services")).ReadJsonAsync()).EnumerateArray().ToList();
        var portal = listed.Single(x => x.GetProperty("name").GetString() == "Customer portal");
        Assert.Equal(1, portal.GetProperty("agreements").GetInt32());
        Assert.False(portal.GetProperty("configured").GetBoolean());
        Assert.Contains(listed, x => x.GetProperty("name").GetString() == "Service desk");

        // Refused whole, each field named: nobody to own it, an address that is none, a channel left out.
        var bad = await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", new
        {
            owner = "nobody-at-all",
            channels = new Dictionary<string, object>
            {
                ["customers"] = new { owner = s.CustomerOwner, recipients = L("not-an-address") },
                ["legal"] = new { owner = s.LegalOwner, recipients = L("legal@example.com") },
            },
            testRecipients = L("game-day@example.com"),
            playbook = new { steps = new[] { new { title = "Replay", owner = s.RecoveryOwner, dueInHours = 0 } } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = await bad.ProblemErrorsAsync();
        Assert.Contains("No active user is named 'nobody-at-all'", string.Join(" ", errors["owner"]));
        Assert.Contains("'not-an-address' is not an email address", string.Join(" ", errors["channels.customers.recipients[0]"]));
        Assert.Contains("executives channel", string.Join(" ", errors["channels.executives"]));
        Assert.Contains("Due within 1 to", string.Join(" ", errors["playbook.steps[0].dueInHours"]));
        Assert.Equal(0, await CountAsync("incident_services"));

        Assert.Equal(HttpStatusCode.NotFound, (await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Mainframe", Settings(s))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Staff.PutAsJsonAsync("/api/v1/incident-services/Customer portal", Settings(s))).StatusCode);
        var saved = await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", Settings(s));
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        var service = await saved.ReadJsonAsync();
        Assert.True(service.GetProperty("configured").GetBoolean());
        Assert.Equal(1, service.GetProperty("playbookVersion").GetInt32());
        Assert.Equal(s.CustomerOwner, service.GetProperty("channels").GetProperty("customers").GetProperty("owner").GetString());

        // The same playbook saved again keeps its version; a changed one is the next.
        Assert.Equal(1, (await (await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", Settings(s, "all-customers@example.com")))
            .ReadJsonAsync()).GetProperty("playbookVersion").GetInt32());
        var changed = await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", new
        {
            owner = s.ServiceOwner,
            channels = new Dictionary<string, object>
            {
                ["customers"] = new { owner = s.CustomerOwner, recipients = L("customers@example.com") },
                ["legal"] = new { owner = s.LegalOwner, recipients = L("legal@example.com") },
                ["executives"] = new { owner = s.ExecutiveOwner, recipients = L("exec@example.com") },
            },
            testRecipients = L("game-day@example.com"),
            playbook = new { steps = new[] { new { title = "Fail over to the second region", owner = s.RecoveryOwner, dueInHours = 1 } } },
        });
        Assert.Equal(2, (await changed.ReadJsonAsync()).GetProperty("playbookVersion").GetInt32());
    }

    [Fact]
    public async Task An_incident_with_its_resolution_before_its_start_or_an_unknown_service_is_refused_whole_and_severity_alone_does_not_make_it_major()
    {
        var s = await SetUpAsync();
        var refused = await s.Staff.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Portal down", services = L("Customer portal", "Mainframe"), severity = "SEV9",
            startedAt = Morning.AddHours(-1), resolvedAt = Morning.AddHours(-2),
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = await refused.ProblemErrorsAsync();
        Assert.Contains("'Mainframe' is not a service any agreement's objectives name; known services: Customer portal, Service desk.",
            string.Join(" ", errors["services[1]"]));
        Assert.Contains("comes before the start", string.Join(" ", errors["resolvedAt"]));
        Assert.Contains("'SEV9' is not a severity", string.Join(" ", errors["severity"]));
        Assert.Equal(0, await CountAsync("incidents"));
        Assert.Equal(0, await CountAsync("incident_timeline"));

        // A SEV1 that touches few customers and no critical journey matches no criterion: it cannot be declared major.
        var created = await s.Staff.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Portal slow for a handful of users", services = L("Customer portal"), severity = "SEV1",
            startedAt = Morning.AddMinutes(-40), detectedAt = Morning.AddMinutes(-35), impact = new { customersAffected = 12, segments = L("SMB") },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var incident = await created.ReadJsonAsync();
        Assert.Empty(incident.GetProperty("matchedCriteria").EnumerateArray());
        var agreement = incident.GetProperty("agreements").EnumerateArray().Single();
        Assert.Equal(s.AgreementTitle, agreement.GetProperty("title").GetString());
        Assert.Equal("Customer portal", agreement.GetProperty("objectives")[0].GetProperty("service").GetString());
        var id = incident.GetProperty("id").GetGuid();
        var declare = await s.Staff.PostAsJsonAsync($"/api/v1/incidents/{id}/declare-major", new { commander = s.Commander, reason = "It is a SEV1." });
        Assert.Equal(HttpStatusCode.BadRequest, declare.StatusCode);
        Assert.Contains("its severity alone does not make it major", string.Join(" ", (await declare.ProblemErrorsAsync())["impact"]));
        Assert.Equal(0, await CountAsync("incidents WHERE major = 1"));

        // Resolving it before it started is refused and leaves it as it was.
        var update = await s.Staff.PutAsJsonAsync($"/api/v1/incidents/{id}", new
        {
            title = "Portal slow for a handful of users", services = L("Customer portal"), severity = "SEV1",
            startedAt = Morning.AddMinutes(-40), resolvedAt = Morning.AddMinutes(-50),
        });
        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Null((await _factory.Services.GetRequiredService<IncidentStore>().GetAsync(id))!.ResolvedAt);
        Assert.Equal(1, await CountAsync("incident_timeline"));
    }

    [Fact]
    public async Task Deliveries_from_PagerDuty_ServiceNow_and_the_generic_shape_are_mapped_and_a_malformed_one_is_refused_at_its_JSON_path()
    {
        var s = await SetUpAsync();
        var intake = await IntakeClientAsync(s.Admin);

        var pagerDuty = await intake.PostAsync("/api/v1/incidents/webhook?source=pagerduty", Json(Sample("pagerduty-incident-triggered.json")));
        Assert.True(pagerDuty.StatusCode == HttpStatusCode.Created, await pagerDuty.Content.ReadAsStringAsync());
        var pd = (await pagerDuty.ReadJsonAsync()).GetProperty("incident");
        Assert.Equal("PagerDuty PGR0VU2", pd.GetProperty("reference").GetString());
        Assert.Equal("Service desk", pd.GetProperty("services")[0].GetString());
        Assert.Equal("SEV1", pd.GetProperty("severity").GetString());

        var serviceNow = await intake.PostAsync("/api/v1/incidents/webhook?source=servicenow", Json(Sample("servicenow-incident.json")));
        Assert.True(serviceNow.StatusCode == HttpStatusCode.Created, await serviceNow.Content.ReadAsStringAsync());
        var sn = (await serviceNow.ReadJsonAsync()).GetProperty("incident");
        Assert.Equal("ServiceNow INC0010042", sn.GetProperty("reference").GetString());
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 9, 45, 0, TimeSpan.Zero), sn.GetProperty("detectedAt").GetDateTimeOffset());
        Assert.Equal(["segments", "journeys"], sn.GetProperty("matchedCriteria").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray());

        var generic = await intake.PostAsync("/api/v1/incidents/webhook", Json(Sample("generic-incident.json")));
        Assert.True(generic.StatusCode == HttpStatusCode.Created, await generic.Content.ReadAsStringAsync());
        Assert.Equal("Mitigated", (await generic.ReadJsonAsync()).GetProperty("incident").GetProperty("status").GetString());
        Assert.Equal(3, await CountAsync("incidents"));

        // Malformed: not JSON, a list that is not one, no source id, an unknown service; each named where it sits, and nothing written.
        var timeline = await CountAsync("incident_timeline");
        var notJson = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json("{\"issue\": "));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("The payload is not JSON", string.Join(" ", (await notJson.ProblemErrorsAsync())["$"]));
        var jsm = JsonNode(Sample("jsm-issue-created.json"));
        jsm["issue"]!["fields"]!["components"] = "Customer portal";
        var notAList = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json(jsm.ToJsonString()));
        Assert.Equal(["Expected a list."], (await notAList.ProblemErrorsAsync())["issue.fields.components"]);
        jsm = JsonNode(Sample("jsm-issue-created.json"));
        jsm["issue"]!.AsObject().Remove("key");
        var noId = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json(jsm.ToJsonString()));
        Assert.Equal(["This field is required."], (await noId.ProblemErrorsAsync())["issue.key"]);
        var pdUnknown = JsonNode(Sample("pagerduty-incident-triggered.json"));
        pdUnknown["event"]!["data"]!["id"] = "PNEW001";
        pdUnknown["event"]!["data"]!["service"]!["summary"] = "Mainframe";
        var unknown = await intake.PostAsync("/api/v1/incidents/webhook?source=pagerduty", Json(pdUnknown.ToJsonString()));
        Assert.Contains("'Mainframe' is not a service", string.Join(" ", (await unknown.ProblemErrorsAsync())["event.data.service.summary"]));
        var badSource = await intake.PostAsync("/api/v1/incidents/webhook?source=opsgenie", Json(Sample("generic-incident.json")));
        Assert.Contains("'opsgenie' is not a source", string.Join(" ", (await badSource.ProblemErrorsAsync())["source"]));
        Assert.Equal(3, await CountAsync("incidents"));
        Assert.Equal(timeline, await CountAsync("incident_timeline"));

        // The intake token reaches the webhook only; people's tokens other than an Admin's do not reach the webhook.
        Assert.Equal(HttpStatusCode.Forbidden, (await intake.GetAsync("/api/v1/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await s.Staff.PostAsync("/api/v1/incidents/webhook", Json(Sample("generic-incident.json")))).StatusCode);
    }

    private static string[] L(params string[] items) => items;

    private static System.Text.Json.Nodes.JsonNode JsonNode(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpClient> IntakeClientAsync(HttpClient admin)
    {
        var issued = await admin.PostAsJsonAsync("/api/v1/incidents/intake-tokens", new { name = "Jira Service Management" });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var intake = _factory.CreateClient();
        intake.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await issued.ReadJsonAsync()).GetProperty("secret").GetString());
        return intake;
    }

    [Fact]
    public async Task A_major_incident_from_Jira_Service_Management_is_classified_by_the_criteria_runs_its_cadence_and_ends_in_recovery_tasks_and_a_review()
    {
        var s = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", Settings(s))).StatusCode);
        var intake = await IntakeClientAsync(s.Admin);

        // The issue arrives: classified by its business impact (labels), not its priority.
        var delivered = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json(Sample("jsm-issue-created.json")));
        Assert.True(delivered.StatusCode == HttpStatusCode.Created, await delivered.Content.ReadAsStringAsync());
        var incident = (await delivered.ReadJsonAsync()).GetProperty("incident");
        var id = incident.GetProperty("id").GetGuid();
        Assert.Equal("Jira Service Management OPS-42", incident.GetProperty("reference").GetString());
        Assert.Equal("SEV2", incident.GetProperty("severity").GetString());
        Assert.Equal("https://example.atlassian.net/browse/OPS-42", incident.GetProperty("sourceUrl").GetString());
        Assert.False(incident.GetProperty("major").GetBoolean());
        Assert.Equal(["customers", "segments", "data", "journeys"],
            incident.GetProperty("matchedCriteria").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(s.AgreementTitle, incident.GetProperty("agreements")[0].GetProperty("title").GetString());

        // The same delivery again changes nothing.
        var counts = (await CountAsync("incidents"), await CountAsync("incident_timeline"), await CountAsync("audit_log"));
        var again = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json(Sample("jsm-issue-created.json")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("unchanged", (await again.ReadJsonAsync()).GetProperty("outcome").GetString());
        Assert.Equal(counts, (await CountAsync("incidents"), await CountAsync("incident_timeline"), await CountAsync("audit_log")));

        // A person declares it major; without a commander it is refused and nothing changes.
        var noCommander = await s.Staff.PostAsJsonAsync($"/api/v1/incidents/{id}/declare-major", new { reason = "Enterprise checkout is down." });
        Assert.Equal(HttpStatusCode.BadRequest, noCommander.StatusCode);
        Assert.Contains("commander", (await noCommander.ProblemErrorsAsync()).Keys);
        var declared = await s.Staff.PostAsJsonAsync($"/api/v1/incidents/{id}/declare-major",
            new { commander = s.Commander, reason = "Enterprise checkout is down and card data may be exposed." });
        Assert.True(declared.StatusCode == HttpStatusCode.OK, await declared.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        var store = _factory.Services.GetRequiredService<IncidentStore>();
        await UntilAsync(async () => (await store.GetAsync(id))?.WorkflowId is not null, "the major-incident workflow");
        var workflowId = (await store.GetAsync(id))!.WorkflowId!.Value.ToString();
        await UntilAsync(async () => (await store.ChannelsAsync(id)).Count == 3, "the channels");
        await _factory.UntilWorkflowWaitsAsync(workflowId);

        // The commander leads, Legal is brought in (data exposure matched), each channel owner is told, the board hears of it.
        var command = await WaitForTaskAsync(id, "command");
        Assert.Contains("OPS-42", command.SubjectSummary);
        var legal = await WaitForTaskAsync(id, "legal-assess");
        Assert.Equal(Roles.Legal, legal.AssigneeRole);
        Assert.Single(await MailsAsync("You own the customers updates of major incident Jira Service Management OPS-42"));
        Assert.Single(await MailsAsync("You own the legal updates"));
        var declaredMail = Assert.Single(await MailsAsync("Major incident Jira Service Management OPS-42"), m => m.Subject.StartsWith("Major", StringComparison.Ordinal));
        Assert.Contains($"{s.Commander}@example.com", declaredMail.Recipients);

        // A replay of the step that opened the channels opens and sends nothing more.
        var emails = await CountAsync("email_outbox");
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "major-incident-begin").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = Incidents.SubjectType, Id = id.ToString() }, workflowId, "major-incident", "begin", "replay"), CancellationToken.None);
        Assert.Equal(3, await CountAsync("incident_channels"));
        Assert.Equal(emails, await CountAsync("email_outbox"));

        // 26 minutes on, the customers update (every 30 minutes) is due in 4: its owner is reminded, once.
        _factory.Clock.Set(Morning.AddMinutes(26));
        await UntilAsync(async () => (await MailsAsync("Reminder: the customers update")).Count == 1, "the customers reminder");
        var reminder = (await MailsAsync("Reminder: the customers update")).Single();
        Assert.Contains($"{s.CustomerOwner}@example.com", reminder.Recipients);

        // The owner sends the update: to the customers list, and the next is due 30 minutes later.
        var comms = _factory.CreateClient();
        comms.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOfAsync(s.CustomerOwner));
        _factory.Clock.Set(Morning.AddMinutes(28));
        var sent = await comms.PostAsJsonAsync($"/api/v1/incidents/{id}/updates",
            new { channel = "customers", body = "Checkout is failing for enterprise customers; we are failing over. Next update by 11:28 UTC." });
        Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
        var update = (await MailsAsync("Incident update: Customer portal checkout fails")).Single();
        Assert.Contains("customers@example.com", update.Recipients);
        Assert.Equal(Morning.AddMinutes(58), (await store.ChannelsAsync(id)).Single(c => c.Channel == "customers").NextDueAt);
        var counsel = _factory.CreateClient();
        counsel.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOfAsync(s.LegalOwner));
        var wrongChannel = await counsel.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { channel = "customers", body = "Not mine to send." });
        Assert.Equal(HttpStatusCode.Forbidden, wrongChannel.StatusCode);
        var empty = await comms.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { channel = "press", body = " " });
        Assert.Equal(["'press' is not a channel; use one of customers, legal, executives."], (await empty.ProblemErrorsAsync())["channel"]);
        Assert.Equal(1, await CountAsync("incident_updates"));

        // At 61 minutes the legal and executives updates (every 60) and the customers one (due at 58) are overdue: escalated to the commander,
        // the channel's owner and the service owner, once each.
        _factory.Clock.Set(Morning.AddMinutes(52));
        await UntilAsync(async () => (await MailsAsync("Reminder: the legal update")).Count == 1, "the legal reminder");
        _factory.Clock.Set(Morning.AddMinutes(61));
        await UntilAsync(async () => (await MailsAsync("Overdue: the")).Count == 3, "three escalations");
        var overdue = (await MailsAsync("Overdue: the legal update")).Single();
        Assert.Contains($"{s.Commander}@example.com", overdue.Recipients);
        Assert.Contains($"{s.LegalOwner}@example.com", overdue.Recipients);
        Assert.Contains($"{s.ServiceOwner}@example.com", overdue.Recipients);
        await _factory.UntilWorkflowWaitsAsync(workflowId);

        // The cadence step run again after a crash sends nothing twice.
        emails = await CountAsync("email_outbox");
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "major-incident-cadence").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = Incidents.SubjectType, Id = id.ToString() }, workflowId, "major-incident", "cadence", "replay"), CancellationToken.None);
        Assert.Equal(emails, await CountAsync("email_outbox"));

        // Jira resolves it: the commander's task closes, the playbook's step and compensatory action open with owners and due dates, and the
        // commander holds the blameless review.
        _factory.Clock.Set(new DateTimeOffset(2027, 3, 2, 12, 45, 0, TimeSpan.Zero));
        var resolved = await intake.PostAsync("/api/v1/incidents/webhook?source=jsm", Json(Sample("jsm-issue-resolved.json")));
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        Assert.Equal("updated", (await resolved.ReadJsonAsync()).GetProperty("outcome").GetString());
        var review = await WaitForTaskAsync(id, "review");
        Assert.Equal(Roles.VendorManager, review.AssigneeRole);
        var actions = await store.ActionsAsync(id);
        Assert.Equal(2, actions.Count);
        var replay = actions.Single(a => a.Kind == MajorIncidentRecoveryAction.Step);
        Assert.Equal(s.RecoveryOwner, replay.Owner);
        Assert.Equal(new DateTimeOffset(2027, 3, 2, 16, 40, 0, TimeSpan.Zero), replay.DueAt);
        Assert.Equal(new DateTimeOffset(2027, 3, 5, 12, 40, 0, TimeSpan.Zero), actions.Single(a => a.Kind == MajorIncidentRecoveryAction.Compensation).DueAt);
        Assert.Single(await MailsAsync("Recovery step for Jira Service Management OPS-42: Replay the failed checkout orders"));
        Assert.Single(await MailsAsync("Resolved: major incident"));
        Assert.Null(await OpenTaskAsync(id, "command"));

        // The recovery step run again opens nothing more; its owner marks it done.
        await _factory.Services.GetServices<IWorkflowAction>().Single(a => a.Name == "major-incident-recovery").RunAsync(new WorkflowActionContext(
            new WorkflowSubject { Type = Incidents.SubjectType, Id = id.ToString() }, workflowId, "major-incident", "recovery", "replay"), CancellationToken.None);
        Assert.Equal(2, await CountAsync("incident_actions"));
        var sre = _factory.CreateClient();
        sre.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenOfAsync(s.RecoveryOwner));
        var done = await sre.PostAsJsonAsync($"/api/v1/incidents/{id}/actions/{replay.Id}/complete", new { note = "All 312 orders replayed." });
        Assert.True(done.StatusCode == HttpStatusCode.OK, await done.Content.ReadAsStringAsync());

        var page = await (await s.Staff.GetAsync($"/api/v1/incidents/{id}")).ReadJsonAsync();
        Assert.Equal("Resolved", page.GetProperty("status").GetString());
        var timeline = page.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("what").GetString()!).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Jira Service Management OPS-42 declared major", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Escalated: the legal update", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Done: Replay the failed checkout orders", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pages_keep_a_service_name_the_agreements_criteria_and_channels_and_take_a_declaration_and_an_update()
    {
        var s = await SetUpAsync();
        var browser = await _factory.Browser().SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var services = await browser.GetPageAsync("/admin/services");
        Assert.Contains("Customer portal", services.QuerySelector("#services")!.TextContent);
        var form = await browser.GetPageAsync("/admin/services/Customer%20portal");
        var fields = new Dictionary<string, string>
        {
            ["Owner"] = s.ServiceOwner, ["ChannelOwners[customers]"] = s.CustomerOwner, ["ChannelLists[customers]"] = "customers@example.com, not-an-address",
            ["ChannelOwners[legal]"] = s.LegalOwner, ["ChannelLists[legal]"] = "legal@example.com",
            ["ChannelOwners[executives]"] = s.ExecutiveOwner, ["ChannelLists[executives]"] = "exec@example.com",
            ["TestList"] = "game-day@example.com", ["Steps"] = $"Replay the failed orders | {s.RecoveryOwner} | 4", ["Compensations"] = "",
        };
        var refused = await browser.SubmitAsync(form, "#service-form", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'not-an-address' is not an email address", (await Pages.ParseAsync(refused)).QuerySelector("#error-summary")!.TextContent);
        Assert.Equal(0, await CountAsync("incident_services"));
        fields["ChannelLists[customers]"] = "customers@example.com";
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync(form, "#service-form", fields)).StatusCode);
        Assert.Contains("version 1: 1 step(s)", (await browser.GetPageAsync("/admin/services")).QuerySelector("#services")!.TextContent);

        var created = await s.Staff.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Portal login fails", services = L("Customer portal"), severity = "SEV3", startedAt = Morning.AddMinutes(-20),
            impact = new { customersAffected = 5000 },
        });
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetGuid();
        Assert.Contains("Portal login fails", (await browser.GetPageAsync("/incidents")).QuerySelector("#incidents")!.TextContent);
        var page = await browser.GetPageAsync($"/incidents/{id}");
        Assert.Contains("Many customers affected: 5,000 customers affected, at least 1,000", page.QuerySelector("#matched-criteria")!.TextContent);
        Assert.Contains(s.AgreementTitle, page.QuerySelector("#affected-agreements")!.TextContent);
        var declared = await browser.SubmitAsync(page, "#declare-form", new Dictionary<string, string> { ["Commander"] = s.Commander, ["Reason"] = "5,000 customers cannot sign in." });
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        await _factory.DrainEventsAsync();
        var store = _factory.Services.GetRequiredService<IncidentStore>();
        await UntilAsync(async () => (await store.ChannelsAsync(id)).Count == 3, "the channels");
        page = await browser.GetPageAsync($"/incidents/{id}");
        Assert.Contains(s.CustomerOwner, page.QuerySelector("#channels")!.TextContent);
        var sent = await browser.SubmitAsync(page, "#update-form", new Dictionary<string, string>
        {
            ["Channel"] = "customers", ["Body"] = "Sign-in fails for some customers; a fix is being rolled out.",
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        page = await browser.GetPageAsync($"/incidents/{id}");
        Assert.Contains("a fix is being rolled out", page.QuerySelector("#channels")!.TextContent);
        Assert.Contains("Update to customers", page.QuerySelector("#incident-timeline")!.TextContent);
        Assert.Contains("declared major by admin", page.QuerySelector("#incident-timeline")!.TextContent);
        var home = (await browser.GetPageAsync("/")).QuerySelector("#attention-incidents-open")!.TextContent;
        Assert.Contains("Portal login fails", home);
        Assert.Contains($"{s.Commander} commands it", home);
    }

    [Fact]
    public async Task A_simulation_runs_the_major_incident_response_but_writes_only_to_the_test_list()
    {
        var s = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await s.Admin.PutAsJsonAsync("/api/v1/incident-services/Customer portal", Settings(s))).StatusCode);
        var created = await s.Staff.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "Game day: checkout down", services = L("Customer portal"), severity = "SEV1", startedAt = Morning.AddMinutes(-5), simulation = true,
            impact = new { customersAffected = 20000, dataExposure = true },
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var incident = await created.ReadJsonAsync();
        Assert.True(incident.GetProperty("simulation").GetBoolean());
        Assert.StartsWith("Simulation INC-", incident.GetProperty("reference").GetString(), StringComparison.Ordinal);
        var id = incident.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await s.Staff.PostAsJsonAsync($"/api/v1/incidents/{id}/declare-major",
            new { commander = s.Commander, reason = "Game day: a full checkout outage." })).StatusCode);
        await _factory.DrainEventsAsync();
        var store = _factory.Services.GetRequiredService<IncidentStore>();
        await UntilAsync(async () => (await store.ChannelsAsync(id)).Count == 3, "the channels");
        var workflowId = (await store.GetAsync(id))!.WorkflowId!.Value.ToString();
        await _factory.UntilWorkflowWaitsAsync(workflowId);
        Assert.All(await store.ChannelsAsync(id), c => Assert.Equal("[\"game-day@example.com\"]", c.Recipients));
        foreach (var channel in L("customers", "legal", "executives"))
            Assert.Equal(HttpStatusCode.Created, (await s.Staff.PostAsJsonAsync($"/api/v1/incidents/{id}/updates",
                new { channel, body = $"Game day update to {channel}." })).StatusCode);
        var updates = await MailsAsync("[Simulation] Incident update: Game day");
        Assert.Equal(3, updates.Count);
        Assert.All(updates, u => Assert.Contains("game-day@example.com", u.Recipients));
        await using var connection = await Database.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(Database.Sql(
            "SELECT COUNT(*) FROM email_outbox WHERE recipients LIKE '%customers@example.com%' OR recipients LIKE '%legal@example.com%' OR recipients LIKE '%exec@example.com%'")));
    }

    private async Task<string> TokenOfAsync(string userName)
    {
        var user = await _factory.Services.GetRequiredService<SlaGovernance.Data.Identity.UserStore>().FindByUserNameAsync(userName);
        var issued = await _factory.Services.GetRequiredService<SlaGovernance.Web.Identity.ApiTokens>().IssueAsync(user!.Id, userName, "tests", null);
        return issued.Value!.Secret;
    }
}

/// <summary>workflows/incident-criteria.vN.json is checked at start-up: what is wrong is named at its JSON path, and the shipped file is sound.</summary>
public sealed class IncidentCriteriaFileTests
{
    [Fact]
    public void The_shipped_criteria_load_and_a_broken_file_is_refused_at_its_JSON_paths()
    {
        var workflows = Path.Combine(TestEnvironment.RepositoryRoot(), "workflows");
        Assert.True(File.Exists(Path.Combine(workflows, "incident-criteria.v1.json")), "workflows/incident-criteria.v1.json is the shipped criteria file");
        var shipped = new IncidentCriteriaCatalogue();
        shipped.Load(workflows);
        Assert.Equal(1, shipped.Current.Version);
        Assert.Equal(30, shipped.Current.CadenceOf("customers").EveryMinutes);

        var folder = Directory.CreateTempSubdirectory("slagov-criteria-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "incident-criteria.v2.json"), """
                { "id": "incident-criteria", "version": 2,
                  "criteria": [ { "id": "customers", "label": "Many customers", "field": "customers", "atLeast": 10 },
                                { "id": "revenue", "label": "Revenue", "field": "revenueAtRiskPerHour" } ],
                  "cadence": { "customers": { "everyMinutes": 30, "remindBeforeMinutes": 40 }, "legal": { "everyMinutes": 60, "remindBeforeMinutes": 10 } } }
                """);
            var refused = Assert.Throws<SlaGovernance.Workflows.Definitions.WorkflowDefinitionException>(() => new IncidentCriteriaCatalogue().Load(folder));
            var problems = refused.Problems.Select(p => $"{p.File} at {p.Path}").ToList();
            Assert.Contains("workflows/incident-criteria.v2.json at $.criteria[0].field", problems);
            Assert.Contains("workflows/incident-criteria.v2.json at $.criteria[1].atLeast", problems);
            Assert.Contains("workflows/incident-criteria.v2.json at $.cadence.customers", problems);
            Assert.Contains("workflows/incident-criteria.v2.json at $.cadence", problems);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
