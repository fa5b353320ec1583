using SlaGovernance.Data.Agreements;
using SlaGovernance.Web.Features.Agreements;

namespace SlaGovernance.Web.Tests;

/// <summary>The sweeper's tacit renewals count from the signed term, so month ends do not drift (worked out by hand below).</summary>
public sealed class AgreementRenewalArithmeticTests
{
    // Signed for one month from 31 January 2027: the term ends on 27 February (31 January + 1 month = 28 February, less a day).
    private static readonly AgreementTermRow Signed = new()
    {
        AgreementId = Guid.NewGuid(), VersionNumber = 1, TermStart = new DateOnly(2027, 1, 31), TermEnd = new DateOnly(2027, 2, 27),
        TimeZone = "Europe/Berlin", RenewalAmount = 1, RenewalUnit = "Months",
    };

    private static DateTimeOffset Noon(int year, int month, int day) => new(year, month, day, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Monthly_renewals_of_a_term_from_31_January_end_on_30_March_then_29_April_not_drifting_to_the_28th()
    {
        // Renewal k runs from 31 January + k months to the day before 31 January + (k + 1) months:
        // 28 February – 30 March, 31 March – 29 April.
        Assert.Equal(new Settlement("Active", new DateOnly(2027, 3, 30), 1), AgreementLifecycle.Settle("Active", Signed, Noon(2027, 3, 1)));
        Assert.Equal(new Settlement("Active", new DateOnly(2027, 4, 29), 2), AgreementLifecycle.Settle("Active", Signed, Noon(2027, 4, 5)));

        // Already renewed once (to 30 March): on 5 April one more period, to 29 April, counted from the signed end.
        var once = Signed with { TermEnd = new DateOnly(2027, 3, 30), Renewals = 1 };
        Assert.Equal(new Settlement("Active", new DateOnly(2027, 4, 29), 1),
            AgreementLifecycle.Settle("Active", once, Noon(2027, 4, 5), signedEnd: new DateOnly(2027, 2, 27)));
        // Still inside the renewed term: nothing to do.
        Assert.Equal(new Settlement("Active", new DateOnly(2027, 3, 30), 0),
            AgreementLifecycle.Settle("Active", once, Noon(2027, 3, 30), signedEnd: new DateOnly(2027, 2, 27)));
    }

    [Fact]
    public void Without_renewal_terms_the_day_after_the_end_expires_it_in_the_agreements_own_zone()
    {
        var fixedTerm = Signed with { RenewalAmount = null, RenewalUnit = null };
        // 27 February ends at midnight in Berlin, 23:00 UTC.
        Assert.Equal("Active", AgreementLifecycle.Settle("Active", fixedTerm, new DateTimeOffset(2027, 2, 27, 22, 59, 0, TimeSpan.Zero)).Status);
        Assert.Equal("Expired", AgreementLifecycle.Settle("Active", fixedTerm, new DateTimeOffset(2027, 2, 27, 23, 0, 0, TimeSpan.Zero)).Status);
    }
}
