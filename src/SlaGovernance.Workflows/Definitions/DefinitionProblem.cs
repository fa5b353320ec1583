namespace SlaGovernance.Workflows.Definitions;

/// <summary>One thing wrong with a definition file: where (file and JSON path) and the rule it breaks.</summary>
public sealed record DefinitionProblem(string File, string Path, string Rule)
{
    public override string ToString() => $"{File} at {Path}: {Rule}";
}

/// <summary>Definitions that cannot be loaded; start-up stops with every problem listed.</summary>
public sealed class WorkflowDefinitionException(IReadOnlyList<DefinitionProblem> problems)
    : Exception("Workflow definitions cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
{
    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}
