namespace SlaGovernance.Domain.Identity;

/// <summary>A refusal by segregation of duties: the rule that refused (stable, for scripts) and what to do, for people.</summary>
public sealed record DutyConflict(string Rule, string Message)
{
    /// <summary>What a person is told: the message, then the rule's name.</summary>
    public string Detail => $"{Message} (rule: {Rule})";
}

/// <summary>
/// Who took part in what is being decided: its authors (who created, edited or submitted it), the requester the workflow
/// names, and who approved an earlier stage of the same request when the stage leaves them out.
/// </summary>
public sealed record DecisionParticipants(IReadOnlyCollection<string> Authors, string? Requester, IReadOnlyCollection<string> PriorApprovers)
{
    public static readonly DecisionParticipants None = new([], null, []);
}

/// <summary>
/// The one rule set for who may decide an approval, receive one, sign, or confirm an import. Every path that can decide
/// (task completion, delegation, reassignment, a workflow started by hand, the agreement commands) asks here.
/// </summary>
public static class SegregationOfDuties
{
    public const string AuthorRule = "author-may-not-decide";
    public const string RequesterRule = "requester-may-not-decide";
    public const string OneStageRule = "one-stage-per-person";
    public const string CurrentRoleRule = "only-the-current-role";
    public const string SignatureRule = "signature-roles";

    /// <summary>The roles that record a signature and import signed agreements: the keepers of the signed record.</summary>
    public static readonly IReadOnlyList<string> ContractKeepers = [Roles.Procurement, Roles.Admin];

    /// <summary>Whether <paramref name="userName"/> may decide; null when they may, else the rule that refuses and what to do.</summary>
    public static DutyConflict? MayDecide(string userName, DecisionParticipants participants)
    {
        if (participants.Authors.Contains(userName, StringComparer.OrdinalIgnoreCase))
            return new(AuthorRule,
                "You created, edited or submitted this version, so someone else must decide it (segregation of duties); leave the task to another member of its role.");
        if (participants.Requester is { } requester && string.Equals(requester, userName, StringComparison.OrdinalIgnoreCase))
            return new(RequesterRule, "You requested this; someone else must decide it (segregation of duties).");
        if (participants.PriorApprovers.Contains(userName, StringComparer.OrdinalIgnoreCase))
            return new(OneStageRule,
                "You approved an earlier stage of this request; one person cannot approve two stages (segregation of duties).");
        return null;
    }

    /// <summary>
    /// Whether a task may be delegated or reassigned to <paramref name="userName"/>: they must hold the task's current role
    /// (<see cref="CurrentRole"/>) and be free to decide it.
    /// </summary>
    public static DutyConflict? MayReceive(string userName, IEnumerable<string> userRoles, string? currentRole, DecisionParticipants participants)
    {
        if (currentRole is not null && !userRoles.Contains(currentRole, StringComparer.Ordinal))
            return new(CurrentRoleRule,
                $"{userName} is not a member of {currentRole}; a task goes only to members of its current role. Choose a member of {currentRole}.");
        return MayDecide(userName, participants) switch
        {
            null => null,
            { Rule: AuthorRule } => new(AuthorRule,
                $"{userName} created, edited or submitted this version and cannot decide it (segregation of duties); choose someone else."),
            { Rule: RequesterRule } => new(RequesterRule, $"{userName} requested this and cannot decide it (segregation of duties); choose someone else."),
            _ => new(OneStageRule,
                $"{userName} approved an earlier stage of this request and cannot approve another (segregation of duties); choose someone else."),
        };
    }

    /// <summary>The role a task belongs to now: its stage's role, or the escalation role once it was escalated.</summary>
    public static string? CurrentRole(string? stageRole, string? escalationRole, bool escalated) =>
        escalated && escalationRole is not null ? escalationRole : stageRole;

    /// <summary>Whether someone with <paramref name="roles"/> may record a signature or import a signed agreement.</summary>
    public static DutyConflict? MaySign(IEnumerable<string> roles) =>
        roles.Any(r => ContractKeepers.Contains(r, StringComparer.Ordinal))
            ? null
            : new(SignatureRule, $"Only {string.Join(" or ", ContractKeepers)} record signatures; ask one of them to record it.");
}
