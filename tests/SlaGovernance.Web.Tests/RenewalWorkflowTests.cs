using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Renewals;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Tests;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Renewals;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// A clock the test sets, years at a time, while timers keep running on real time: the periodic services and lease renewals
/// then tick a few times after a jump instead of once per period skipped (a fake timer would fire millions of times for a year).
/// </summary>
public sealed class SteppedClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);
}

public sealed class SteppedClockFactory : SlaGovernanceFactory
{
    public SteppedClock Clock { get; } = new(new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero));

    public SteppedClockFactory() => Settings["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("SLAGOV_TEST_LOGLEVEL") ?? "Warning";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}

/// <summary>
/// The renewal workflow (workflows/renewal.json) run forward by the clock. The budget calendar: fiscal years from 1 April,
/// budget requests due 120 days before, procurement's lead time 60 days. The organisation's default business calendar has
/// Monday to Friday working days.
/// </summary>
public sealed class RenewalWorkflowTests : IDisposable
{
    /// <summary>A host of its own per test, since each runs its clock forward over years.</summary>
    private readonly SteppedClockFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private Database Database => _factory.Services.GetRequiredService<Database>();

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private async Task UseAprilCalendarAsync(int requestDaysBefore = 120)
    {
        var admin = await _factory.AdminApiAsync();
        var current = await admin.GetAsync("/api/v1/organisation/budget-calendar");
        var saved = await admin.PutJsonAsync("/api/v1/organisation/budget-calendar", new
        {
            fiscalYearStartMonth = 4, fiscalYearStartDay = 1, timeZone = "Europe/Berlin",
            milestones = new object[] { new { name = "Budget requests due", daysBeforeYearStart = requestDaysBefore, isRequestDeadline = true } },
            leadTimes = Array.Empty<object>(), defaultLeadTimeDays = 60,
        }, current.Headers.ETag!.Tag);
        Assert.True(saved.StatusCode == HttpStatusCode.OK, await saved.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
    }

    /// <summary>Imports a signed agreement (Active from 1 January 2027) owned by a new user; returns its id and the owner.</summary>
    private async Task<(Guid Id, string Owner)> ImportAsync(string title, DateOnly end, bool tacit)
    {
        var procurement = await _factory.ApiClientAsync(Unique("buyer"), Roles.Procurement);
        var vendor = await (await procurement.PostAsJsonAsync("/api/v1/vendors",
            new { name = Unique("Hostly"), riskTier = "High", contactEmail = "sla@vendor.test" })).ReadJsonAsync();
        var owner = Unique("owner");
        await _factory.CreateUserAsync(owner, Roles.Procurement);
        var content = AgreementSamples.Hosting(vendor.GetProperty("id").GetGuid()) with
        {
            Title = Unique(title), Owner = owner, Category = "Hosting", AnnualValue = 120_000m, Currency = "EUR",
            TermStart = new DateOnly(2027, 1, 1), TermEnd = end, TimeZone = "Europe/Berlin",
            Renewal = new RenewalTerms(tacit, new Period(3, PeriodUnit.Months), tacit ? new Period(12, PeriodUnit.Months) : null),
        };
        var form = new MultipartFormDataContent
        {
            { new StringContent(content.ToJson(), Encoding.UTF8, "application/json"), "content", "agreement.json" },
            { new ByteArrayContent("%PDF-1.7 signed"u8.ToArray()), "file", "signed.pdf" },
            { new StringContent("2026-12-15"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var imported = await procurement.PostAsync("/api/v1/agreements/import", form);
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        return ((await imported.ReadJsonAsync()).GetProperty("agreement").GetProperty("id").GetGuid(), owner);
    }

    /// <summary>Moves the clock, then runs what the minute sweepers would: the lifecycle, new renewal cycles, task deadlines.</summary>
    private async Task AtAsync(DateTimeOffset at)
    {
        _factory.Clock.Set(at);
        await _factory.Services.GetRequiredService<AgreementLifecycle>().SweepAsync(at);
        await _factory.DrainEventsAsync();
        await _factory.Services.GetRequiredService<RenewalCycles>().StartDueAsync();
        await _factory.Services.GetRequiredService<TaskDeadlines>().RunOnceAsync();
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
                var instances = await connection.QueryAsync<string>(Database.Sql(
                    "SELECT definition_id || ' ' || status || ' ' || COALESCE(next_execution, -1) || ' ' || COALESCE(reference, '') || ' ' || pointers FROM wf_instances WHERE status = 0"));
                var locks = await connection.QueryAsync<string>(Database.Sql("SELECT resource || ' ' || expires_at FROM wf_locks"));
                var commands = await connection.QueryAsync<string>(Database.Sql("SELECT command_name || ' ' || execute_time FROM wf_scheduled_commands"));
                throw new TimeoutException($"Timed out waiting for {what} at {_factory.Clock.GetUtcNow():O}. Errors: {string.Join(" | ", errors.Take(3))}. " +
                    $"Instances: {string.Join(" | ", instances)}. Locks: {string.Join(" | ", locks)}. Commands: {string.Join(" | ", commands)}");
            }
            await Task.Delay(50);
        }
    }

    private sealed record Mail(string Subject, string? Attachments);

    private async Task<List<Mail>> MailsAsync(string title)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.QueryAsync<Mail>(Database.Sql("SELECT subject, attachments FROM email_outbox WHERE subject LIKE @Title ORDER BY created_at, id"),
            new { Title = "%" + title + "%" })).ToList();
    }

    private async Task<List<TaskRow>> DecisionTasksAsync(Guid agreementId)
    {
        await using var connection = await Database.OpenAsync();
        var ids = await connection.QueryAsync<Guid>(Database.Sql(
            "SELECT id FROM wf_tasks WHERE definition_id = 'renewal' AND subject_id = @Id ORDER BY created_at"), new { Id = agreementId.ToString() });
        var tasks = _factory.Services.GetRequiredService<TaskStore>();
        var rows = new List<TaskRow>();
        foreach (var id in ids)
            rows.Add((await tasks.GetAsync(id))!);
        return rows;
    }

    private Task<IReadOnlyList<RenewalCycleRow>> CyclesAsync(Guid agreementId) =>
        _factory.Services.GetRequiredService<RenewalCycleStore>().OfAgreementAsync(agreementId);

    private async Task<int> CountAsync(string title, string prefix) => (await MailsAsync(title)).Count(m => m.Subject.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// Term k ends on 31 December of 2029 + k; its renewal, from 1 January, is funded in the fiscal year from the April
    /// before, whose budget requests are due 120 days before that April (2 December, but 3 December 2031 for the fiscal year
    /// from April 2032, a leap year). The reminder comes 14 days earlier, at 09:00 in Berlin, with the deadline as an .ics event.
    /// </summary>
    private async Task BudgetReminderAsync(Guid id, string title, int k)
    {
        var deadline = new NodaTime.LocalDate(2029 + k, 4, 1).PlusDays(-120);
        var remindOn = deadline.PlusDays(-14);
        // The term's workflow is waiting for its reminder (started on activation, or by the previous term's renewal).
        await UntilAsync(async () => await SleepingUntilAsync(id, $"{2029 + k}-12-31") is not null, $"the workflow of term {k} waiting");
        await AtAsync(Utc(remindOn.Year, remindOn.Month, remindOn.Day - 1));
        Assert.Equal(k, await CountAsync(title, "Budget request due"));
        await AtAsync(Utc(remindOn.Year, remindOn.Month, remindOn.Day));
        await UntilAsync(async () => await CountAsync(title, "Budget request due") == k + 1, $"budget reminder {k + 1}");
        var reminder = (await MailsAsync(title)).Last(m => m.Subject.StartsWith("Budget request due", StringComparison.Ordinal));
        Assert.Equal($"Budget request due {deadline:uuuu-MM-dd}: renewal of {title}", reminder.Subject);
        var ics = Encoding.UTF8.GetString(JsonDocument.Parse(reminder.Attachments!).RootElement[0].GetProperty("content").GetBytesFromBase64());
        Assert.Contains($"DTSTART;VALUE=DATE:{deadline:uuuuMMdd}", ics);
    }

    /// <summary>When the renewal workflow of the term ending on <paramref name="termEnd"/> sleeps until, or null while it is not asleep.</summary>
    private async Task<DateTime?> SleepingUntilAsync(Guid id, string termEnd)
    {
        var workflowId = await _factory.Services.GetRequiredService<RenewalCycleStore>()
            .WorkflowByReferenceAsync(RenewalCycles.Reference(id, DateOnly.ParseExact(termEnd, "yyyy-MM-dd")));
        if (workflowId is null)
            return null;
        var instance = await _factory.Services.GetRequiredService<WorkflowCore.Interface.IPersistenceProvider>().GetWorkflowInstance(workflowId.Value.ToString());
        return instance.ExecutionPointers.FirstOrDefault(p => p.Active && p.SleepUntil is not null)?.SleepUntil;
    }

    /// <summary>On 1 January of <paramref name="year"/> the lifecycle extends the term that ended the day before by a year.</summary>
    private async Task ExtendedAtItsEndAsync(Guid id, int year)
    {
        var terms = _factory.Services.GetRequiredService<AgreementTermStore>();
        Assert.Equal(new DateOnly(year - 1, 12, 31), (await terms.GetAsync(id))!.TermEnd);
        await AtAsync(Utc(year, 1, 1));
        Assert.Equal(new DateOnly(year, 12, 31), (await terms.GetAsync(id))!.TermEnd);
    }

    [Fact]
    public async Task A_three_year_tacit_agreement_run_forward_gets_exactly_its_reminders_decision_tasks_escalations_and_renewals()
    {
        await AtAsync(Utc(2027, 1, 4));
        await UseAprilCalendarAsync();
        var (id, _) = await ImportAsync("Tacit hosting", new DateOnly(2029, 12, 31), tacit: true);
        var title = (await _factory.Services.GetRequiredService<AgreementStore>().GetAsync(id))!.Title;
        await AtAsync(Utc(2027, 1, 4, 13));
        var first = Assert.Single(await CyclesAsync(id));
        Assert.Equal((new DateOnly(2029, 12, 31), 0, RenewalCycleStatus.Open), (first.TermEnd, first.TermIndex, first.Status));

        // Term k (k = 0, 1, 2, 3) ends on 31 December 2029 + k years; its renewal starts 1 January of the next year, in the fiscal
        // year from the April before, whose budget requests are due 2 December; the reminder comes 14 days earlier (18 November).
        // Notice is due 30 September, the decision 60 days before (1 August), escalation 5 business days before the notice deadline.
        var escalations = new[] { new DateOnly(2029, 9, 24), new DateOnly(2030, 9, 23), new DateOnly(2031, 9, 23) };
        for (var k = 0; k < 3; k++)
        {
            var termEndYear = 2029 + k;
            await BudgetReminderAsync(id, title, k);

            // The term before this one (renewed tacitly at its notice deadline) is extended at its end, by the lifecycle.
            if (k > 0)
                await ExtendedAtItsEndAsync(id, termEndYear);

            // The term's renewal decision opens on 1 August, at 09:00 in Berlin, for the vendor managers.
            await AtAsync(Utc(termEndYear, 7, 31));
            Assert.Equal(k, (await DecisionTasksAsync(id)).Count);
            await AtAsync(Utc(termEndYear, 8, 1));
            await UntilAsync(async () => (await DecisionTasksAsync(id)).Count == k + 1, $"decision task {k + 1}");
            var task = (await DecisionTasksAsync(id))[k];
            Assert.Equal((Roles.VendorManager, WorkflowTaskStatus.Open), (task.AssigneeRole, task.Status));
            var escalationAt = NodaTime.DateTimeZoneProviders.Tzdb["Europe/Berlin"]
                .AtStrictly(NodaTime.LocalDate.FromDateOnly(escalations[k]).At(new NodaTime.LocalTime(9, 0))).ToDateTimeOffset();
            Assert.Equal(escalationAt, task.DueAt);
            await UntilAsync(async () => await CountAsync(title, "Renewal decision due") == k + 1, $"decision notice {k + 1}");

            // Still open five business days before the notice deadline: the Governance board has it.
            await AtAsync(escalationAt.AddMinutes(1));
            task = (await DecisionTasksAsync(id))[k];
            Assert.Equal((Roles.GovernanceBoard, WorkflowTaskStatus.Open), (task.AssigneeRole, task.Status));

            // Nobody decided by the end of 30 September: it renews itself, everyone is told, the next term's cycle starts.
            await AtAsync(Utc(termEndYear, 9, 30, 21));
            Assert.Equal(k, await CountAsync(title, "Renewed tacitly"));
            await AtAsync(Utc(termEndYear, 9, 30, 23));
            await UntilAsync(async () => await CountAsync(title, "Renewed tacitly") == k + 1, $"tacit renewal {k + 1}");
            await UntilAsync(async () => (await CyclesAsync(id)).Count == k + 2, $"cycle {k + 2}");
            Assert.Equal(WorkflowTaskStatus.Expired, (await DecisionTasksAsync(id))[k].Status);
        }

        await BudgetReminderAsync(id, title, 3);
        await ExtendedAtItsEndAsync(id, 2032);

        var cycles = (await CyclesAsync(id)).OrderBy(c => c.TermEnd).ToList();
        Assert.Equal(
            [
                (new DateOnly(2029, 12, 31), RenewalCycleStatus.Renewed, "tacit"), (new DateOnly(2030, 12, 31), RenewalCycleStatus.Renewed, "tacit"),
                (new DateOnly(2031, 12, 31), RenewalCycleStatus.Renewed, "tacit"), (new DateOnly(2032, 12, 31), RenewalCycleStatus.Open, (string?)null),
            ],
            cycles.Select(c => (c.TermEnd, c.Status, c.Decision)).ToList());
        // Exactly: the fourth term's budget reminder (19 November 2031) was sent too; three decisions, three tacit renewals.
        var mails = await MailsAsync(title);
        Assert.Equal(4, mails.Count(m => m.Subject.StartsWith("Budget request due", StringComparison.Ordinal)));
        Assert.Equal(3, mails.Count(m => m.Subject.StartsWith("Renewal decision due", StringComparison.Ordinal)));
        Assert.Equal(3, mails.Count(m => m.Subject.StartsWith("Renewed tacitly", StringComparison.Ordinal)));
        Assert.Equal(10, mails.Count);
        Assert.Equal(3, (await DecisionTasksAsync(id)).Count);
        Assert.Equal(3, (await _factory.Services.GetRequiredService<AgreementTermStore>().RenewalsAsync(id)).Count);
    }

    private async Task CompleteAsync(HttpClient client, Guid taskId, string outcome, string? comment)
    {
        var completed = await client.PostAsJsonAsync($"/api/v1/tasks/{taskId}/complete", new { outcome, comment });
        Assert.True(completed.StatusCode == HttpStatusCode.OK, await completed.Content.ReadAsStringAsync());
    }

    private async Task<TaskRow> OpenTaskAsync(Guid agreementId, string stepId)
    {
        TaskRow? open = null;
        await UntilAsync(async () => (open = (await DecisionTasksAsync(agreementId)).FirstOrDefault(t => t.StepId == stepId && t.Status == WorkflowTaskStatus.Open))
            is not null, $"the open task {stepId}");
        return open!;
    }

    [Fact]
    public async Task Terminating_generates_the_notice_letter_asks_for_it_to_be_sent_and_stops_the_tacit_renewal_while_a_budget_change_moves_the_reminder()
    {
        await AtAsync(Utc(2027, 1, 4));
        await UseAprilCalendarAsync();
        var (id, _) = await ImportAsync("Leaving hosting", new DateOnly(2029, 12, 31), tacit: true);
        var title = (await _factory.Services.GetRequiredService<AgreementStore>().GetAsync(id))!.Title;
        await AtAsync(Utc(2027, 1, 4, 13));
        // Budget requests due 2 December 2028: reminded 18 November, 09:00 in Berlin.
        await UntilAsync(async () => await SleepingUntilAsync(id, "2029-12-31") == new DateTime(2028, 11, 18, 8, 0, 0), "waiting for 18 November 2028");

        // Finance moves the deadline to 150 days before the fiscal year (2 November 2028): the waiting timer moves with it.
        await UseAprilCalendarAsync(requestDaysBefore: 150);
        Assert.Equal(new DateTime(2028, 10, 19, 7, 0, 0), await SleepingUntilAsync(id, "2029-12-31"));

        await AtAsync(Utc(2029, 8, 1));
        var decision = await OpenTaskAsync(id, "decide");
        Assert.Equal(["Budget request due 2028-11-02: renewal of " + title],
            (await MailsAsync(title)).Where(m => m.Subject.StartsWith("Budget", StringComparison.Ordinal)).Select(m => m.Subject));
        var manager = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager);
        var refused = await manager.PostAsJsonAsync($"/api/v1/tasks/{decision.Id}/complete", new { outcome = "terminate" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await CompleteAsync(manager, decision.Id, "terminate", "Moving to another provider");

        // The letter is generated before the task to send it opens; the task is due when notice can last be given.
        var send = await OpenTaskAsync(id, "send-notice");
        Assert.Equal(NodaTime.DateTimeZoneProviders.Tzdb["Europe/Berlin"].AtStartOfDay(new NodaTime.LocalDate(2029, 10, 1)).ToDateTimeOffset(), send.DueAt);
        var documents = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/agreements/{id}/documents");
        var letterId = documents.EnumerateArray().Single(d => d.GetProperty("kind").GetString() == AgreementDocumentKinds.NoticeLetter)
            .GetProperty("id").GetGuid();
        var letter = await manager.GetByteArrayAsync($"/api/v1/agreements/{id}/documents/{letterId}");
        using (var word = WordprocessingDocument.Open(new MemoryStream(letter), false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(word));
            var text = word.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains($"Notice of non-renewal: {title}", text);
            Assert.Contains("ends at the end of 31 December 2029 (Europe/Berlin)", text);
            Assert.Contains("notice deadline of 30 September 2029", text);
            Assert.Contains("Reason: Moving to another provider", text);
        }
        // The agreement page names the letter for what it is, beside the signed copy.
        var reader = await _factory.CreateUserAsync(Unique("reader"), Roles.Auditor);
        var page = await (await _factory.Browser().SignInAsync(reader.UserName, reader.Password)).GetPageAsync($"/agreements/{id}");
        Assert.Equal(["Notice of non-renewal", "Signed copy"], page.QuerySelectorAll("#versions td.documents a").Select(a => a.TextContent).Order());

        await CompleteAsync(manager, send.Id, "sent", null);
        await UntilAsync(async () => (await CyclesAsync(id)).Single().Status == RenewalCycleStatus.Terminated, "the cycle terminated");
        var cycle = (await CyclesAsync(id)).Single();
        Assert.Equal("terminate", cycle.Decision);
        Assert.Null((await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(id))!.RenewalAmount);
        await UntilAsync(async () => await CountAsync(title, "Not renewing") == 1, "the termination notice");
        // The email's "Exit planning starts now" is true: the agreement's exit started with the decision.
        var exit = await _factory.Services.GetRequiredService<SlaGovernance.Data.Exits.ExitStore>().TriggersAsync(id);
        Assert.Equal(SlaGovernance.Domain.Exits.ExitTriggers.RenewalTerminated, Assert.Single(exit).Kind);
        Assert.NotNull(await _factory.Services.GetRequiredService<SlaGovernance.Data.Exits.ExitStore>().GetAsync(id));

        // Past the notice deadline nothing renews it: it expires after its last day, and no next cycle starts.
        await AtAsync(Utc(2030, 1, 1));
        Assert.Equal(AgreementStatus.Expired, (await _factory.Services.GetRequiredService<AgreementStore>().GetAsync(id))!.Status);
        Assert.Single(await CyclesAsync(id));
        Assert.Equal(0, await CountAsync(title, "Renewed tacitly"));
    }

    [Fact]
    public async Task Renewing_as_is_extends_a_non_tacit_term_and_starts_the_next_cycle_and_renegotiating_opens_a_draft_for_the_next_term()
    {
        await AtAsync(Utc(2027, 1, 4));
        await UseAprilCalendarAsync();
        var (fixedTerm, _) = await ImportAsync("Fixed term", new DateOnly(2029, 12, 31), tacit: false);
        var (tacit, _) = await ImportAsync("Renegotiated", new DateOnly(2029, 12, 31), tacit: true);
        await AtAsync(Utc(2027, 1, 4, 13));
        await AtAsync(Utc(2029, 8, 1));
        var manager = await _factory.ApiClientAsync(Unique("manager"), Roles.VendorManager);

        await CompleteAsync(manager, (await OpenTaskAsync(fixedTerm, "decide")).Id, "renew", null);
        // Renewed as is for the same three years; the next term's cycle starts at once.
        await UntilAsync(async () => (await CyclesAsync(fixedTerm)).Count == 2, "the next cycle");
        Assert.Equal(new DateOnly(2032, 12, 31), (await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(fixedTerm))!.TermEnd);
        Assert.Equal(
            [(new DateOnly(2032, 12, 31), RenewalCycleStatus.Open, (string?)null, (string?)null), (new DateOnly(2029, 12, 31), RenewalCycleStatus.Renewed, "renew", "manager")],
            (await CyclesAsync(fixedTerm)).Select(c => (c.TermEnd, c.Status, c.Decision, c.DecidedBy?[..7])).ToList());

        await CompleteAsync(manager, (await OpenTaskAsync(tacit, "decide")).Id, "renegotiate", "Credits too low");
        await UntilAsync(async () => (await CyclesAsync(tacit)).Single().Status == RenewalCycleStatus.Renegotiating, "renegotiating");
        var agreements = _factory.Services.GetRequiredService<AgreementStore>();
        var draft = (await agreements.GetVersionAsync(tacit, 2))!;
        Assert.True(draft.IsEditable);
        Assert.Equal((new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31)), (draft.Parsed.TermStart, draft.Parsed.TermEnd));
        Assert.Equal(AgreementStatus.Active, (await agreements.GetAsync(tacit))!.Status);

        // Approved (as the approval workflow's last step sets it) and signed, version 2 governs the next term: the renegotiated
        // cycle counts as renewed and the next term's cycle starts from the new version's dates.
        await ApprovalShortcut.ApproveAsync(_factory.Services, tacit, 2);
        var procurement = await _factory.ApiClientAsync(Unique("signer"), Roles.Procurement);
        var signature = new MultipartFormDataContent
        {
            { new ByteArrayContent("%PDF-1.7 signed v2"u8.ToArray()), "file", "signed-v2.pdf" },
            { new StringContent("2029-07-31"), "signedOn" },
            { new StringContent("Dana Drafter; Hans Host"), "signatories" },
        };
        var signed = await procurement.PostAsync($"/api/v1/agreements/{tacit}/signature", signature);
        Assert.True(signed.StatusCode == HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());
        await _factory.DrainEventsAsync();
        Assert.Equal(
            [(new DateOnly(2030, 12, 31), RenewalCycleStatus.Open, (string?)null), (new DateOnly(2029, 12, 31), RenewalCycleStatus.Renewed, "renegotiated")],
            (await CyclesAsync(tacit)).Select(c => (c.TermEnd, c.Status, c.Decision)).ToList());
        var term = (await _factory.Services.GetRequiredService<AgreementTermStore>().GetAsync(tacit))!;
        Assert.Equal((2, new DateOnly(2030, 1, 1), new DateOnly(2030, 12, 31)), (term.VersionNumber, term.TermStart, term.TermEnd));
        await AtAsync(Utc(2030, 1, 2));
        Assert.Equal(AgreementStatus.Active, (await agreements.GetAsync(tacit))!.Status);

        // The agreement's page lists each term's renewal decision.
        var browser = _factory.Browser();
        await browser.SignInAsync("admin", SlaGovernanceFactory.AdminPassword);
        var page = await browser.GetStringAsync($"/agreements/{fixedTerm}");
        Assert.Contains("term ending 2029-12-31: <span class=\"tag\">Renewed</span> (renew by manager", page);
        Assert.Contains("term ending 2032-12-31: <span class=\"tag\">Decision open</span>", page);
    }
}
