using System.Globalization;
using SlaGovernance.Domain.Changes;
using SlaGovernance.Domain.Wording;
using SlaGovernance.Web.Features.Changes;
using SlaGovernance.Workflows.Activities;
using WorkflowCore.Interface;

namespace SlaGovernance.Web.Pages.Changes;

/// <summary>One class of change as the form offers it: its name and, in a line, what it is for and who approves it.</summary>
public sealed record ClassChoice(ChangeClass Class, string Label, string Explanation)
{
    public string Name => Class.ToString();
}

/// <summary>
/// The classes of change in the words of workflows/change-request.json's description, with the thresholds its settings hold now
/// (an administrator may change them), so the form says what the workflow will do.
/// </summary>
public static class ChangeClassGuide
{
    public static IReadOnlyList<ClassChoice> Choices(IWorkflowRegistry registry, bool includeTermination = true)
    {
        var settings = registry.GetDefinition(SubmitChangeRequest.Definition)?.Steps.OfType<IConfiguredStep>().FirstOrDefault()?.Settings;
        var fee = Percent(settings, "financeFeeChangePercent");
        var credit = Percent(settings, "boardCreditCutPercent");
        var choices = new List<ClassChoice>
        {
            Choice(ChangeClass.Administrative, "Only contacts, owner, cost centre, title or category change. Procurement approves it."),
            Choice(ChangeClass.Standard, "Any other change that removes nothing. Procurement approves it; Legal too when a target weakens, time is " +
                "excluded or clause text changes; the agreement's owner when a target weakens or an exclusion is added; Finance when the fee moves " +
                $"by more than {fee}; two Governance board members when it cuts the largest monthly credit by more than {credit}."),
            Choice(ChangeClass.Major, "Removes an objective, the audit rights or exit terms, changes the vendor, provider or kind of agreement, or " +
                "weakens a critical vendor's targets: the reviews of a standard change, then two Governance board members."),
            Choice(ChangeClass.Emergency, "Cannot wait: one Governance board member approves it now and the board reviews it afterwards; " +
                "if the board then rejects it, a change request to revert it is opened."),
        };
        if (includeTermination)
            choices.Add(Choice(ChangeClass.Termination, "Ends a signed or active agreement early: Procurement, Legal and two Governance board " +
                "members decide; then the end is recorded, the renewal cancelled and the notice of termination written."));
        return choices;
    }

    private static ClassChoice Choice(ChangeClass changeClass, string explanation) => new(changeClass, changeClass.Label(), explanation);

    private static string Percent(IReadOnlyDictionary<string, object?>? settings, string name) =>
        settings?.GetValueOrDefault(name) is { } value and (long or decimal or int or double)
            ? Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString("0.##", CultureInfo.InvariantCulture) + " %"
            : "the threshold an administrator set";
}
