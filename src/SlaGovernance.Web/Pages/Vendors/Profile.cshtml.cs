using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features;
using SlaGovernance.Web.Features.Evidence;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Pages.Vendors;

/// <summary>One vendor on one page: agreements, people, owner, tier, certificates, requests, subcontractors and the scorecard's trend.</summary>
public sealed class ProfileModel(VendorProfiles profiles, VendorContacts contacts, Subcontractors subcontractors, VendorRequests requests,
    VendorCertificates certificates, EvidenceUploads uploads, Data.Audits.VendorAuditStore audits, Features.Audits.StartVendorAudit startAudit, Data.Exits.ExitReadinessStore readiness,
    Features.Exits.ExitReadinessTests readinessTests) : PageModel
{
    /// <summary>The vendor's exit readiness tests, latest year first.</summary>
    public IReadOnlyList<Data.Exits.ExitReadinessRow> Readiness { get; private set; } = [];

    public VendorProfileView? Profile { get; private set; }

    /// <summary>The vendor's audits, latest first, with their findings counted.</summary>
    public IReadOnlyList<Data.Audits.VendorAuditRow> Audits { get; private set; } = [];

    public IReadOnlyList<Data.Audits.FindingRegisterRow> Findings { get; private set; } = [];

    [BindProperty]
    public AuditForm Audit { get; set; } = new();

    public bool CanEdit => Roles.VendorEditors.Any(User.IsInRole);

    [BindProperty]
    public ContactForm Contact { get; set; } = new();

    [BindProperty]
    public SubcontractorForm Subcontractor { get; set; } = new();

    [BindProperty]
    public RequestForm Ask { get; set; } = new();

    [BindProperty]
    public CertificateForm Certificate { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostContactAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Contact", () => contacts.AddAsync(User.UserName(), id, new VendorContactInput(Contact.Role, Contact.Name, Contact.Email, Contact.Phone),
            cancellationToken), c => $"{c.Name} was added as the {c.Role.ToString()} contact.", "contacts", cancellationToken);

    public Task<IActionResult> OnPostRemoveContactAsync(Guid id, Guid contactId, CancellationToken cancellationToken) =>
        RunAsync(id, "Contact", () => contacts.RemoveAsync(User.UserName(), id, contactId, cancellationToken), c => $"{c.Name} was removed.", "contacts",
            cancellationToken);

    public Task<IActionResult> OnPostSubcontractorAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Subcontractor", () => subcontractors.AddAsync(User.UserName(), id,
            new SubcontractorInput(Subcontractor.AgreementId, Subcontractor.Name, Subcontractor.Service, Subcontractor.Location, Subcontractor.DataAccess),
            cancellationToken), s => $"Subcontractor {s.Name} was added.", "subcontractors", cancellationToken);

    public Task<IActionResult> OnPostRemoveSubcontractorAsync(Guid id, Guid subcontractorId, CancellationToken cancellationToken) =>
        RunAsync(id, "Subcontractor", () => subcontractors.RemoveAsync(User.UserName(), id, subcontractorId, cancellationToken),
            s => $"Subcontractor {s.Name} was removed.", "subcontractors", cancellationToken);

    public Task<IActionResult> OnPostRequestAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Ask", () => requests.OpenAsync(User.UserName(), id,
            new VendorRequestInput(Ask.Kind, Ask.AgreementId, Ask.Title, Ask.Asked, Ask.DueOn is { } d ? LocalDate.FromDateOnly(d) : null),
            null, cancellationToken), r => $"'{r.Title}' was sent to {r.VendorName}, due {VendorRequestDto.DueText(r.DueOn)}.", "requests", cancellationToken);

    public Task<IActionResult> OnPostCloseRequestAsync(Guid id, Guid requestId, CancellationToken cancellationToken) =>
        RunAsync(id, "Ask", () => requests.CloseAsync(User.UserName(), id, requestId, cancellationToken), r => $"'{r.Title}' was closed.", "requests",
            cancellationToken);

    public Task<IActionResult> OnPostReopenRequestAsync(Guid id, Guid requestId, CancellationToken cancellationToken) =>
        RunAsync(id, "Ask", () => requests.ReopenAsync(User.UserName(), id, requestId, cancellationToken),
            r => $"'{r.Title}' was sent back to {r.VendorName}.", "requests", cancellationToken);

    public Task<IActionResult> OnPostWithdrawRequestAsync(Guid id, Guid requestId, CancellationToken cancellationToken) =>
        RunAsync(id, "Ask", () => requests.WithdrawAsync(User.UserName(), id, requestId, cancellationToken), r => $"'{r.Title}' was withdrawn.", "requests",
            cancellationToken);

    public Task<IActionResult> OnPostCertificateAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Certificate", async () =>
        {
            Guid? evidenceId = null;
            if (Certificate.Document is { } document)
            {
                await using var stream = document.OpenReadStream();
                var stored = await uploads.UploadAsync(id, new IncomingFile(document.FileName, stream), EvidenceSender.Of(User), cancellationToken);
                if (stored.Status != CommandStatus.Ok)
                    return new CommandResult<Data.Vendors.VendorCertificateRow>(stored.Status, null,
                        stored.Errors?.ToDictionary(e => e.Key == "file" ? "document" : e.Key, e => e.Value), stored.Message);
                evidenceId = stored.Value!.Id;
            }
            return await certificates.AddAsync(User.UserName(), id, new CertificateInput(Certificate.Kind, Certificate.Issuer, Certificate.Scope,
                Certificate.ValidFrom is { } f ? LocalDate.FromDateOnly(f) : null, Certificate.ValidUntil is { } u ? LocalDate.FromDateOnly(u) : null, evidenceId),
                cancellationToken);
        }, c => $"The certificate issued by {c.Issuer} was recorded.", "certificates", cancellationToken);

    private async Task<IActionResult> RunAsync<T>(Guid id, string prefix, Func<Task<CommandResult<T>>> command, Func<T, string> done, string anchor,
        CancellationToken cancellationToken)
    {
        if (!CanEdit)
            return Forbid();
        var result = await command();
        if (result.Status == CommandStatus.Ok)
        {
            TempData["Flash"] = done(result.Value!);
            return Redirect($"/vendors/{id}#{anchor}");
        }
        if (result.Status == CommandStatus.NotFound && !await LoadAsync(id, cancellationToken))
            return NotFound();
        if (result.Errors is null)
            ModelState.AddModelError(prefix, result.Message ?? "The change was refused.");
        ModelState.AddFieldErrors(result.Errors, prefix);
        await LoadAsync(id, cancellationToken);
        Response.StatusCode = CommandStatuses.PageStatus(result.Status);
        return Page();
    }

    public Task<IActionResult> OnPostAuditAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Audit", () => startAudit.StartAsync(User.UserName(), id, new Domain.Audits.VendorAuditInput(Audit.AgreementId, Audit.Lead,
                Audit.FieldworkOn is { } d ? LocalDate.FromDateOnly(d) : null, (Audit.Periods ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                (Audit.Documents ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), Audit.Scope), cancellationToken: cancellationToken),
            a => $"Audit {a.Reference} was started: the notice goes to {a.VendorName} {a.NoticeDays} days before fieldwork on {a.FieldworkOn:yyyy-MM-dd}.", "audits",
            cancellationToken);

    public Task<IActionResult> OnPostReadinessAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(id, "Readiness", async () =>
            {
                var result = await readinessTests.StartByHandAsync(User.UserName(), id, cancellationToken);
                return new CommandResult<Features.Exits.ExitReadinessView>(result.Status, result.Value.View, result.Errors, result.Message);
            },
            t => $"The exit readiness test {t.Test.TestYear} of {t.VendorName} runs: {Features.Exits.ExitReadinessTests.Describe(t.Test)}.", "exit-readiness",
            cancellationToken);

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if ((Profile = await profiles.OfAsync(id, cancellationToken)) is null)
            return false;
        Audits = await audits.OfVendorAsync(id, cancellationToken);
        Findings = await audits.RegisterAsync(id, cancellationToken);
        Readiness = await readiness.OfVendorAsync(id, cancellationToken);
        return true;
    }

    public sealed class AuditForm
    {
        public Guid? AgreementId { get; set; }
        public string? Lead { get; set; }
        public DateOnly? FieldworkOn { get; set; }

        /// <summary>Comma-separated: 2027-01, 2027-02.</summary>
        public string? Periods { get; set; }

        /// <summary>One document a line.</summary>
        public string? Documents { get; set; }
        public string? Scope { get; set; }
    }

    public string? ErrorFor(string key) => ModelState[key]?.Errors.FirstOrDefault()?.ErrorMessage;

    public sealed class ContactForm
    {
        public string? Role { get; set; } = nameof(VendorContactRole.Commercial);
        public string? Name { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
    }

    public sealed class SubcontractorForm
    {
        public Guid? AgreementId { get; set; }
        public string? Name { get; set; }
        public string? Service { get; set; }
        public string? Location { get; set; }
        public string? DataAccess { get; set; } = nameof(Domain.Vendors.DataAccess.None);
    }

    public sealed class RequestForm
    {
        public string? Kind { get; set; } = nameof(VendorRequestKind.Evidence);
        public Guid? AgreementId { get; set; }
        public string? Title { get; set; }
        public string? Asked { get; set; }
        public DateOnly? DueOn { get; set; }
    }

    public sealed class CertificateForm
    {
        public string? Kind { get; set; } = nameof(CertificateKind.Iso27001);
        public string? Issuer { get; set; }
        public string? Scope { get; set; }
        public DateOnly? ValidFrom { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public IFormFile? Document { get; set; }
    }
}
