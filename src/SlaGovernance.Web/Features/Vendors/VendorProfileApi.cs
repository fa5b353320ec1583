using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Api;
using SlaGovernance.Web.Features.Compliance;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Web.Identity;

namespace SlaGovernance.Web.Features.Vendors;

using RecordFailure = CommandFailure<ValidationProblem, NotFoundProblem>;

public sealed record ContactBody
{
    /// <summary>Commercial, AccountManager, Security, Escalation or DataProtection.</summary>
    [Required]
    public string? Role { get; init; }

    [Required]
    public string? Name { get; init; }

    [Required]
    public string? Email { get; init; }

    public string? Phone { get; init; }

    public VendorContactInput ToInput() => new(Role, Name, Email, Phone);
}

public sealed record ContactDto(Guid Id, string Role, string RoleLabel, string Name, string Email, string? Phone)
{
    public static ContactDto From(VendorContact c) => new(c.Id, c.Role.ToString(), c.Role.Label(), c.Name, c.Email, c.Phone);
}

public sealed record LetterRecipientDto(string Letter, string? Name, string? Email, string? Role, string Basis);

public sealed record CertificateBody
{
    /// <summary>Soc2Type2, Iso27001, PciDss, Insurance or FinancialStatements.</summary>
    [Required]
    public string? Kind { get; init; }

    [Required]
    public string? Issuer { get; init; }

    [Required]
    public string? Scope { get; init; }

    [Required]
    public DateOnly? ValidFrom { get; init; }

    [Required]
    public DateOnly? ValidUntil { get; init; }

    /// <summary>The certificate's document, uploaded first with POST /api/v1/vendors/{id}/evidence.</summary>
    public Guid? EvidenceId { get; init; }

    public CertificateInput ToInput() => new(Kind, Issuer, Scope, ValidFrom is { } f ? LocalDate.FromDateOnly(f) : null,
        ValidUntil is { } u ? LocalDate.FromDateOnly(u) : null, EvidenceId);
}

public sealed record CertificateDto(Guid Id, string Kind, string KindLabel, string Issuer, string Scope, DateOnly ValidFrom, DateOnly ValidUntil,
    string State, string StateLabel, bool RiskFlag, Guid? EvidenceId)
{
    public static CertificateDto From(CertificateView c) => new(c.Row.Id, c.Row.Kind, c.Kind.Label(), c.Row.Issuer, c.Row.Scope, c.Row.ValidFrom,
        c.Row.ValidUntil, c.State.ToString(), c.State.Label(), c.RiskFlag, c.Row.EvidenceId);
}

public sealed record SubcontractorBody
{
    /// <summary>The agreement it works under; leave out when it serves all of the vendor's agreements.</summary>
    public Guid? AgreementId { get; init; }

    [Required]
    public string? Name { get; init; }

    [Required]
    public string? Service { get; init; }

    [Required]
    public string? Location { get; init; }

    /// <summary>None, Metadata, Personal or Confidential.</summary>
    [Required]
    public string? DataAccess { get; init; }

    public SubcontractorInput ToInput() => new(AgreementId, Name, Service, Location, DataAccess);
}

public sealed record SubcontractorDto(Guid Id, Guid? AgreementId, string? AgreementTitle, string Name, string Service, string Location, string DataAccess,
    string DataAccessLabel)
{
    public static SubcontractorDto From(SubcontractorRow s) => new(s.Id, s.AgreementId, s.AgreementTitle, s.Name, s.Service, s.Location, s.DataAccess,
        Enum.TryParse<DataAccess>(s.DataAccess, out var access) ? access.Label() : s.DataAccess);
}

public sealed record ProfileAgreementDto(Guid Id, string Title, string Status, string StatusLabel, decimal AnnualValue, string Currency, string AnnualValueText,
    DateOnly TermStart, DateOnly TermEnd);

public sealed record OwnerDto(Guid Id, string UserName, string DisplayName, string? Email);

public sealed record TrendMonthDto(string Month, int Met, int Measured, decimal? MetPercent);

