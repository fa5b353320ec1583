using SlaGovernance.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSlaGovernance();

var app = builder.Build();
app.UseSlaGovernance();

return await app.RunSlaGovernanceAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
