using SlaGovernance.Workflows.Tasks;
using Xunit;

namespace SlaGovernance.Workflows.Tests;

/// <summary>
/// A change wakes the readers who can see the task, and only them: each wake-up costs a read and often a response. Wake-ups
/// run asynchronously, so a woken wait is awaited, and a wait that must stay asleep is checked after one that woke later.
/// </summary>
public sealed class InboxChangesTests
{
    private static readonly Guid Ann = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    private static Task Woken(InboxChanges.Watch watch) => watch.Changed.WaitAsync(TimeSpan.FromSeconds(10));

    private static TaskRow HeldBy(string role, Guid? user = null) => new() { Id = Guid.NewGuid(), AssigneeRole = role, AssigneeUserId = user };

    [Fact]
    public async Task A_role_task_wakes_that_roles_readers_and_not_another_roles()
    {
        var changes = new InboxChanges();
        using var legal = changes.Start(Ann, ["Legal"]);
        using var finance = changes.Start(Bob, ["Finance"]);

        changes.Changed(HeldBy("Finance"));

        await Woken(finance);
        Assert.False(legal.Changed.IsCompleted);
        changes.Changed(HeldBy("Legal"));
        await Woken(legal);
    }

    [Fact]
    public async Task A_task_held_by_a_person_wakes_that_person_and_not_the_rest_of_the_role()
    {
        var changes = new InboxChanges();
        using var ann = changes.Start(Ann, ["Legal"]);
        using var bob = changes.Start(Bob, ["Legal"]);

        changes.Changed(HeldBy("Legal", Bob));

        await Woken(bob);
        Assert.False(ann.Changed.IsCompleted);
    }

    [Fact]
    public async Task A_move_wakes_the_holder_before_and_after()
    {
        var changes = new InboxChanges();
        using var ann = changes.Start(Ann, ["Legal"]);
        using var bob = changes.Start(Bob, ["Finance"]);
        var role = HeldBy("Legal");

        changes.Changed(role with { AssigneeRole = "Finance", AssigneeUserId = Bob }, role);

        await Woken(ann);
        await Woken(bob);
    }

    [Fact]
    public async Task A_reader_of_several_roles_wakes_for_any_of_them_and_a_change_anywhere_wakes_everyone()
    {
        var changes = new InboxChanges();
        using (var both = changes.Start(Ann, ["Legal", "Finance"]))
        {
            changes.Changed(HeldBy("Finance"));
            await Woken(both);
        }

        using var ann = changes.Start(Ann, ["Legal"]);
        using var bob = changes.Start(Bob, []);
        changes.ChangedAnywhere();
        await Woken(ann);
        await Woken(bob);
    }

    [Fact]
    public async Task A_wait_taken_after_a_change_waits_for_the_next_one()
    {
        var changes = new InboxChanges();
        using var before = changes.Start(Ann, ["Legal"]);
        changes.Changed(HeldBy("Legal"));
        using var after = changes.Start(Ann, ["Legal"]);

        await Woken(before);
        Assert.False(after.Changed.IsCompleted);
        changes.Changed(HeldBy("Legal"));
        await Woken(after);
    }

    [Fact]
    public void A_finished_wait_is_forgotten_so_idle_long_polls_leave_nothing_behind()
    {
        var changes = new InboxChanges();
        // An idle reader re-reads every second for as long as its role is quiet: each wait goes when it is done.
        for (var reread = 0; reread < 1_000; reread++)
        {
            using var wait = changes.Start(Ann, ["Legal", "Finance"]);
            Assert.Equal(1, changes.Watching);
        }
        Assert.Equal(0, changes.Watching);

        using var open = changes.Start(Bob, ["Legal"]);
        Assert.Equal(1, changes.Watching);
    }

    [Fact]
    public void A_reader_back_with_the_etag_it_was_given_is_unchanged_until_a_change_reaches_its_inbox()
    {
        var changes = new InboxChanges();
        using (var read = changes.Start(Ann, ["Legal", "Finance"]))
            changes.Read(read, "W/\"inbox-1\"");

        using (var back = changes.Start(Ann, ["Finance", "Legal"]))
        {
            Assert.True(changes.Unchanged(back, "W/\"inbox-1\""));
            Assert.False(changes.Unchanged(back, "W/\"inbox-0\""));
        }
        // Another role's task, or another person's, is not Ann's change.
        changes.Changed(HeldBy("Procurement"));
        changes.Changed(HeldBy("Legal", Bob));
        using (var back = changes.Start(Ann, ["Legal", "Finance"]))
            Assert.True(changes.Unchanged(back, "W/\"inbox-1\""));
        // The same person with other roles is another reader.
        using (var otherRoles = changes.Start(Ann, ["Legal"]))
            Assert.False(changes.Unchanged(otherRoles, "W/\"inbox-1\""));

        changes.Changed(HeldBy("Finance"));
        using (var back = changes.Start(Ann, ["Legal", "Finance"]))
            Assert.False(changes.Unchanged(back, "W/\"inbox-1\""));
    }

    [Fact]
    public void A_change_signalled_while_the_reader_was_reading_never_counts_as_seen()
    {
        var changes = new InboxChanges();
        using (var read = changes.Start(Ann, ["Legal"]))
        {
            // Committed and signalled after the watch began, perhaps after the read's snapshot: that read may lack it.
            changes.Changed(HeldBy("Legal"));
            changes.Read(read, "W/\"inbox-1\"");
        }
        using var back = changes.Start(Ann, ["Legal"]);
        Assert.False(changes.Unchanged(back, "W/\"inbox-1\""));
        changes.Read(back, "W/\"inbox-2\"");
        using var again = changes.Start(Ann, ["Legal"]);
        Assert.True(changes.Unchanged(again, "W/\"inbox-2\""));
        changes.ChangedAnywhere();
        using var afterAnywhere = changes.Start(Ann, ["Legal"]);
        Assert.False(changes.Unchanged(afterAnywhere, "W/\"inbox-2\""));
    }
}
