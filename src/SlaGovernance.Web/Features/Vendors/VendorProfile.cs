using System.Globalization;
using Microsoft.Extensions.Options;
using NodaTime;
using SlaGovernance.Data.Agreements;
using SlaGovernance.Data.Identity;
using SlaGovernance.Data.Vendors;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Vendors;
using SlaGovernance.Web.Features.Compliance;

namespace SlaGovernance.Web.Features.Vendors;

public sealed class VendorOptions
{
    public const string Section = "Vendors";

    /// <summary>A vendor or subcontractor underpinning more than this many critical agreements is listed as a concentration.</summary>
    public int ConcentrationThreshold { get; set; } = 3;
}

/// <summary>A certificate with where it stands today.</summary>
public sealed record CertificateView(VendorCertificateRow Row, CertificateKind Kind, CertificateState State, bool RiskFlag);

/// <summary>Everything the vendor profile shows, gathered once for the page and the API.</summary>
public sealed record VendorProfileView(
    VendorRow Vendor, UserRow? Owner, IReadOnlyList<AgreementRow> Agreements, IReadOnlyList<VendorContact> Contacts,
    IReadOnlyList<CertificateView> Certificates, IReadOnlyList<VendorRequestRow> Requests, IReadOnlyList<SubcontractorRow> Subcontractors,
    VendorScorecard Scorecard, ScorecardTrend Trend, DateOnly Today, IReadOnlyList<VendorAssessmentRow> AssessmentHistory)
{
    /// <summary>The latest completed assessment: the vendor's inherent and residual risk.</summary>
    public VendorAssessmentRow? LastAssessment => AssessmentHistory.FirstOrDefault(a => a.Status == AssessmentStatus.Completed);

    public VendorAssessmentRow? AssessmentUnderWay => AssessmentHistory.FirstOrDefault(a => AssessmentStatus.IsOpen(a.Status));

    public IEnumerable<VendorRequestRow> OpenRequests => Requests.Where(r => r.Status is VendorRequestStatus.Open or VendorRequestStatus.Answered);

    public IEnumerable<CertificateView> RiskFlags => Certificates.Where(c => c.RiskFlag);

    /// <summary>An amount as people read it: "12,500.00 EUR".</summary>
    public static string Money(decimal amount, string currency) => amount.ToString("#,##0.00", CultureInfo.InvariantCulture) + " " + currency;
}

/// <summary>One vendor or subcontractor that underpins many critical agreements.</summary>
public sealed record Concentration(string Name, bool IsVendor, Guid? VendorId, IReadOnlyList<AgreementRow> CriticalAgreements, IReadOnlyList<string> Through);

public sealed class VendorProfiles(VendorStore vendors, VendorOwners owners, VendorPortfolioStore portfolio, VendorContactStore contacts,
    VendorCertificateStore certificates, VendorRequestStore requests, SubcontractorStore subcontractors, VendorScorecards scorecards,
    VendorAssessmentStore assessments, IOptions<VendorOptions> options, TimeProvider time)
{
    public int Threshold => options.Value.ConcentrationThreshold;

    public async Task<VendorProfileView?> OfAsync(Guid vendorId, CancellationToken cancellationToken = default)
    {
        var vendor = await vendors.GetAsync(vendorId, cancellationToken);
        if (vendor is null)
            return null;
        var now = time.GetUtcNow();
        var today = await owners.TodayAsync(now, cancellationToken);
        var lastMonth = today.AddMonths(-1);
        var (scorecard, trend) = await scorecards.WithTrendAsync(vendorId, lastMonth, cancellationToken);
        var owner = vendor.OwnerUserId is null ? null : await owners.OwnerOfAsync(vendorId, cancellationToken);
        return new VendorProfileView(vendor, owner, await portfolio.AgreementsOfAsync(vendorId, cancellationToken),
            await contacts.OfVendorAsync(vendorId, cancellationToken),
            [.. (await certificates.OfVendorAsync(vendorId, cancellationToken)).Select(c => View(c, vendor.RiskTier, today))],
            await requests.OfVendorAsync(vendorId, null, cancellationToken), await subcontractors.OfVendorAsync(vendorId, cancellationToken),
            scorecard, trend, today, await assessments.OfVendorAsync(vendorId, cancellationToken));
    }

    public static CertificateView View(VendorCertificateRow row, RiskTier tier, DateOnly today)
    {
        var state = CertificateRules.StateOn(LocalDate.FromDateOnly(row.ValidFrom), LocalDate.FromDateOnly(row.ValidUntil), LocalDate.FromDateOnly(today));
        return new CertificateView(row, Enum.Parse<CertificateKind>(row.Kind), state, CertificateRules.IsRiskFlag(state, tier));
    }

    /// <summary>
    /// Vendors and subcontractors (matched by name) underpinning more than <paramref name="threshold"/> critical agreements: agreements in
    /// force with a vendor rated Critical. A vendor underpins its own agreements; a subcontractor the agreement it is named for, or all
    /// of its vendor's when named for none.
    /// </summary>
    public async Task<IReadOnlyList<Concentration>> ConcentrationsAsync(int threshold, CancellationToken cancellationToken = default)
    {
        var active = (await vendors.ActiveAsync(cancellationToken)).ToDictionary(v => v.Id);
        var critical = (await portfolio.LiveAsync(cancellationToken))
            .Where(a => a.VendorId is { } v && active.TryGetValue(v, out var vendor) && vendor.RiskTier == RiskTier.Critical).ToList();
        var underpinning = new Dictionary<string, (string Name, Guid? VendorId, HashSet<Guid> Agreements, SortedSet<string> Through)>(StringComparer.Ordinal);
        void Add(string name, Guid? vendorId, IEnumerable<AgreementRow> agreements, string? through)
        {
            var key = VendorRules.Normalize(name);
            if (!underpinning.TryGetValue(key, out var entry))
                underpinning[key] = entry = (name, vendorId, [], new SortedSet<string>(StringComparer.CurrentCulture));
            else if (entry.VendorId is null && vendorId is not null)
                underpinning[key] = entry = (name, vendorId, entry.Agreements, entry.Through);
            foreach (var agreement in agreements)
                entry.Agreements.Add(agreement.Id);
            if (through is not null)
                entry.Through.Add(through);
        }
        foreach (var group in critical.GroupBy(a => a.VendorId!.Value))
            Add(active[group.Key].Name, group.Key, group, null);
        foreach (var sub in await subcontractors.AllAsync(cancellationToken))
        {
            if (!active.TryGetValue(sub.VendorId, out var vendor))
                continue;
            Add(sub.Name, null, critical.Where(a => a.VendorId == sub.VendorId && (sub.AgreementId is null || sub.AgreementId == a.Id)),
                $"subcontractor of {vendor.Name}");
        }
        var byId = critical.ToDictionary(a => a.Id);
        return [.. underpinning.Values.Where(e => e.Agreements.Count > threshold)
            .Select(e => new Concentration(e.Name, e.VendorId is not null, e.VendorId, [.. e.Agreements.Select(id => byId[id]).OrderBy(a => a.Title, StringComparer.CurrentCulture)],
                [.. e.Through]))
            .OrderByDescending(c => c.CriticalAgreements.Count).ThenBy(c => c.Name, StringComparer.CurrentCulture)];
    }
}
