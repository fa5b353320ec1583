using System.Security.Cryptography;
using System.Text.Json;
using NodaTime;
using SlaGovernance.Data;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Audit;
using SlaGovernance.Data.Claims;
using SlaGovernance.Data.Compliance;
using SlaGovernance.Data.Events;
using SlaGovernance.Data.Organisation;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Documents.Letters;
using SlaGovernance.Domain.Calendars;
using SlaGovernance.Domain.Claims;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Notifications;
using SlaGovernance.Notifications.Outbox;
using SlaGovernance.Web.Features.Agreements;
using SlaGovernance.Web.Features.Vendors;
using SlaGovernance.Web.Features.Vendors.Requests;
using SlaGovernance.Workflows.Activities;

namespace SlaGovernance.Web.Features.Claims;

/// <summary>The claim a step of workflows/credit-claim.json acts on, checked to be in the hands of the instance.</summary>
internal static class ClaimOfStep
{
    public static async Task<CreditClaimRow> GetAsync(CreditClaimStore claims, WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(context.Subject.Id);
        var claim = await claims.GetAsync(id, cancellationToken) ?? throw new InvalidOperationException($"No credit claim has id {id}.");
        if (claim.WorkflowId is { } owner && owner != Guid.Parse(context.WorkflowId))
            throw new InvalidOperationException($"Workflow {context.WorkflowId} cannot act on {claim.Reference}: workflow {owner} runs it. Cancel this instance.");
        return claim;
    }
}

/// <summary>
/// credit-claim-send: the claim letter (.docx) generated and kept with the claim, emailed with the letter to the vendor's contact for
/// claims (commercial first), and a request in the vendor's inbox to acknowledge or dispute it, due in ten days; all in one
/// transaction, once (a replay finds the request opened and does nothing).
/// </summary>
public sealed class CreditClaimSendAction(Database database, CreditClaimStore claims, ComplianceReportStore reports, AgreementStore agreements,
    VendorStore vendors, VendorContacts contacts, VendorRequests inbox, OrganisationStore organisation, EmailOutbox outbox, AuditLog audit, TimeProvider time)
    : IWorkflowAction
{
    public const int RespondWithinDays = 10;

    public string Name => "credit-claim-send";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var claim = await ClaimOfStep.GetAsync(claims, context, cancellationToken);
        if (claim.VendorRequestId is not null)
            return;
        var agreement = (await agreements.GetAsync(claim.AgreementId, cancellationToken))!;
        var report = (await reports.GetAsync(claim.AgreementId, claim.Period, claim.ReportRevision, cancellationToken))!;
        var vendor = agreement.VendorId is { } vendorId ? await vendors.GetAsync(vendorId, cancellationToken) : null;
        if (vendor is null)
            throw new InvalidOperationException($"{agreement.Title} has no vendor to send {claim.Reference} to.");
        var recipient = await contacts.RecipientAsync(vendor.Id, VendorLetter.Claim, cancellationToken);
        var now = time.GetUtcNow();
        var today = ZonedDays.DayOf(now, agreement.TimeZone);
        var respondBy = today.AddDays(RespondWithinDays);
        var customer = (await organisation.GetAsync(cancellationToken))?.Name ?? "The customer";
        var letter = NoticeLetter.GenerateCreditClaim(new CreditClaimLetterInput(customer, vendor.Name, recipient?.Name, agreement.Title, claim.Reference,
            claim.Period, claim.ReportRevision, report.InputsSha256, [.. claim.ParsedGrounds.Select(g => g.Describe())],
            CreditClaims.Money(claim.Amount, claim.Currency), respondBy, today, claim.RequestedBy));
        await using var unit = await database.BeginAsync(cancellationToken);
        var opened = await inbox.OpenAsync(unit, context.Subject.RequestedBy ?? claim.RequestedBy, vendor.Id, new VendorRequestInput(
                nameof(VendorRequestKind.Acknowledgement), agreement.Id, $"Acknowledge or dispute {claim.Reference}: service credits for {claim.Period}",
                $"We claim {CreditClaims.Money(claim.Amount, claim.Currency)} of service credits under {agreement.Title} for {claim.Period}, from our report " +
                $"revision {claim.ReportRevision}: {string.Join("; ", claim.ParsedGrounds.Select(g => g.Describe()))}. The claim letter was sent to your " +
                "commercial contact. Acknowledge it and issue a credit note, or dispute it with your reasons and evidence.",
                LocalDate.FromDateOnly(respondBy)),
            new RequestSubject(CreditClaims.SubjectType, claim.Id.ToString()), cancellationToken);
        if (opened.Value is not { } request)
            throw new InvalidOperationException($"{claim.Reference} could not be put in {vendor.Name}'s inbox: {opened.Message ?? string.Join(" ", opened.Errors?.Values.SelectMany(m => m) ?? [])}");
        if (recipient?.Email is { Length: > 0 } email)
            await outbox.EnqueueAsync(unit, $"credit-claim-letter/{claim.Id}", [new EmailAddress(email, recipient.Name)],
                $"Claim for service credits {claim.Reference}: {agreement.Title}, {claim.Period}",
                $"Please find attached {customer}'s claim for service credits of {CreditClaims.Money(claim.Amount, claim.Currency)} under {agreement.Title} " +
                $"for {claim.Period}.\n\nAcknowledge or dispute it by {respondBy:yyyy-MM-dd} in your SlaGovernance inbox (the request \"{request.Title}\").",
                [new EmailAttachment($"credit-claim-{claim.Reference}-{claim.Period}.docx", NoticeLetter.ContentType, letter)], cancellationToken);
        if (!await claims.UpdateAsync(unit, claim with { VendorRequestId = request.Id, Letter = letter }, cancellationToken))
            throw new InvalidOperationException($"{claim.Reference} changed while it was being sent; the step is tried again.");
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, "credit-claim.sent", "Agreement", agreement.Id.ToString(),
            $"{claim.Reference} sent to {vendor.Name}" + (recipient?.Email is { } to ? $" ({to})" : " (no contact email; the inbox request stands)") +
            $", letter SHA-256 {Convert.ToHexStringLower(SHA256.HashData(letter))}, answer due {respondBy:yyyy-MM-dd}"), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>credit-claim-answer: whether the vendor disputed the claim, for the definition to route on ('disputed', 'vendorComment').</summary>