public sealed record VendorProfileDto(VendorDto Vendor, string RiskTierLabel, bool RiskTierSetByHand, OwnerDto? Owner, IReadOnlyList<ProfileAgreementDto> Agreements,
    IReadOnlyList<ContactDto> Contacts, IReadOnlyList<CertificateDto> Certificates, IReadOnlyList<string> RiskFlags, IReadOnlyList<VendorRequestDto> OpenRequests,
    IReadOnlyList<SubcontractorDto> Subcontractors, int SlosMet, int SlosMissed, IReadOnlyList<string> CreditsDue, IReadOnlyList<TrendMonthDto> Trend,
    ProfileRiskDto Risk)
{
    public static VendorProfileDto From(VendorProfileView p) => new(VendorDto.From(p.Vendor), p.Vendor.RiskTier.Label(),
        p.Vendor.RiskTierSource == RiskTierSources.Manual,
        p.Owner is { } o ? new OwnerDto(o.Id, o.UserName, o.DisplayName, o.Email) : null,
        [.. p.Agreements.Select(a => new ProfileAgreementDto(a.Id, a.Title, a.Status, AgreementStatus.Label(a.Status), a.AnnualValue, a.Currency,
            VendorProfileView.Money(a.AnnualValue, a.Currency), a.TermStart, a.TermEnd))],
        [.. p.Contacts.Select(ContactDto.From)], [.. p.Certificates.Select(CertificateDto.From)],
        [.. p.RiskFlags.Select(c => $"{c.Kind.Label()} expired on {c.Row.ValidUntil:yyyy-MM-dd}")],
        [.. p.OpenRequests.Select(r => VendorRequestDto.From(r, []))], [.. p.Subcontractors.Select(SubcontractorDto.From)],
        p.Scorecard.SlosMet, p.Scorecard.SlosMissed, [.. p.Scorecard.CreditsByCurrency.Select(m => VendorProfileView.Money(m.Amount, m.Currency))],
        [.. p.Trend.Months.Select(m => new TrendMonthDto(m.Month, m.Met, m.Measured, m.MetPercent))],
        new ProfileRiskDto(p.Vendor.RiskTier.ToString(), p.Vendor.RiskTierSource == RiskTierSources.Manual, p.LastAssessment?.InherentRisk,
            p.LastAssessment?.ResidualRisk, p.LastAssessment is { } last ? new ProfileAssessmentRef(last.Id, last.Reference, last.CompletedAt) : null,
            p.LastAssessment?.NextDueOn, p.AssessmentUnderWay is { } open ? new ProfileAssessmentRef(open.Id, open.Reference, null) : null));
}

public sealed record ProfileAssessmentRef(Guid Id, string Reference, DateTimeOffset? CompletedAt);

/// <summary>
/// The vendor's risk: its tier and whether it was set by hand (kept so until the first assessment), the inherent and residual risk of its
/// last completed assessment, and when the next falls due (none for a tier not re-assessed by schedule).
/// </summary>
public sealed record ProfileRiskDto(string Tier, bool SetByHand, int? InherentRisk, int? ResidualRisk, ProfileAssessmentRef? LastAssessment,
    DateOnly? NextAssessmentDue, ProfileAssessmentRef? UnderWay);

public sealed record ConcentrationDto(string Name, bool IsVendor, Guid? VendorId, IReadOnlyList<string> Through, int CriticalAgreementCount,
    IReadOnlyList<ProfileAgreementRef> CriticalAgreements);

public sealed record ProfileAgreementRef(Guid Id, string Title);

