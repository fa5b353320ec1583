using SlaGovernance.Domain.Agreements;
using SlaGovernance.Domain.Lifecycles;

namespace SlaGovernance.Domain.Tests.Agreements;

/// <summary>Every move between two states of a version and of an agreement, allowed or refused: the whole table, so a new state states its moves.</summary>
public sealed class LifecycleTests
{
    private static readonly (string From, string To)[] VersionMoves =
    [
        ("Draft", "InApproval"),
        ("InApproval", "ChangesRequested"),
        ("InApproval", "Rejected"),
        ("InApproval", "Approved"),
        ("ChangesRequested", "InApproval"),
        ("Approved", "Superseded"),
        ("Draft", "Withdrawn"),
        ("ChangesRequested", "Withdrawn"),
    ];

    private static readonly (string From, string To)[] AgreementMoves =
    [
        ("Draft", "InApproval"),
        ("InApproval", "ChangesRequested"),
        ("InApproval", "Rejected"),
        ("InApproval", "Approved"),
        ("ChangesRequested", "InApproval"),
        ("Rejected", "Draft"),
        ("Approved", "Signed"),
        ("Signed", "Active"),
        ("Signed", "Expired"),
        ("Signed", "Terminated"),
        ("Active", "Expired"),
        ("Active", "Terminated"),
        ("Expired", "Signed"),
        ("Expired", "Exited"),
        ("Terminated", "Exited"),
    ];

    public static TheoryData<string, string, bool> VersionTable() => Table(AgreementVersionStatus.Lifecycle, VersionMoves);

    public static TheoryData<string, string, bool> AgreementTable() => Table(AgreementStatus.Lifecycle, AgreementMoves);

    private static TheoryData<string, string, bool> Table(Lifecycle lifecycle, (string, string)[] allowed)
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var from in lifecycle.States)
        {
            foreach (var to in lifecycle.States)
                data.Add(from, to, allowed.Contains((from, to)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VersionTable))]
    public void A_version_moves_only_as_the_table_allows(string from, string to, bool allowed)
    {
        var move = AgreementVersionStatus.Lifecycle.Move(from, to);
        Assert.Equal(allowed, move.IsAllowed);
        Assert.Equal(allowed, move.Refusal is null);
    }

    [Theory]
    [MemberData(nameof(AgreementTable))]
    public void An_agreement_moves_only_as_the_table_allows(string from, string to, bool allowed) =>
        Assert.Equal(allowed, AgreementStatus.Lifecycle.Move(from, to).IsAllowed);

    [Fact]
    public void The_states_are_the_ones_stored_and_their_labels_are_words()
    {
        Assert.Equal(["Draft", "InApproval", "ChangesRequested", "Rejected", "Approved", "Superseded", "Withdrawn"], AgreementVersionStatus.All);
        Assert.Equal(["Draft", "InApproval", "ChangesRequested", "Rejected", "Approved", "Signed", "Active", "Expired", "Terminated", "Exited"],
            AgreementStatus.All);
        Assert.Equal("In approval", AgreementVersionStatus.Label("InApproval"));
        Assert.Equal("Changes requested", AgreementVersionStatus.Label("ChangesRequested"));
        Assert.Equal("Approved (not signed)", AgreementStatus.Label("Approved"));
        Assert.Equal("Signed", AgreementStatus.Label("Signed"));
    }

    [Fact]
    public void A_refused_move_says_what_the_subject_is_and_what_it_can_become()
    {
        Assert.Equal("An agreement version that is Approved cannot become Draft; it can become Superseded.",
            AgreementVersionStatus.Lifecycle.Move("Approved", "Draft").Refusal);
        Assert.Equal("An agreement that is Terminated cannot become Active; it can become Exited.", AgreementStatus.Lifecycle.Move("Terminated", "Active").Refusal);
        Assert.Equal("An agreement that is Exited cannot become Active; it is final.", AgreementStatus.Lifecycle.Move("Exited", "Active").Refusal);
        Assert.Equal("An agreement that is In approval cannot become Signed; it can become Changes requested, Rejected or Approved (not signed).",
            AgreementStatus.Lifecycle.Move("InApproval", "Signed").Refusal);
        Assert.StartsWith("'Paused' is not a state of an agreement;", AgreementStatus.Lifecycle.Move("Active", "Paused").Refusal);
    }

    [Fact]
    public void A_state_reached_from_one_not_yet_declared_is_refused_when_the_lifecycle_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => new Lifecycle("change request").State("Open", "Open", "Draft"));
        Assert.StartsWith("The change request state 'Open' is reached from 'Draft'", error.Message);
    }
}
