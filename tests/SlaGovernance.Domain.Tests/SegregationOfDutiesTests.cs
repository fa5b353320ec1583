using NodaTime;
using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Domain.Tests;

public sealed class SegregationOfDutiesTests
{
    private static readonly DecisionParticipants Round = new(["drafter", "Editor"], "submitter", ["stage-one-approver"]);

    public static TheoryData<string, string?> Deciders() => new()
    {
        { "drafter", SegregationOfDuties.AuthorRule },
        { "EDITOR", SegregationOfDuties.AuthorRule },
        { "submitter", SegregationOfDuties.RequesterRule },
        { "stage-one-approver", SegregationOfDuties.OneStageRule },
        { "someone-else", null },
    };

    [Theory]
    [MemberData(nameof(Deciders))]
    public void Nobody_who_made_requested_or_approved_a_stage_of_it_decides_it(string userName, string? rule) =>
        Assert.Equal(rule, SegregationOfDuties.MayDecide(userName, Round)?.Rule);

    public static TheoryData<string, string[], string?, string?> Receivers() => new()
    {
        { "auditor", [Roles.Auditor], Roles.Procurement, SegregationOfDuties.CurrentRoleRule },
        { "board", [Roles.GovernanceBoard], Roles.Procurement, SegregationOfDuties.CurrentRoleRule },
        { "drafter", [Roles.Procurement], Roles.Procurement, SegregationOfDuties.AuthorRule },
        { "submitter", [Roles.Procurement], Roles.Procurement, SegregationOfDuties.RequesterRule },
        { "stage-one-approver", [Roles.Procurement, Roles.Legal], Roles.Procurement, SegregationOfDuties.OneStageRule },
        { "buyer", [Roles.Procurement], Roles.Procurement, null },
        { "board", [Roles.GovernanceBoard], Roles.GovernanceBoard, null },
        { "anyone", [Roles.Finance], null, null },
    };

    [Theory]
    [MemberData(nameof(Receivers))]
    public void A_task_goes_only_to_a_member_of_its_current_role_who_may_decide_it(string userName, string[] roles, string? currentRole, string? rule)
    {
        var conflict = SegregationOfDuties.MayReceive(userName, roles, currentRole, Round);
        Assert.Equal(rule, conflict?.Rule);
        if (conflict is not null)
            Assert.Contains(userName, conflict.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(Roles.Procurement, Roles.GovernanceBoard, false, Roles.Procurement)]
    [InlineData(Roles.Procurement, Roles.GovernanceBoard, true, Roles.GovernanceBoard)]
    [InlineData(Roles.Procurement, null, true, Roles.Procurement)]
    public void The_current_role_is_the_stages_until_it_is_escalated(string stageRole, string? escalationRole, bool escalated, string expected) =>
        Assert.Equal(expected, SegregationOfDuties.CurrentRole(stageRole, escalationRole, escalated));

    [Theory]
    [InlineData(new[] { Roles.Procurement }, true)]
    [InlineData(new[] { Roles.Admin }, true)]
    [InlineData(new[] { Roles.VendorManager }, false)]
    [InlineData(new[] { Roles.Legal, Roles.Finance }, false)]
    [InlineData(new string[0], false)]
    public void Only_contract_keepers_sign(string[] roles, bool allowed)
    {
        var conflict = SegregationOfDuties.MaySign(roles);
        Assert.Equal(allowed, conflict is null);
        Assert.Equal(allowed ? null : SegregationOfDuties.SignatureRule, conflict?.Rule);
    }

    [Fact]
    public void A_refusal_names_its_rule_in_what_people_read() =>
        Assert.EndsWith($"(rule: {SegregationOfDuties.AuthorRule})", SegregationOfDuties.MayDecide("drafter", Round)!.Detail, StringComparison.Ordinal);

    private static readonly Guid First = Guid.NewGuid();
    private static readonly Guid Second = Guid.NewGuid();

    [Fact]
    public void A_vendor_tokens_scope_follows_the_governing_version_not_a_later_draft()
    {
        var now = Instant.FromUtc(2026, 6, 1, 12, 0);
        SignedVersion Signed(int number, DateOnly start, Guid vendor) => new(number, start, start, "Europe/London", vendor);

        Assert.Equal(First, GoverningVersion.VendorScope([], now, First));
        Assert.Equal(First, GoverningVersion.VendorScope([Signed(1, new DateOnly(2026, 1, 1), First)], now, Second));
        // Version 2 names another vendor and is signed for a term starting next month: version 1 still governs today.
        Assert.Equal(First, GoverningVersion.VendorScope([Signed(1, new DateOnly(2026, 1, 1), First), Signed(2, new DateOnly(2026, 7, 1), Second)], now, First));
        Assert.Equal(Second, GoverningVersion.VendorScope([Signed(1, new DateOnly(2026, 1, 1), First), Signed(2, new DateOnly(2026, 5, 1), Second)], now, First));
        // Signed only for a future term: that version's vendor, not whatever a draft says.
        Assert.Equal(Second, GoverningVersion.VendorScope([Signed(1, new DateOnly(2026, 9, 1), Second)], now, First));
    }
}
