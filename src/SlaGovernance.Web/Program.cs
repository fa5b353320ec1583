using SlaGovernance.Web.Hosting;

return await ProgramRunner.RunAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