public sealed class CreditClaimAnswerAction(CreditClaimStore claims) : IWorkflowAction
{
    public string Name => "credit-claim-answer";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var claim = await ClaimOfStep.GetAsync(claims, context, cancellationToken);
        context.Subject.Fields["disputed"] = JsonSerializer.SerializeToElement(claim.Status == CreditClaimStatus.Disputed);
        context.Subject.Fields["vendorComment"] = JsonSerializer.SerializeToElement(claim.VendorComment ?? "");
    }
}

/// <summary>credit-claim-upheld and credit-claim-withdraw: Legal's decision on a disputed claim, recorded once; a withdrawal frees its objectives.</summary>
public sealed class CreditClaimLegalAction(Database database, CreditClaimStore claims, AuditLog audit, bool upheld) : IWorkflowAction
{
    public string Name => upheld ? "credit-claim-upheld" : "credit-claim-withdraw";

    public async Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken)
    {
        var claim = await ClaimOfStep.GetAsync(claims, context, cancellationToken);
        var status = upheld ? CreditClaimStatus.Upheld : CreditClaimStatus.Withdrawn;
        if (claim.Status == status || claim.Status is CreditClaimStatus.PartlySettled or CreditClaimStatus.Settled)
            return;
        await using var unit = await database.BeginAsync(cancellationToken);
        if (!await claims.UpdateAsync(unit, claim with { Status = status, LegalOutcome = upheld ? "uphold" : "withdraw" }, cancellationToken))
            throw new InvalidOperationException($"{claim.Reference} changed while Legal's decision was recorded; the step is tried again.");
        if (!upheld)
            await claims.ReleaseObjectivesAsync(unit, claim.Id, cancellationToken);
        await audit.AppendAsync(unit, new AuditRecord(ApprovalDecisions.WorkflowActor, upheld ? "credit-claim.upheld" : "credit-claim.withdrawn", "Agreement",
            claim.AgreementId.ToString(), $"{claim.Reference}: Legal {(upheld ? "upholds the claim against the vendor's dispute" : "withdraws the claim")}",
            claim.Status, status), cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}

/// <summary>The vendor's answer to a claim's request in its inbox is recorded on the claim (acknowledged or disputed).</summary>
public sealed class ClaimsFollowVendorAnswers(VendorRequestStore requests, CreditClaims claims) : DomainEventSubscriber<VendorRequestAnswered>
{
    protected override async Task HandleAsync(VendorRequestAnswered answered, CancellationToken cancellationToken)
    {
        if (answered.SubjectType != CreditClaims.SubjectType || !Guid.TryParse(answered.SubjectId, out var claimId))
            return;
        var request = await requests.GetAsync(answered.RequestId, cancellationToken);
        if (request?.AnswerDecision is not { } decision)
            return;
        await claims.RecordVendorAnswerAsync(claimId, decision, request.AnswerText, request.AnsweredBy ?? request.VendorName, cancellationToken);
    }
}
