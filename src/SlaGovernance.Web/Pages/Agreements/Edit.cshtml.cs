using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Hosting;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>The nested parts of an agreement, edited as one JSON document beside the form's plain fields.</summary>
public sealed record AgreementSections(
    IReadOnlyList<ServiceLevelObjective>? Slos,
    CreditScheme? Credits,
    IReadOnlyList<Exclusion>? Exclusions,
    IReadOnlyList<MaintenanceWindow>? MaintenanceWindows,
    IReadOnlyList<EscalationLevel>? Escalation,
    IReadOnlyList<string>? Assumptions,
    AuditRights? AuditRights,
    ExitTerms? Exit,
    IReadOnlyList<ClauseUse>? Clauses);

public sealed class AgreementForm
{
    public string? Title { get; set; }
    public AgreementKind Kind { get; set; } = AgreementKind.VendorSla;
    public Guid? VendorId { get; set; }
    public string? InternalProvider { get; set; }
    public string? Category { get; set; }
    public string? Owner { get; set; }
    public DateOnly TermStart { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddMonths(1));
    public DateOnly TermEnd { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow.Date.AddMonths(1).AddYears(2).AddDays(-1));
    public bool AutoRenew { get; set; }
    public int NoticeAmount { get; set; } = 3;
    public PeriodUnit NoticeUnit { get; set; } = PeriodUnit.Months;
    public int? RenewalMonths { get; set; } = 12;
    public decimal MonthlyFee { get; set; }
    public string Currency { get; set; } = "EUR";
    public decimal AnnualValue { get; set; }
    public string? CostCentre { get; set; }
    public string TimeZone { get; set; } = "Europe/London";
    public string Sections { get; set; } = "";

    public static AgreementForm From(AgreementContent c) => new()
    {
        Title = c.Title, Kind = c.Kind, VendorId = c.VendorId, InternalProvider = c.InternalProvider, Category = c.Category, Owner = c.Owner,
        TermStart = c.TermStart, TermEnd = c.TermEnd, AutoRenew = c.Renewal.AutoRenew, NoticeAmount = c.Renewal.NoticePeriod.Amount,
        NoticeUnit = c.Renewal.NoticePeriod.Unit, RenewalMonths = c.Renewal.RenewalTerm?.Unit == PeriodUnit.Months ? c.Renewal.RenewalTerm.Amount : null,
        MonthlyFee = c.MonthlyFee, Currency = c.Currency, AnnualValue = c.AnnualValue, CostCentre = c.CostCentre, TimeZone = c.TimeZone,
        Sections = JsonSerializer.Serialize(new AgreementSections(c.Slos, c.Credits, c.Exclusions, c.MaintenanceWindows, c.Escalation, c.Assumptions,
            c.AuditRights, c.Exit, c.Clauses), new JsonSerializerOptions(AgreementContent.Json) { WriteIndented = true }),
    };

    public static readonly string Starter = JsonSerializer.Serialize(new AgreementSections(
        [new ServiceLevelObjective("Service name", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
            new Measurement("Monitoring system", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
        new CreditScheme([new CreditTier(99.9m, 5m), new CreditTier(99m, 10m)], 20m, ExcludedTimeTreatment.CountsAsAvailable),
        [], [], [], [], null, null, []), new JsonSerializerOptions(AgreementContent.Json) { WriteIndented = true });

    public (AgreementContent? Content, string? Problem) ToContent()
    {
        AgreementSections? sections;
        try
        {
            sections = JsonSerializer.Deserialize<AgreementSections>(string.IsNullOrWhiteSpace(Sections) ? "{}" : Sections, AgreementContent.Json);
        }
        catch (JsonException e)
        {
            return (null, $"The objectives, credits and clauses are not valid JSON{(e.LineNumber is { } line ? $" (line {line + 1})" : "")}: {e.Message}");
        }
        return (new AgreementContent(Title ?? "", Kind, VendorId, InternalProvider, Category, Owner, TermStart, TermEnd,
            new RenewalTerms(AutoRenew, new Period(NoticeAmount, NoticeUnit), RenewalMonths is { } months ? new Period(months, PeriodUnit.Months) : null),
            MonthlyFee, (Currency ?? "").Trim().ToUpperInvariant(), AnnualValue, CostCentre, (TimeZone ?? "").Trim(), null,
            sections?.Slos ?? [], sections?.Credits!, sections?.Exclusions, sections?.MaintenanceWindows, sections?.Escalation, sections?.Assumptions,
            sections?.AuditRights, sections?.Exit, sections?.Clauses), null);
    }
}

[Authorize(Policy = Policies.Drafter)]
public sealed class EditModel(AgreementStore agreements, AgreementCommands commands, VendorStore vendors) : PageModel
{
    [BindProperty]
    public AgreementForm Input { get; set; } = new();

    [BindProperty]
    public int Revision { get; set; }

    public Guid? Id { get; private set; }
    public IReadOnlyList<VendorRow> Vendors { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        await LoadVendorsAsync(cancellationToken);
        if (id is null)
        {
            Input = new AgreementForm { Owner = User.UserName(), Sections = AgreementForm.Starter };
            return Page();
        }
        var agreement = await agreements.GetAsync(id.Value, cancellationToken);
        if (agreement is null)
            return NotFound();
        var version = (await agreements.GetVersionAsync(id.Value, agreement.CurrentVersion, cancellationToken))!;
        if (!version.IsEditable)
        {
            TempData["Flash"] = $"Version {version.Number} is {version.Status} and frozen; start a new version to change it.";
            return Redirect($"/agreements/{id}");
        }
        Input = AgreementForm.From(version.Parsed);
        Revision = agreement.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        var (content, problem) = Input.ToContent();
        if (content is null)
        {
            Problem = problem;
            await LoadVendorsAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = id is null
            ? await commands.CreateAsync(User.UserName(), content, cancellationToken)
            : await commands.SaveDraftAsync(User.UserName(), id.Value, content, Revision, cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = $"Saved {result.Value!.Agreement.Title}, version {result.Value.Version.Number}.";
            return Redirect($"/agreements/{result.Value.Agreement.Id}");
        }
        await LoadVendorsAsync(cancellationToken);
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "The draft has problems; see the messages by each field.";
        Response.StatusCode = result.Status switch
        {
            CommandStatus.Stale => StatusCodes.Status409Conflict,
            CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
            CommandStatus.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    /// <summary>Messages for a form field, and, for the sections box, every message about a nested path.</summary>
    public IEnumerable<string> MessagesFor(params string[] fields) =>
        Errors.Where(e => fields.Any(f => e.Key == f || (f == "sections" && IsSection(e.Key)))).SelectMany(e => e.Value.Select(m =>
            fields.Contains(e.Key) ? m : $"{e.Key}: {m}"));

    private static bool IsSection(string key) =>
        new[] { "slos", "credits", "exclusions", "maintenanceWindows", "escalation", "assumptions", "auditRights", "exit", "clauses" }
            .Any(s => key == s || key.StartsWith(s + ".", StringComparison.Ordinal) || key.StartsWith(s + "[", StringComparison.Ordinal));

    private async Task LoadVendorsAsync(CancellationToken cancellationToken) =>
        Vendors = (await vendors.ListAsync(new VendorQuery(null, false, PageRequest.Of(1, 100)), cancellationToken)).Items;
}
