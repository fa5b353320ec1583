using SlaGovernance.Workflows.Hosting;
using WorkflowCore.Models;
using WorkflowCore.Services;

namespace SlaGovernance.Workflows.Tests;

public sealed class DeterministicPointerTests
{
    private static readonly WorkflowDefinition Definition = new()
    {
        Id = "pointers",
        Steps = new WorkflowStepCollection([new WorkflowStep<WorkflowCore.Primitives.Sequence> { Id = 0, Name = "start" },
            new WorkflowStep<WorkflowCore.Primitives.Sequence> { Id = 1, Name = "next" },
            new WorkflowStep<WorkflowCore.Primitives.Sequence> { Id = 2, Name = "other" }]),
    };

    private readonly DeterministicPointerFactory _factory = new(new ExecutionPointerFactory());

    [Fact]
    public void A_replayed_pass_builds_the_same_next_pointer_and_different_predecessors_or_steps_build_different_ones()
    {
        var from = _factory.BuildGenesisPointer(Definition);
        var first = _factory.BuildNextPointer(Definition, from, new ValueOutcome { NextStep = 1 });
        var replayed = _factory.BuildNextPointer(Definition, from, new ValueOutcome { NextStep = 1 });
        Assert.Equal(first.Id, replayed.Id);
        Assert.Equal(from.Id, first.PredecessorId);
        Assert.NotEqual(first.Id, _factory.BuildNextPointer(Definition, from, new ValueOutcome { NextStep = 2 }).Id);
        Assert.NotEqual(first.Id, _factory.BuildNextPointer(Definition, first, new ValueOutcome { NextStep = 1 }).Id);
        Assert.True(Guid.TryParse(first.Id, out _));
    }

    [Fact]
    public void Children_of_one_parent_differ_and_the_parent_lists_their_ids()
    {
        var parent = _factory.BuildGenesisPointer(Definition);
        var a = _factory.BuildChildPointer(Definition, parent, 1, null!);
        var b = _factory.BuildChildPointer(Definition, parent, 1, null!);
        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal([a.Id, b.Id], parent.Children);
        var again = _factory.BuildGenesisPointer(Definition);
        again.Id = parent.Id;
        Assert.Equal(a.Id, _factory.BuildChildPointer(Definition, again, 1, null!).Id);
    }
}
