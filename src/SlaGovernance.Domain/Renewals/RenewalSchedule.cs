using NodaTime;
using SlaGovernance.Domain.Agreements;
using ContractPeriod = SlaGovernance.Domain.Agreements.Period;

namespace SlaGovernance.Domain.Renewals;

/// <summary>One term of an agreement, first and last day inclusive, in the agreement's zone; <see cref="Index"/> 0 is the signed term.</summary>
public sealed record AgreementTerm(int Index, LocalDate Start, LocalDate End)
{
    /// <summary>The first day of the term that would follow.</summary>
    public LocalDate Following => End.PlusDays(1);
}

/// <summary>
/// The signed term and the terms a tacit renewal adds after it. Renewed terms are counted from one anchor, never from the
/// previous end, so month ends do not drift: the anchor is the signed term's start when the signed term is a whole number of
/// renewal terms (31 January for a month from 31 January: renewals then begin on 29 February, 31 March, 30 April, 31 May), and
/// otherwise the day after the signed term. Term k ends the day before anchor + (k + offset) renewal terms.
/// </summary>
public sealed class RenewalSchedule
{
    private readonly LocalDate _anchor;
    private readonly int _offset;

    public RenewalSchedule(LocalDate start, LocalDate end, ContractPeriod? renewalTerm)
    {
        if (end < start)
            throw new ArgumentException($"The term ends ({end:uuuu-MM-dd}) before it starts ({start:uuuu-MM-dd}).", nameof(end));
        if (renewalTerm is { Amount: <= 0 })
            throw new ArgumentException($"A renewal term of {renewalTerm} is not a length of time.", nameof(renewalTerm));
        Signed = new AgreementTerm(0, start, end);
        RenewalTerm = renewalTerm;
        (_anchor, _offset) = (end.PlusDays(1), 0);
        if (renewalTerm is { Unit: PeriodUnit.Months, Amount: var months })
        {
            var following = end.PlusDays(1);
            var between = (following.Year - start.Year) * 12 + following.Month - start.Month;
            if (between > 0 && between % months == 0 && start.PlusMonths(between) == following)
                (_anchor, _offset) = (start, between / months);
        }
    }

    public AgreementTerm Signed { get; }

    /// <summary>How long each tacit renewal runs; null when the agreement ends with its signed term.</summary>
    public ContractPeriod? RenewalTerm { get; }

    public bool RenewsItself => RenewalTerm is not null;

    /// <summary>The term after <paramref name="renewals"/> tacit renewals.</summary>
    public AgreementTerm Term(int renewals)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(renewals);
        if (renewals == 0)
            return Signed;
        if (RenewalTerm is not { } length)
            throw new InvalidOperationException("An agreement that does not renew itself has only its signed term.");
        return new AgreementTerm(renewals, Boundary(length, renewals - 1), Boundary(length, renewals).PlusDays(-1));
    }

    /// <summary>The term after <paramref name="term"/>, computed from the anchor (so calling it N times equals <see cref="Term"/>(N)).</summary>
    public AgreementTerm Next(AgreementTerm term) => Term(term.Index + 1);

    /// <summary>The term running on <paramref name="date"/>: the signed one until it ends, then the renewal covering the date; null once it has ended for good.</summary>
    public AgreementTerm? TermOn(LocalDate date)
    {
        if (date <= Signed.End)
            return Signed;
        if (RenewalTerm is not { } length)
            return null;
        // An estimate from the average length, corrected by a step either way.
        var averageDays = length.Unit == PeriodUnit.Days ? length.Amount : length.Amount * 30.436875;
        var k = Math.Max(1, (int)(NodaTime.Period.DaysBetween(Signed.End, date) / averageDays));
        while (k > 1 && Term(k - 1).End >= date)
            k--;
        while (Term(k).End < date)
            k++;
        return Term(k);
    }

    private LocalDate Boundary(ContractPeriod length, int renewals) => length.Unit == PeriodUnit.Days
        ? _anchor.PlusDays(length.Amount * (renewals + _offset))
        : _anchor.PlusMonths(length.Amount * (renewals + _offset));
}
