using System.Globalization;
using SlaGovernance.Domain.Lifecycles;
using SlaGovernance.Domain.Validation;

namespace SlaGovernance.Domain.Claims;

/// <summary>
/// Where a credit claim stands: sent to the vendor, which acknowledges or disputes it; a dispute goes to Legal, which upholds the
/// claim or withdraws it; Finance records the vendor's credit notes until the claim is settled (partly settled before that).
/// </summary>
public static class CreditClaimStatus
{
    public const string Sent = "Sent";
    public const string Acknowledged = "Acknowledged";
    public const string Disputed = "Disputed";
    public const string Upheld = "Upheld";
    public const string PartlySettled = "PartlySettled";
    public const string Settled = "Settled";
    public const string Withdrawn = "Withdrawn";

    public static readonly Lifecycle Lifecycle = new Lifecycle("credit claim")
        .State(Sent, "Sent, waiting for the vendor")
        .State(Acknowledged, "Acknowledged by the vendor", Sent)
        .State(Disputed, "Disputed by the vendor", Sent)
        .State(Upheld, "Upheld by Legal", Disputed)
        .State(PartlySettled, "Partly settled", Sent, Acknowledged, Upheld)
        .State(Settled, "Settled", Sent, Acknowledged, Upheld, PartlySettled)
        .State(Withdrawn, "Withdrawn", Sent, Disputed)
        .Allow(PartlySettled, PartlySettled);

    public static string Label(string? status) => Lifecycle.Label(status);

    /// <summary>Still owed: not settled and not withdrawn.</summary>
    public static bool IsOutstanding(string status) => status is not (Settled or Withdrawn);

    /// <summary>A claim counts against the period's capped credit unless it was withdrawn.</summary>
    public static bool Counts(string status) => status != Withdrawn;
}

/// <summary>One objective a claim rests on, with the report's figures for it.</summary>
public sealed record ClaimGround(string Objective, string Service, string Metric, decimal TargetPercent, decimal? AttainmentPercent, decimal CreditPercent,
    int? Part = null)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Service} {Metric.ToLowerInvariant()}{(Part is { } p ? $" (part {p})" : "")}: {AttainmentPercent:0.###} % against {TargetPercent:0.###} %, {CreditPercent:0.##} % credit");
}

public static class CreditClaimRules
{
    public const int MaxCreditNote = 100;

    /// <summary>
    /// The amount a new claim may have: above zero and, with the period's claims not withdrawn, no more than the report's capped
    /// credit. Field errors under "amount".
    /// </summary>
    public static void CheckAmount(decimal amount, decimal cappedCredit, decimal alreadyClaimed, string currency, ValidationErrors errors)
    {
        if (amount <= 0)
            errors.Add("amount", "A claim is for an amount above zero.");
        else if (alreadyClaimed + amount > cappedCredit)
            errors.Add("amount", string.Create(CultureInfo.InvariantCulture,
                $"The period's credit after the cap is {cappedCredit:N2} {currency}, of which {alreadyClaimed:N2} {currency} is claimed already; " +
                $"claim at most {Math.Max(0, cappedCredit - alreadyClaimed):N2} {currency}."));
    }

    /// <summary>A settlement: a credit note number, an amount above zero and no more than is outstanding, and a date that has come.</summary>
    public static ValidationErrors CheckSettlement(string? creditNote, decimal? amount, DateOnly? settledOn, decimal outstanding, string currency, DateOnly today)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(creditNote))
            errors.Add("creditNote", "Give the number of the vendor's credit note.");
        else if (creditNote.Trim().Length > MaxCreditNote)
            errors.Add("creditNote", $"A credit note number is at most {MaxCreditNote} characters.");
        if (amount is not { } value || value <= 0)
            errors.Add("amount", "Give the amount the credit note settles, above zero.");
        else if (value > outstanding)
            errors.Add("amount", string.Create(CultureInfo.InvariantCulture,
                $"Only {outstanding:N2} {currency} of the claim is outstanding; a credit note of {value:N2} {currency} settles more than was claimed."));
        if (settledOn is not { } day)
            errors.Add("settledOn", "Give the date of the credit note (yyyy-MM-dd).");
        else if (day > today)
            errors.Add("settledOn", $"{day:yyyy-MM-dd} has not come yet; record a credit note once it is issued.");
        return errors;
    }
}
