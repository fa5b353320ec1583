namespace SlaGovernance.Domain.Agreements;

/// <summary>The kinds of document kept with an agreement's versions, each with the name people read; one place, so a new letter adds one line.</summary>
public static class AgreementDocumentKinds
{
    public const string Contract = "Contract";
    public const string Signed = "Signed";
    public const string NoticeLetter = "NoticeLetter";
    public const string TerminationNotice = "TerminationNotice";
    public const string ExitChecklist = "ExitChecklist";

    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Contract] = "Contract",
        [Signed] = "Signed copy",
        [NoticeLetter] = "Notice of non-renewal",
        [TerminationNotice] = "Notice of termination",
        [ExitChecklist] = "Exit checklist",
    };

    public static IReadOnlyCollection<string> All => Labels.Keys.ToList();

    public static string Label(string kind) => Labels.TryGetValue(kind, out var label) ? label : kind;
}
