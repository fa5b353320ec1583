using SlaGovernance.Domain.Validation;
using SlaGovernance.Domain.Wording;
using static SlaGovernance.Domain.Changes.ImpactWords;

namespace SlaGovernance.Domain.Changes;

/// <summary>
/// How a change request is filed. Administrative, standard and major run from lightest to heaviest; an emergency change takes
/// any impact (one board member now, the board in retrospect); a termination ends the agreement and changes nothing in it.
/// </summary>
public enum ChangeClass { Administrative, Standard, Major, Emergency, Termination }

/// <summary>The lightest class an impact may be filed as, and what in the impact makes it no lighter.</summary>
public sealed record ClassRequirement(ChangeClass Lightest, IReadOnlyList<string> Because);

/// <summary>Whether a change request's class suits its impact: a class lighter than the impact is refused, as is a change of nothing.</summary>
public static class ChangeClassRules
{
    public static ClassRequirement LightestFor(ChangeImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var major = new List<string>();
        var removed = impact.Objectives.Where(o => o.Change == ItemChange.Removed).ToList();
        if (removed.Count > 0)
            major.Add($"removes {Names(removed)}");
        if (impact.WeakensCriticalVendor)
            major.Add($"weakens {Names(Weakened(impact))} of a vendor rated critical");
        if (impact.AuditRights.Any(t => t is { Term: "audit rights", After: null }))
            major.Add("removes the audit rights");
        if (impact.Exit.Any(t => t is { Term: "exit terms", After: null }))
            major.Add("removes the exit terms");
        var counterparty = impact.Other.Where(t => t.Term is "kind" or "vendor" or "internal provider").Select(t => t.Term).ToList();
        if (counterparty.Count > 0)
            major.Add($"changes the agreement's {string.Join(" and ", counterparty)}");
        if (major.Count > 0)
            return new ClassRequirement(ChangeClass.Major, major);

        if (impact.IsAdministrativeOnly || !impact.ChangesAnything)
            return new ClassRequirement(ChangeClass.Administrative, []);
        var standard = new List<string>();
        if (impact.ObjectivesWeakened > 0)
            standard.Add($"weakens {Names(Weakened(impact))}");
        var added = impact.Exclusions.Where(e => e.Change == ItemChange.Added).Select(e => Lower(e.Type.Label())!).ToList();
        if (added.Count > 0)
            standard.Add($"adds {(added.Count == 1 ? "an exclusion" : Count(added.Count, "exclusion"))} ({string.Join(", ", added)})");
        if (standard.Count == 0)
            standard.Add($"changes more than that ({Lower(impact.Summary())})");
        return new ClassRequirement(ChangeClass.Standard, standard);
    }

    /// <summary>
    /// The field errors of filing a change of this impact as <paramref name="requested"/>: under "content" when it changes nothing (or,
    /// for a termination, when it changes anything), under "class" when the class is lighter than the impact.
    /// </summary>
    public static ValidationErrors Check(ChangeClass requested, ChangeImpact impact)
    {
        ArgumentNullException.ThrowIfNull(impact);
        var errors = new ValidationErrors();
        if (!Enum.IsDefined(requested))
        {
            errors.Add("class", $"'{requested}' is not a class of change: use Administrative, Standard, Major, Emergency or Termination.");
            return errors;
        }
        if (requested == ChangeClass.Termination)
        {
            if (impact.ChangesAnything)
                errors.Add("content", $"A termination ends the agreement as it stands, but this one also changes it ({Lower(impact.Summary())}). " +
                    "Request the termination on the governing version, and file the changes as a change request of their own.");
            return errors;
        }
        if (!impact.ChangesAnything)
        {
            errors.Add("content", "The proposed version reads the same as the governing one, so there is nothing to approve. " +
                "Edit the draft to make the change, or withdraw the request.");
            return errors;
        }
        var requirement = LightestFor(impact);
        if (requested == ChangeClass.Emergency || requested >= requirement.Lightest)
            return errors;
        var because = string.Join("; it ", requirement.Because);
        errors.Add("class", requested == ChangeClass.Administrative && requirement.Lightest == ChangeClass.Standard
            ? $"An administrative change touches only contacts, owner, cost centre, title or category, but this one {because}. " +
              "File it as standard or major (or emergency if it cannot wait)."
            : $"A {Lower(requested.Label())} change cannot remove an objective, audit rights or exit terms, change the vendor, provider or kind of " +
              $"agreement, or weaken a critical vendor's objectives, but this one {because}. File it as major (or emergency if it cannot wait).");
        return errors;
    }

    private static List<ObjectiveImpact> Weakened(ChangeImpact impact) =>
        [.. impact.Objectives.Where(o => o.Change == ItemChange.Changed && o.Effect is ChangeEffect.Weakened or ChangeEffect.Mixed)];

    /// <summary>"the objective Customer portal (Gold) availability", or "the objectives ... and ..." for several.</summary>
    private static string Names(IReadOnlyList<ObjectiveImpact> objectives)
    {
        var names = objectives.Select(o => $"{o.Service}{(string.IsNullOrWhiteSpace(o.Segment) ? "" : $" ({o.Segment})")} {Lower(o.Metric.Label())}").ToList();
        return names.Count == 1
            ? $"the objective {names[0]}"
            : $"the objectives {string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }
}
