using System.Text.Json;
using SlaGovernance.Workflows.Tasks;

namespace SlaGovernance.Workflows.Tests;

/// <summary>How a task reads the escalation path its subject gives.</summary>
public sealed class TaskEscalationPathTests
{
    [Fact]
    public void A_path_is_read_from_a_list_or_its_json_text_in_the_order_its_levels_apply_without_levels_that_name_nobody()
    {
        var list = JsonSerializer.SerializeToElement(new object[]
        {
            new { Level = 2, Contact = "cfo@customer.example", AfterMinutes = 1440 },
            new { Level = 1, Contact = "GovernanceBoard", AfterMinutes = 0 },
            new { Level = 3, Contact = " ", AfterMinutes = 2880 },
        });
        var path = TaskEscalationLevel.Parse(TaskEscalationLevel.FromField(list));
        Assert.Equal([new TaskEscalationLevel(1, "GovernanceBoard", 0), new TaskEscalationLevel(2, "cfo@customer.example", 1440)], path);
        var text = JsonSerializer.SerializeToElement("[{\"level\":1,\"contact\":\"boss\",\"afterMinutes\":-5}]");
        Assert.Equal([new TaskEscalationLevel(1, "boss", 0)], TaskEscalationLevel.Parse(TaskEscalationLevel.FromField(text)));
    }

    [Fact]
    public void No_path_an_empty_one_or_one_that_cannot_be_read_leaves_the_task_to_its_steps_escalation()
    {
        Assert.Null(TaskEscalationLevel.FromField(null));
        Assert.Null(TaskEscalationLevel.FromField(JsonSerializer.SerializeToElement(Array.Empty<object>())));
        Assert.Null(TaskEscalationLevel.FromField(JsonSerializer.SerializeToElement("not a path")));
        Assert.Null(TaskEscalationLevel.FromField(JsonSerializer.SerializeToElement(42)));
        Assert.Empty(new TaskRow().EscalationLevels);
    }
}
