using SlaGovernance.Domain.Identity;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Vendors;

/// <summary>
/// Where a vendor's due diligence stands: its four reviews under way, waiting for the Governance board when the result is critical,
/// completed (the vendor's tier follows the result), or cancelled before it completed.
/// </summary>
public static class AssessmentStatus
{
    public const string InReview = "InReview";
    public const string AwaitingBoard = "AwaitingBoard";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";

    public static readonly Lifecycle Lifecycle = new Lifecycle("assessment")
        .State(InReview, "Reviews under way")
        .State(AwaitingBoard, "Waiting for the Governance board", InReview)
        .State(Completed, "Completed", InReview, AwaitingBoard)
        .State(Cancelled, "Cancelled", InReview, AwaitingBoard);

    public static string Label(string? status) => Lifecycle.Label(status);

    public static bool IsOpen(string status) => status is InReview or AwaitingBoard;
}

/// <summary>Why an assessment started: a new vendor, a re-assessment falling due by tier, or a person.</summary>
public static class AssessmentCause
{
    public const string NewVendor = "NewVendor";
    public const string Due = "Due";
    public const string ByHand = "ByHand";

    public static string Label(string cause) => cause switch
    {
        NewVendor => "New vendor",
        Due => "Re-assessment due",
        _ => "Started by hand",
    };
}

/// <summary>The four reviews of a due diligence, each answered by members of one role with one questionnaire.</summary>
public sealed record ReviewArea(string Code, string Label, string Role, string Questionnaire, int Weight, string Outcome)
{
    public static readonly ReviewArea InformationSecurity = new("InformationSecurity", "Information security", Roles.InformationSecurity,
        "information-security", 40, "security-reviewed");
    public static readonly ReviewArea Legal = new("Legal", "Legal", Roles.Legal, "legal", 20, "legal-reviewed");
    public static readonly ReviewArea Finance = new("Finance", "Finance", Roles.Finance, "finance", 20, "finance-reviewed");
    public static readonly ReviewArea VendorManager = new("VendorManager", "Vendor manager", Roles.VendorManager, "vendor-manager", 20, "management-reviewed");

    public static readonly IReadOnlyList<ReviewArea> All = [InformationSecurity, Legal, Finance, VendorManager];

    public static ReviewArea? Find(string? code) =>
        All.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.OrdinalIgnoreCase) || string.Equals(a.Questionnaire, code, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The vendor's criticality factors, each rated 1 (least) to 5 (most): how much of our data it reaches, how critical its service is,
/// how much we spend with it a year, how hard it is to replace (5: no alternative), how much regulation bears on it.
/// </summary>
public sealed record CriticalityFactors(int DataAccess, int ServiceCriticality, int AnnualSpend, int Substitutability, int RegulatoryRelevance);

/// <summary>What a person sends as the factors; each a whole number 1 to 5.</summary>
public sealed record CriticalityFactorsInput(int? DataAccess, int? ServiceCriticality, int? AnnualSpend, int? Substitutability, int? RegulatoryRelevance);

/// <summary>A review's score (0-100, from its questionnaire's weighted answers) for the area it covers.</summary>
public sealed record AreaScore(ReviewArea Area, int Score);

public sealed record RiskResult(int Inherent, int ControlEffectiveness, int Residual, RiskTier Tier);

/// <summary>
/// The risk formula written down in the README: inherent risk is the weighted sum of the five factors, each mapped from 1-5 to 0-1,
/// on a 0-100 scale; control effectiveness is the area-weighted mean of the review scores (0-100); residual risk is
/// inherent × (1 − effectiveness/100). The tier follows the residual risk by <see cref="TierOf"/>.
/// </summary>
public static class VendorRisk
{
    public const int DataAccessWeight = 30;
    public const int ServiceCriticalityWeight = 25;
    public const int AnnualSpendWeight = 15;
    public const int SubstitutabilityWeight = 15;
    public const int RegulatoryRelevanceWeight = 15;

    /// <summary>Residual risk at or above which the tier is Critical, High, Medium; below the last, Low.</summary>
    public const int CriticalFrom = 60;
    public const int HighFrom = 40;
    public const int MediumFrom = 20;

    public static readonly IReadOnlyList<(string Field, string Label, int Weight)> Factors =
    [
        ("dataAccess", "Data access", DataAccessWeight),
        ("serviceCriticality", "Service criticality", ServiceCriticalityWeight),
        ("annualSpend", "Annual spend", AnnualSpendWeight),
        ("substitutability", "Substitutability (5: no alternative)", SubstitutabilityWeight),
        ("regulatoryRelevance", "Regulatory relevance", RegulatoryRelevanceWeight),
    ];

    public static int Inherent(CriticalityFactors f)
    {
        var weighted = DataAccessWeight * (f.DataAccess - 1) + ServiceCriticalityWeight * (f.ServiceCriticality - 1) + AnnualSpendWeight * (f.AnnualSpend - 1)
                       + SubstitutabilityWeight * (f.Substitutability - 1) + RegulatoryRelevanceWeight * (f.RegulatoryRelevance - 1);
        return (int)Math.Round(weighted / 4m, MidpointRounding.AwayFromZero);
    }

    public static int ControlEffectiveness(IReadOnlyList<AreaScore> scores)
    {
        var weight = scores.Sum(s => s.Area.Weight);
        return weight == 0 ? 0 : (int)Math.Round(scores.Sum(s => (decimal)s.Area.Weight * s.Score) / weight, MidpointRounding.AwayFromZero);
    }

    public static RiskResult Assess(CriticalityFactors factors, IReadOnlyList<AreaScore> scores)
    {
        var inherent = Inherent(factors);
        var effectiveness = ControlEffectiveness(scores);
        var residual = (int)Math.Round(inherent * (100 - effectiveness) / 100m, MidpointRounding.AwayFromZero);
        return new RiskResult(inherent, effectiveness, residual, TierOf(residual));
    }

    public static RiskTier TierOf(int residual) => residual switch
    {
        >= CriticalFrom => RiskTier.Critical,
        >= HighFrom => RiskTier.High,
        >= MediumFrom => RiskTier.Medium,
        _ => RiskTier.Low,
    };

    public static (CriticalityFactors? Factors, ValidationErrors Errors) Validate(CriticalityFactorsInput? input, string prefix = "factors")
    {
        var errors = new ValidationErrors();
        int Rating(string field, int? value)
        {
            if (value is not { } v)
                errors.Add($"{prefix}.{field}", "Rate it from 1 (least) to 5 (most).");
            else if (v is < 1 or > 5)
                errors.Add($"{prefix}.{field}", $"{v} is not a rating; rate it from 1 (least) to 5 (most).");
            return value ?? 0;
        }
        var factors = new CriticalityFactors(Rating("dataAccess", input?.DataAccess), Rating("serviceCriticality", input?.ServiceCriticality),
            Rating("annualSpend", input?.AnnualSpend), Rating("substitutability", input?.Substitutability), Rating("regulatoryRelevance", input?.RegulatoryRelevance));
        return errors.IsValid ? (factors, errors) : (null, errors);
    }
}

/// <summary>A vendor was created; its first due diligence starts.</summary>
public sealed record VendorCreated(Guid VendorId) : Events.IDomainEvent
{
    public static string Type => "vendor.created";
    public string SubjectId => VendorId.ToString();
}