public static class VendorProfileApi
{
    public static RouteGroupBuilder MapVendorProfileApi(this RouteGroupBuilder api)
    {
        var vendors = api.MapGroup("/vendors").WithTags("Vendors");
        vendors.MapGet("/concentration", ConcentrationList).WithName("ListVendorConcentration")
            .WithSummary("Vendors and subcontractors that underpin more than N critical agreements (N from ?threshold=, else Vendors:ConcentrationThreshold)")
            .RequireAuthorization(Policies.Reader);
        vendors.MapGet("/{id:guid}/profile", Profile).WithName("GetVendorProfile")
            .WithSummary("One vendor's profile: agreements, contacts, owner, tier, certificates, open requests, subcontractors, scorecard and trend")
            .RequireAuthorization(Policies.Reader);
        vendors.MapGet("/{id:guid}/contacts", Contacts).WithName("ListVendorContacts").WithSummary("A vendor's contacts by role").RequireAuthorization(Policies.Reader);
        vendors.MapPost("/{id:guid}/contacts", AddContact).WithName("AddVendorContact").WithSummary("Add a contact in a role").RequireAuthorization(Policies.VendorEditor);
        vendors.MapPut("/{id:guid}/contacts/{contactId:guid}", UpdateContact).WithName("UpdateVendorContact").WithSummary("Change a contact")
            .RequireAuthorization(Policies.VendorEditor);
        vendors.MapDelete("/{id:guid}/contacts/{contactId:guid}", RemoveContact).WithName("RemoveVendorContact").WithSummary("Remove a contact")
            .RequireAuthorization(Policies.VendorEditor);
        vendors.MapGet("/{id:guid}/letter-recipient", Recipient).WithName("GetVendorLetterRecipient")
            .WithSummary("Whom a letter of a kind goes to (?letter=AuditNotice, Claim, NoticeOfNonRenewal, NoticeOfTermination, Escalation, DataProtectionNotice)")
            .RequireAuthorization(Policies.Reader);
        vendors.MapGet("/{id:guid}/certificates", Certificates).WithName("ListVendorCertificates").WithSummary("A vendor's certificates with where each stands today")
            .RequireAuthorization(Policies.Reader);
        vendors.MapPost("/{id:guid}/certificates", AddCertificate).WithName("RecordVendorCertificate")
            .WithSummary("Record a certificate or attestation (SOC 2 Type II, ISO 27001, PCI DSS, insurance, financial statements)")
            .RequireAuthorization(Policies.VendorEditor);
        vendors.MapGet("/{id:guid}/subcontractors", SubcontractorList).WithName("ListSubcontractors").WithSummary("A vendor's subcontractors (fourth parties)")
            .RequireAuthorization(Policies.Reader);
        vendors.MapPost("/{id:guid}/subcontractors", AddSubcontractor).WithName("AddSubcontractor").WithSummary("Add a subcontractor, for one agreement or all")
            .RequireAuthorization(Policies.VendorEditor);
        vendors.MapPut("/{id:guid}/subcontractors/{subcontractorId:guid}", UpdateSubcontractor).WithName("UpdateSubcontractor").WithSummary("Change a subcontractor")
            .RequireAuthorization(Policies.VendorEditor);
        vendors.MapDelete("/{id:guid}/subcontractors/{subcontractorId:guid}", RemoveSubcontractor).WithName("RemoveSubcontractor").WithSummary("Remove a subcontractor")
            .RequireAuthorization(Policies.VendorEditor);
        return api;
    }

    private static async Task<Results<Ok<VendorProfileDto>, NotFoundProblem>> Profile(Guid id, VendorProfiles profiles, CancellationToken cancellationToken) =>
        await profiles.OfAsync(id, cancellationToken) is { } profile ? TypedResults.Ok(VendorProfileDto.From(profile)) : new NotFoundProblem($"No vendor has id {id}.");

