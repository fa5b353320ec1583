using NodaTime;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

/// <summary>What the organisation asks of a vendor. Later capabilities (exit, SLA operations) add kinds here.</summary>
public enum VendorRequestKind
{
    Evidence,
    Answer,
    DataExport,
    Acknowledgement,
    Dispute,
}

/// <summary>
/// Where a request to a vendor stands: open until the vendor answers; answered, then closed by staff once they accept it (or
/// opened again when the answer falls short); withdrawn by staff while open.
/// </summary>
public static class VendorRequestStatus
{
    public const string Open = "Open";
    public const string Answered = "Answered";
    public const string Closed = "Closed";
    public const string Withdrawn = "Withdrawn";

    public static readonly Lifecycle Lifecycle = new Lifecycle("vendor request")
        .State(Open, "Waiting for the vendor")
        .State(Answered, "Answered", Open)
        .State(Closed, "Closed", Answered)
        .State(Withdrawn, "Withdrawn", Open)
        .Allow(Answered, Open);

    public static string Label(string? status) => Lifecycle.Label(status);
}

/// <summary>What staff (or a workflow) submit to open a request.</summary>
public sealed record VendorRequestInput(string? Kind, Guid? AgreementId, string? Title, string? Asked, LocalDate? DueOn);

public sealed record ValidVendorRequest(VendorRequestKind Kind, Guid? AgreementId, string Title, string Asked, LocalDate DueOn);

public static class VendorRequestRules
{
    public const int MaxTitleLength = 300;
    public const int MaxAskedLength = 4000;
    public const int MaxAnswerLength = 20000;
    public const int MaxFilesPerAnswer = 10;

    public static (ValidVendorRequest? Request, ValidationErrors Errors) Validate(VendorRequestInput input, LocalDate today)
    {
        var errors = new ValidationErrors();
        VendorRequestKind kind = default;
        var kinds = string.Join(", ", Enum.GetNames<VendorRequestKind>());
        if (string.IsNullOrWhiteSpace(input.Kind))
            errors.Add("kind", $"Choose what is asked for: {kinds}.");
        else if (!Enum.TryParse(input.Kind.Trim(), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || int.TryParse(input.Kind, out _))
            errors.Add("kind", $"Kind '{input.Kind}' is not one of {kinds}.");
        var title = input.Title?.Trim();
        if (string.IsNullOrEmpty(title))
            errors.Add("title", "A title is required: the vendor sees it in its list, e.g. 'ISO 27001 certificate and statement of applicability'.");
        else if (title.Length > MaxTitleLength)
            errors.Add("title", $"The title may be at most {MaxTitleLength} characters (it has {title.Length}).");
        var asked = input.Asked?.Trim();
        if (string.IsNullOrEmpty(asked))
            errors.Add("asked", "Say what the vendor should send or answer.");
        else if (asked.Length > MaxAskedLength)
            errors.Add("asked", $"What is asked may be at most {MaxAskedLength} characters (it has {asked.Length}).");
        if (input.DueOn is not { } due)
            errors.Add("dueOn", "A due date is required (yyyy-mm-dd).");
        else if (due < today)
            errors.Add("dueOn", $"The due date {due:yyyy-MM-dd} is in the past; give today ({today:yyyy-MM-dd}) or later.");
        return errors.IsValid ? (new ValidVendorRequest(kind, input.AgreementId, title!, asked!, input.DueOn!.Value), errors) : (null, errors);
    }
}

/// <summary>
/// A vendor answered a request. Features that asked (an audit's evidence request, an assessment's questionnaire) subscribe to it, or
/// wait in their workflow for the event <see cref="WorkflowEventName"/> keyed by the request's id.
/// </summary>
public sealed record VendorRequestAnswered(Guid RequestId, Guid VendorId, string Kind, string? SubjectType, string? SubjectId,
    IReadOnlyList<Guid> EvidenceIds) : Events.IDomainEvent
{
    public const string WorkflowEventName = "vendor-request-answered";

    public static string Type => "vendor-request.answered";

    string Events.IDomainEvent.SubjectId => RequestId.ToString();
}
