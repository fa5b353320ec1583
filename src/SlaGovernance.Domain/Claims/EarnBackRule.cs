using System.Globalization;
using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Domain.Claims;

public enum EarnBackStatus
{
    /// <summary>The agreement has no earn-back term, or the period earned no credit.</summary>
    None,

    /// <summary>Some of the following periods have no report yet, and none reported so far missed.</summary>
    Pending,

    /// <summary>Each of the following periods had every objective met: the credit is forgiven.</summary>
    EarnedBack,

    /// <summary>One of the following periods was not met: the credit stands.</summary>
    Kept,
}

/// <summary>How one following period stands for an earn-back: its key and whether every objective was met (null: no report yet).</summary>
public sealed record FollowingPeriod(string Period, bool? AllMet);

/// <summary>What the earn-back term makes of a period's credit, with the periods that decide it and the rule in words.</summary>
public sealed record EarnBackAssessment(EarnBackStatus Status, int Periods, IReadOnlyList<FollowingPeriod> Following, string Explanation)
{
    public bool Forgiven => Status == EarnBackStatus.EarnedBack;
}

/// <summary>
/// An earn-back forgives a period's credit when each of the next N periods has every objective met: the first of them that is not
/// met keeps the credit; while some have no report yet (and none missed), it is pending.
/// </summary>
public static class EarnBackRule
{
    /// <param name="following">The periods after the credited one, in order, at least the term's N of them.</param>
    public static EarnBackAssessment Assess(EarnBack? term, decimal credit, string currency, IReadOnlyList<FollowingPeriod> following)
    {
        if (term is null)
            return new(EarnBackStatus.None, 0, [], "The agreement has no earn-back term: a credit stands once earned.");
        var periods = term.Periods;
        var deciding = following.Take(periods).ToList();
        var amount = credit.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;
        var names = string.Join(", ", deciding.Select(p => p.Period));
        if (credit <= 0)
            return new(EarnBackStatus.None, periods, deciding, "The period earned no credit, so there is nothing to earn back.");
        if (deciding.FirstOrDefault(p => p.AllMet == false) is { } missed)
            return new(EarnBackStatus.Kept, periods, deciding,
                $"The credit of {amount} stands: {missed.Period}, {(periods == 1 ? "the period that follows" : $"one of the {periods} periods that follow")}, was not met.");
        if (deciding.Count == periods && deciding.All(p => p.AllMet == true))
            return new(EarnBackStatus.EarnedBack, periods, deciding,
                $"The credit of {amount} is earned back: every objective was met in {Each(periods)} ({names}).");
        var reported = deciding.TakeWhile(p => p.AllMet == true).Count();
        return new(EarnBackStatus.Pending, periods, deciding,
            $"The credit of {amount} is earned back if every objective is met in {Each(periods)} ({names}); " +
            $"{reported} of {periods} met so far, the rest not reported yet.");
    }

    private static string Each(int periods) => periods == 1 ? "the period that follows" : $"each of the {periods} periods that follow";
}
