namespace SlaGovernance.Domain.Compliance;

/// <summary>An upload of raw data was stored: the error budgets of the objectives its rows feed are evaluated at its data time.</summary>
public sealed record RawDataStored(Guid AgreementId, Guid UploadId, string Kind) : Events.IDomainEvent
{
    public static string Type => "raw-data.stored";
    public string SubjectId => AgreementId.ToString();
}

/// <summary>A compliance report revision was stored: the error budgets of its period are brought up to date with it.</summary>
public sealed record ComplianceReportComputed(Guid AgreementId, string Period, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd) : Events.IDomainEvent
{
    public static string Type => "compliance-report.computed";
    public string SubjectId => AgreementId.ToString();
}
