using NodaTime;
using NodaTime.Utility;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Wording;
using AgreementExclusionType = SlaGovernance.Domain.Agreements.ExclusionType;

namespace SlaGovernance.Domain.Compliance;

/// <summary>
/// An exclusion a vendor proposes, held against the contract that governed its start: is its type one the contract allows, and
/// does scheduled maintenance fall inside the contract's maintenance windows? Each finding is a sentence for the person deciding.
/// Force majeure and third-party exclusions are Legal's to decide.
/// </summary>
public static class ExclusionClaimCheck
{
    /// <summary>The types Legal decides: they turn on the contract's words, not on the operations data.</summary>
    public static bool NeedsLegal(string exclusionType) =>
        exclusionType is nameof(AgreementExclusionType.ForceMajeure) or nameof(AgreementExclusionType.ThirdParty);

    public static IReadOnlyList<string> Findings(AgreementContent? governing, string exclusionType, Instant start, Instant end)
    {
        if (governing is null)
            return ["No signed version governed the agreement when this exclusion began, so there is no contract to hold it against."];
        if (!Enum.TryParse<AgreementExclusionType>(exclusionType, out var type))
            return [$"'{exclusionType}' is not a type of exclusion the contract can have."];
        var findings = new List<string>();
        var allowed = (governing.Exclusions ?? []).Select(e => e.Type).ToHashSet();
        if (type == AgreementExclusionType.ScheduledMaintenance)
        {
            var windows = governing.MaintenanceWindows ?? [];
            if (windows.Count == 0 && !allowed.Contains(type))
                findings.Add("The contract has no maintenance windows and no scheduled-maintenance exclusion.");
            else if (windows.Count > 0 && !InsideWindows(windows, governing.TimeZone, start, end))
                findings.Add($"It falls outside the contract's maintenance windows ({string.Join("; ", windows.Select(Describe))}, {governing.TimeZone}).");
        }
        else if (!allowed.Contains(type))
            findings.Add($"The contract has no {type.Label().ToLowerInvariant()} exclusion; its exclusions are " +
                (allowed.Count == 0 ? "none." : string.Join(", ", allowed.Select(t => t.Label().ToLowerInvariant())) + "."));
        return findings;
    }

    private static bool InsideWindows(IReadOnlyList<MaintenanceWindow> windows, string timeZone, Instant start, Instant end)
    {
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone) is not { } zone || end <= start)
            return false;
        var covered = windows.SelectMany(w => new RecurringMaintenance(BclConversions.ToIsoDayOfWeek(w.Day), LocalTime.FromTimeOnly(w.Start),
                Duration.FromMinutes(w.DurationMinutes)).ExpandFor(new Interval(start - Duration.FromDays(8), end + Duration.FromDays(8)), zone))
            .Select(e => e.Interval).OrderBy(i => i.Start).ToList();
        // Walk the windows in order: the exclusion is inside when they cover it without a gap.
        var reached = start;
        foreach (var window in covered)
        {
            if (window.Start > reached)
                break;
            if (window.End > reached)
                reached = window.End;
            if (reached >= end)
                return true;
        }
        return false;
    }

    private static string Describe(MaintenanceWindow window) => $"{window.Day.Label()} {window.Start:HH\\:mm} for {window.DurationMinutes} min";
}

/// <summary>A proposed exclusion was accepted or rejected: the reports of the periods it overlaps are computed again.</summary>
public sealed record ExclusionDecided(Guid AgreementId, Guid ExclusionId, bool Accepted, DateTimeOffset Start, DateTimeOffset End, string DecidedBy,
    string Reason) : Events.IDomainEvent
{
    public static string Type => "exclusion.decided";
    public string SubjectId => AgreementId.ToString();
}