    private static async Task<Results<Ok<List<ConcentrationDto>>, ValidationProblem>> ConcentrationList(int? threshold, VendorProfiles profiles,
        CancellationToken cancellationToken)
    {
        if (threshold is < 0)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["threshold"] = [$"The threshold {threshold} is negative; give 0 or more."] });
        var list = await profiles.ConcentrationsAsync(threshold ?? profiles.Threshold, cancellationToken);
        return TypedResults.Ok(list.Select(c => new ConcentrationDto(c.Name, c.IsVendor, c.VendorId, c.Through, c.CriticalAgreements.Count,
            [.. c.CriticalAgreements.Select(a => new ProfileAgreementRef(a.Id, a.Title))])).ToList());
    }

    private static async Task<Results<Ok<List<ContactDto>>, NotFoundProblem>> Contacts(Guid id, VendorStore vendors, VendorContactStore contacts,
        CancellationToken cancellationToken) =>
        await vendors.GetAsync(id, cancellationToken) is null ? new NotFoundProblem($"No vendor has id {id}.")
            : TypedResults.Ok((await contacts.OfVendorAsync(id, cancellationToken)).Select(ContactDto.From).ToList());

    private static async Task<Results<Created<ContactDto>, RecordFailure>> AddContact(Guid id, ContactBody body, VendorContacts contacts, HttpContext context,
        CancellationToken cancellationToken)
    {
        var result = await contacts.AddAsync(context.User.UserName(), id, body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/vendors/{id}/contacts/{result.Value!.Id}", ContactDto.From(result.Value))
            : RecordFailure.For(context, result);
    }

    private static async Task<Results<Ok<ContactDto>, RecordFailure>> UpdateContact(Guid id, Guid contactId, ContactBody body, VendorContacts contacts,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await contacts.UpdateAsync(context.User.UserName(), id, contactId, body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(ContactDto.From(result.Value!)) : RecordFailure.For(context, result);
    }

    private static async Task<Results<NoContent, CommandFailure<NotFoundProblem>>> RemoveContact(Guid id, Guid contactId, VendorContacts contacts,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await contacts.RemoveAsync(context.User.UserName(), id, contactId, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.NoContent() : CommandFailure<NotFoundProblem>.For(context, result);
    }

    private static async Task<Results<Ok<LetterRecipientDto>, NotFoundProblem, ValidationProblem>> Recipient(Guid id, string? letter, VendorContacts contacts,
        CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<VendorLetter>(letter, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(letter, out _))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["letter"] = [$"'{letter}' is not a kind of letter; use one of {string.Join(", ", Enum.GetNames<VendorLetter>())}."],
            });
        if (await contacts.RecipientAsync(id, kind, cancellationToken) is not { } recipient)
            return new NotFoundProblem($"No vendor has id {id}.");
        var basis = recipient.Role is { } role ? $"the {role.Label().ToLowerInvariant()} contact"
            : recipient.Email is null ? "nobody: the vendor has no contact in a fitting role and no general contact; add one"
            : "the vendor's general contact, as it has no contact in a fitting role";
        return TypedResults.Ok(new LetterRecipientDto(kind.ToString(), recipient.Name, recipient.Email, recipient.Role?.ToString(), basis));
    }

    private static async Task<Results<Ok<List<CertificateDto>>, NotFoundProblem>> Certificates(Guid id, VendorProfiles profiles, CancellationToken cancellationToken) =>
        await profiles.OfAsync(id, cancellationToken) is { } profile ? TypedResults.Ok(profile.Certificates.Select(CertificateDto.From).ToList())
            : new NotFoundProblem($"No vendor has id {id}.");

    private static async Task<Results<Created<CertificateDto>, RecordFailure>> AddCertificate(Guid id, CertificateBody body, VendorCertificates certificates,
        VendorStore vendors, VendorOwners owners, TimeProvider time, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await certificates.AddAsync(context.User.UserName(), id, body.ToInput(), cancellationToken);
        if (result.Status != CommandStatus.Ok)
            return RecordFailure.For(context, result);
        var vendor = (await vendors.GetAsync(id, cancellationToken))!;
        var view = VendorProfiles.View(result.Value!, vendor.RiskTier, await owners.TodayAsync(time.GetUtcNow(), cancellationToken));
        return TypedResults.Created($"/api/v1/vendors/{id}/certificates", CertificateDto.From(view));
    }

    private static async Task<Results<Ok<List<SubcontractorDto>>, NotFoundProblem>> SubcontractorList(Guid id, VendorStore vendors, SubcontractorStore store,
        CancellationToken cancellationToken) =>
        await vendors.GetAsync(id, cancellationToken) is null ? new NotFoundProblem($"No vendor has id {id}.")
            : TypedResults.Ok((await store.OfVendorAsync(id, cancellationToken)).Select(SubcontractorDto.From).ToList());

    private static async Task<Results<Created<SubcontractorDto>, RecordFailure>> AddSubcontractor(Guid id, SubcontractorBody body, Subcontractors subcontractors,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await subcontractors.AddAsync(context.User.UserName(), id, body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok
            ? TypedResults.Created($"/api/v1/vendors/{id}/subcontractors/{result.Value!.Id}", SubcontractorDto.From(result.Value))
            : RecordFailure.For(context, result);
    }

    private static async Task<Results<Ok<SubcontractorDto>, RecordFailure>> UpdateSubcontractor(Guid id, Guid subcontractorId, SubcontractorBody body,
        Subcontractors subcontractors, HttpContext context, CancellationToken cancellationToken)
    {
        var result = await subcontractors.UpdateAsync(context.User.UserName(), id, subcontractorId, body.ToInput(), cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.Ok(SubcontractorDto.From(result.Value!)) : RecordFailure.For(context, result);
    }

    private static async Task<Results<NoContent, CommandFailure<NotFoundProblem>>> RemoveSubcontractor(Guid id, Guid subcontractorId, Subcontractors subcontractors,
        HttpContext context, CancellationToken cancellationToken)
    {
        var result = await subcontractors.RemoveAsync(context.User.UserName(), id, subcontractorId, cancellationToken);
        return result.Status == CommandStatus.Ok ? TypedResults.NoContent() : CommandFailure<NotFoundProblem>.For(context, result);
    }
}
