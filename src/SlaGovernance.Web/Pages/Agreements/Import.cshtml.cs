using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Agreements;

/// <summary>Imports an agreement signed before the system existed: its content as JSON and the signed copy.</summary>
[Authorize(Policy = Policies.ContractKeeper)]
[RequestSizeLimit(25 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 25 * 1024 * 1024)]
public sealed class ImportModel(ImportSignedAgreement import) : PageModel
{
    /// <summary>The fields the form shows itself; every other message is about the content JSON.</summary>
    private static readonly string[] FormFields = ["signedOn", "signatories", "file"];

    [BindProperty]
    public string? ContentJson { get; set; }

    [BindProperty]
    public DateOnly? SignedOn { get; set; }

    [BindProperty]
    public string? Signatories { get; set; }

    [BindProperty]
    public IFormFile? SignedCopyFile { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string? Problem { get; private set; }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new(AgreementContent.Json) { WriteIndented = true };

    public void OnGet() => ContentJson = System.Text.Json.JsonSerializer.Serialize(Example, Indented);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (content, problem) = ImportSignedAgreement.ParseContent(ContentJson);
        var bytes = await SignedCopy.ReadAllAsync(SignedCopyFile, cancellationToken);
        var result = await import.RunAsync(User.UserName(),
            new ImportInput(content, problem, new SignatureInput(SignedOn, Signatories, SignedCopyFile?.FileName, SignedCopyFile?.ContentType, bytes)), cancellationToken);
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = result.Value!.Agreement.Status == AgreementStatus.InApproval
                ? $"Imported {result.Value.Agreement.Title}; it becomes signed once someone else in Procurement confirms it from their tasks."
                : $"Imported {result.Value.Agreement.Title}: {result.Value.Agreement.Status}.";
            return Redirect($"/agreements/{result.Value.Agreement.Id}");
        }
        Errors = result.Errors ?? new Dictionary<string, string[]>();
        Problem = result.Message ?? "Nothing was imported; see the messages by each field.";
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public IEnumerable<string> MessagesFor(string field) => Errors.GetValueOrDefault(field) ?? [];

    /// <summary>Messages about the content: "title: …", "slos[0].target: …".</summary>
    public IEnumerable<string> ContentMessages() =>
        Errors.Where(e => !FormFields.Contains(e.Key)).SelectMany(e => e.Value.Select(m => e.Key == "content" ? m : $"{e.Key}: {m}"));

    private static AgreementContent Example => new("Title of the signed agreement", AgreementKind.VendorSla, null, null, null, null,
        DateOnly.FromDateTime(DateTime.UtcNow.Date).AddYears(-1), DateOnly.FromDateTime(DateTime.UtcNow.Date).AddYears(1),
        new RenewalTerms(false, new Period(3, PeriodUnit.Months), null), 0m, "EUR", 0m, null, "Europe/London", null,
        [new ServiceLevelObjective("Service name", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, null,
            new Measurement("Monitoring system", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown)],
        new CreditScheme([new CreditTier(99.9m, 5m), new CreditTier(99m, 10m)], 20m, ExcludedTimeTreatment.CountsAsAvailable));
}
