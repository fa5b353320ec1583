using System.Xml.Linq;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests;

/// <summary>
/// Dependencies run one way: Web on the rest; Workflows on Data and Domain; Data on Domain; Domain on nothing of ours and no
/// package but NodaTime.
/// </summary>
public sealed class ArchitectureTests
{
    private static (string[] Projects, string[] Packages) ReferencesOf(string project)
    {
        var path = Path.Combine(TestEnvironment.RepositoryRoot(), "src", project, project + ".csproj");
        var xml = XDocument.Load(path);
        var projects = xml.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToArray();
        var packages = xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToArray();
        return (projects, packages);
    }

    [Fact]
    public void Domain_references_no_project_and_no_package_but_NodaTime()
    {
        var (projects, packages) = ReferencesOf("SlaGovernance.Domain");
        Assert.Empty(projects);
        Assert.Equal(["NodaTime"], packages);
    }

    [Fact]
    public void Domain_assembly_loads_nothing_of_ours()
    {
        var referenced = typeof(Vendors.VendorRules).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(referenced, name => name.StartsWith("SlaGovernance", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_references_only_the_domain()
    {
        var (projects, _) = ReferencesOf("SlaGovernance.Data");
        Assert.Equal(["SlaGovernance.Domain"], projects);
    }

    [Fact]
    public void Workflows_reference_only_the_domain_and_data()
    {
        var (projects, _) = ReferencesOf("SlaGovernance.Workflows");
        Assert.Equal(["SlaGovernance.Data", "SlaGovernance.Domain"], projects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_but_the_web_host_references_the_web_host()
    {
        var src = Path.Combine(TestEnvironment.RepositoryRoot(), "src");
        foreach (var project in Directory.GetDirectories(src).Select(Path.GetFileName).Where(p => p != "SlaGovernance.Web"))
            Assert.DoesNotContain("SlaGovernance.Web", ReferencesOf(project!).Projects);
    }
}
