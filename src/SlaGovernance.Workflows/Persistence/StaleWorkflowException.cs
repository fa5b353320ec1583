namespace SlaGovernance.Workflows.Persistence;

/// <summary>A save was made from a copy of an instance that another save has since replaced; nothing was written.</summary>
public sealed class StaleWorkflowException(string workflowId, int expectedVersion)
    : Exception($"Workflow instance {workflowId} changed since version {expectedVersion} was read; the stale save was refused.");
