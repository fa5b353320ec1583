using SlaGovernance.Tests;
using SlaGovernance.Workflows.Activities;
using SlaGovernance.Workflows.Definitions;

namespace SlaGovernance.Workflows.Tests;

/// <summary>
/// Every definition version ever published stays in wf_definitions and is validated and compiled again at each start-up:
/// the files in workflows/ and, in Published/, the earlier contents of sla-approval version 1.
/// </summary>
public sealed class PublishedDefinitionTests
{
    private sealed class NamedAction(string name) : IWorkflowAction
    {
        public string Name => name;

        public Task RunAsync(WorkflowActionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class SubjectStatus(string subjectType) : IWorkflowSubjectStatus
    {
        public string SubjectType => subjectType;

        public Task SetStatusAsync(WorkflowSubject subject, string status, string workflowId, string idempotencyKey, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The domain actions the application registers.</summary>
    private static readonly string[] Actions =
    [
        "generate-contract", "agreement-import-confirm", "renewal-renew", "renewal-tacit", "renewal-lapse", "renewal-renegotiate", "renewal-notice-letter", "renewal-terminate",
        "change-request-contract", "change-request-terminate", "change-request-revert", "change-request-effective",
        "credit-claim-send", "credit-claim-answer", "credit-claim-upheld", "credit-claim-withdraw", "compliance-close-check", "compliance-close-compute",
        "compliance-close-claim", "compliance-close-waive", "compliance-close-dispute",
        "vendor-audit-notice", "vendor-audit-chase", "vendor-audit-evidence-due", "vendor-audit-report",
        "exit-begin", "exit-ask-acknowledgement", "exit-complete", "exit-plan-check", "renewal-exit-plan-check", "exit-readiness-request", "exit-readiness-remind", "exit-readiness-outcome",
        "major-incident-begin", "major-incident-cadence", "major-incident-recovery",
        "vendor-assessment-score", "vendor-assessment-complete",
    ];

    public static TheoryData<string> Files()
    {
        var root = TestEnvironment.RepositoryRoot();
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, "workflows"), "*.json").Where(DefinitionCatalogue.IsDefinitionFile)
                     .Concat(Directory.GetFiles(Path.Combine(root, "tests", "SlaGovernance.Workflows.Tests", "Published"), "*.json")).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void A_published_definition_still_validates_and_compiles(string file)
    {
        var validator = new DefinitionValidator(Actions.Select(a => (IWorkflowAction)new NamedAction(a)), [new SubjectStatus("Agreement"), new SubjectStatus("ChangeRequest"), new SubjectStatus("VendorAudit"), new SubjectStatus("ExitPlan"), new SubjectStatus("VendorAssessment")]);
        var (document, problems) = validator.Validate(file, File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot(), file)));
        Assert.Empty(problems);
        var compiled = DefinitionCompiler.Compile(document!);
        Assert.Equal(document!.Steps.Count, compiled.Steps.Count);
        Assert.Equal(document.Start, compiled.Steps.FindById(0).ExternalId);
    }
}
