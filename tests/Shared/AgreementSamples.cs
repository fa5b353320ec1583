using SlaGovernance.Domain.Agreements;

namespace SlaGovernance.Tests;

/// <summary>Agreements as tests and benchmarks need them: a realistic hosting SLA, and one as large as the contract benchmark asks.</summary>
public static class AgreementSamples
{
    public static AgreementContent Hosting(Guid? vendorId = null) => new(
        Title: "Managed hosting SLA",
        Kind: AgreementKind.VendorSla,
        VendorId: vendorId ?? Guid.Parse("6f1d7e38-0c53-4a57-9d8c-0e6a8f0b2a11"),
        InternalProvider: null,
        Category: "Hosting",
        Owner: "drafter",
        TermStart: new DateOnly(2027, 1, 1),
        TermEnd: new DateOnly(2029, 12, 31),
        Renewal: new RenewalTerms(AutoRenew: true, new Period(3, PeriodUnit.Months), new Period(12, PeriodUnit.Months)),
        MonthlyFee: 12_500m,
        Currency: "EUR",
        AnnualValue: 150_000m,
        CostCentre: "IT-OPS-42",
        TimeZone: "Europe/Berlin",
        BusinessCalendarId: null,
        Slos:
        [
            new ServiceLevelObjective("Customer portal", MetricKind.Availability, 99.9m, WindowKind.CalendarMonth, null, false, "Gold",
                new Measurement("Synthetic probes (vendor NOC)", MeasurementMode.Active, "1 minute", 60), MissingDataPolicy.ExcludedAsUnknown),
            new ServiceLevelObjective("Service desk", MetricKind.ResponseTime, 95m, WindowKind.CalendarMonth, null, true, null,
                new Measurement("Ticketing system export", MeasurementMode.Passive, "1 minute", 300), MissingDataPolicy.CountedAsDown,
                PriorityTargets: [new PriorityTarget("P1", 15), new PriorityTarget("P2", 60), new PriorityTarget("P3", 480)]),
        ],
        Credits: new CreditScheme([new CreditTier(99.9m, 5m), new CreditTier(99.5m, 10m), new CreditTier(99m, 25m)], 30m,
            ExcludedTimeTreatment.CountsAsAvailable),
        Exclusions:
        [
            new Exclusion(ExclusionType.ScheduledMaintenance, "Maintenance announced five business days ahead is excluded."),
            new Exclusion(ExclusionType.ForceMajeure, "Events beyond the reasonable control of either party are excluded."),
        ],
        MaintenanceWindows: [new MaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), 120)],
        Escalation: [new EscalationLevel(1, "Service desk", 0), new EscalationLevel(2, "Vendor service manager", 60), new EscalationLevel(3, "GovernanceBoard", 240)],
        Assumptions: ["Up to 20,000 portal users.", "Peak load of 400 requests per second on the first business day of a month."],
        AuditRights: new AuditRights("Annually", 30, "Performance data, incident records and sub-processors", RawDataAccess: true),
        Exit: new ExitTerms(["CSV", "JSON", "PostgreSQL dump"], 90, DeletionCertificate: true));

    /// <summary>20 SLOs and 10 exclusions, the size the contract benchmark asks for.</summary>
    public static AgreementContent Large()
    {
        var hosting = Hosting();
        var slos = Enumerable.Range(1, 20).Select(i => hosting.Slos[i % 2] with { Service = $"Service {i}" }).ToList();
        var exclusions = Enumerable.Range(1, 10).Select(i => new Exclusion((ExclusionType)(i % 5), $"Exclusion clause {i}: " + new string('x', 400))).ToList();
        return hosting with { Slos = slos, Exclusions = exclusions };
    }

    /// <summary>
    /// Large() as amended for the redline benchmark: five objectives with a changed target (availability 99.9% to 99.5%,
    /// response 95% to 90%) and two exclusions reworded.
    /// </summary>
    public static AgreementContent LargeAmended()
    {
        var large = Large();
        var slos = large.Slos.Select((slo, i) => i % 4 == 0 ? slo with { Target = slo.Target > 99m ? 99.5m : 90m } : slo).ToList();
        var exclusions = large.Exclusions!.Select((e, i) => i is 2 or 6
            ? e with { ClauseText = e.ClauseText.Replace("Exclusion clause", "Exclusion clause, as amended,", StringComparison.Ordinal) }
            : e).ToList();
        return large with { Slos = slos, Exclusions = exclusions };
    }
}
