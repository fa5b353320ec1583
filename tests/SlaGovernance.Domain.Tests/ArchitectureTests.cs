using System.Text.RegularExpressions;
using System.Xml.Linq;
using SlaGovernance.Tests;

namespace SlaGovernance.Domain.Tests;

/// <summary>
/// Dependencies run as docs/architecture.md draws them: its table of projects is read here and every project file must
/// reference exactly what its row names; inside the web host, no feature reaches a feature that reaches it back.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static string Root => TestEnvironment.RepositoryRoot();

    private static (string[] Projects, string[] Packages) ReferencesOf(string project)
    {
        var xml = XDocument.Load(Path.Combine(Root, "src", project, project + ".csproj"));
        var projects = xml.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal).ToArray();
        var packages = xml.Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).ToArray();
        return (projects, packages);
    }

    [GeneratedRegex(@"^\| (SlaGovernance\.[A-Za-z]+) \| (.+) \|$", RegexOptions.Multiline)]
    private static partial Regex ProjectRow();

    /// <summary>Each row of the table under "Projects" in docs/architecture.md: a project and the projects it references.</summary>
    private static Dictionary<string, string[]> DocumentedArrows() =>
        ProjectRow().Matches(File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"))).ToDictionary(
            m => m.Groups[1].Value,
            m => m.Groups[2].Value.StartsWith("nothing of ours", StringComparison.Ordinal)
                ? []
                : m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray());

    [Fact]
    public void Every_project_is_in_the_architecture_table_and_references_exactly_what_its_row_says()
    {
        var documented = DocumentedArrows();
        var projects = Directory.GetDirectories(Path.Combine(Root, "src")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(projects, documented.Keys.Order(StringComparer.Ordinal));
        foreach (var project in projects)
            Assert.True(documented[project].SequenceEqual(ReferencesOf(project).Projects),
                $"{project} references {string.Join(", ", ReferencesOf(project).Projects)}; docs/architecture.md says {string.Join(", ", documented[project])}.");
    }

    [Fact]
    public void Domain_references_no_package_but_NodaTime()
    {
        Assert.Empty(ReferencesOf("SlaGovernance.Domain").Projects);
        Assert.Equal(["NodaTime"], ReferencesOf("SlaGovernance.Domain").Packages);
    }

    [Fact]
    public void Domain_assembly_loads_nothing_of_ours()
    {
        var referenced = typeof(Vendors.VendorRules).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(referenced, name => name.StartsWith("SlaGovernance", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?:Features\.|(?<![\w.]))(?<feature>[A-Z][A-Za-z]+)\.[A-Z]")]
    private static partial Regex FeatureReference();

    /// <summary>Which feature folders each feature folder of the web host names in its code (a using, or a qualified name).</summary>
    private static Dictionary<string, HashSet<string>> FeatureGraph()
    {
        var features = Path.Combine(Root, "src", "SlaGovernance.Web", "Features");
        var names = Directory.GetDirectories(features).Select(d => Path.GetFileName(d)!).ToHashSet(StringComparer.Ordinal);
        var graph = names.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var name in names)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(features, name), "*.cs", SearchOption.AllDirectories))
            {
                var code = File.ReadAllText(file);
                foreach (Match match in FeatureReference().Matches(code))
                {
                    var target = match.Groups["feature"].Value;
                    if (target != name && names.Contains(target))
                        graph[name].Add(target);
                }
                foreach (Match match in Regex.Matches(code, @"using SlaGovernance\.Web\.Features\.(?<feature>[A-Za-z]+);"))
                {
                    if (match.Groups["feature"].Value != name)
                        graph[name].Add(match.Groups["feature"].Value);
                }
            }
        }
        return graph;
    }

    [Fact]
    public void No_feature_reaches_a_feature_that_reaches_it_back()
    {
        var graph = FeatureGraph();
        foreach (var start in graph.Keys)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<(string Feature, string Path)>(graph[start].Select(t => (t, $"{start} -> {t}")));
            while (pending.TryPop(out var next))
            {
                Assert.False(next.Feature == start, $"The features reach each other in a cycle: {next.Path}. Tell the other feature through a domain event instead.");
                if (reached.Add(next.Feature))
                    foreach (var target in graph[next.Feature])
                        pending.Push((target, $"{next.Path} -> {target}"));
            }
        }
    }

    [Fact]
    public void The_feature_check_sees_a_reference_written_either_way()
    {
        Assert.Equal(["Renewals"], FeatureReference().Matches("var c = Renewals.RenewalCycles.Reference(id);").Select(m => m.Groups["feature"].Value));
        Assert.Equal(["Agreements"], FeatureReference().Matches("Features.Agreements.AgreementView view").Select(m => m.Groups["feature"].Value));
        Assert.DoesNotContain("Renewals", FeatureReference().Matches("using SlaGovernance.Domain.Renewals; var x = agreements.GetAsync(id);")
            .Select(m => m.Groups["feature"].Value));
    }
}
