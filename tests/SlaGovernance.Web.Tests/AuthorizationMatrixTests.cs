using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SlaGovernance.Domain.Identity;

namespace SlaGovernance.Web.Tests;

/// <summary>
/// Calls every operation of the OpenAPI document and every Razor page as anonymous, as each role and with a vendor token, and
/// compares each answer with AuthorizationMatrix.md. A request missing from the table fails the test with its row, ready to paste.
/// </summary>
public sealed class AuthorizationMatrixTests : IClassFixture<SlaGovernanceFactory>
{
    private const string TableFile = "AuthorizationMatrix.md";
    private const string Anonymous = "anonymous";
    private const string VendorToken = "vendor token";
    private static readonly string[] Principals = [Anonymous, .. Roles.All, VendorToken];
    private static readonly string[] WriteMethods = ["POST", "PUT", "PATCH", "DELETE"];

    private readonly SlaGovernanceFactory _factory;

    public AuthorizationMatrixTests(SlaGovernanceFactory factory) => _factory = factory;

    [Fact]
    public async Task Every_operation_and_page_answers_each_principal_as_the_matrix_says()
    {
        var subjects = await ApiSubjects.PrepareAsync(_factory);
        var api = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { [Anonymous] = Client(null) };
        var pages = new Dictionary<string, HttpClient>(StringComparer.Ordinal) { [Anonymous] = _factory.Browser() };
        foreach (var role in Roles.All)
        {
            api[role] = await _factory.ApiClientAsync("matrix-api-" + role.ToLowerInvariant(), role);
            var user = await _factory.CreateUserAsync("matrix-page-" + role.ToLowerInvariant(), role);
            pages[role] = await _factory.Browser().SignInAsync(user.UserName, user.Password);
        }
        api[VendorToken] = Client(subjects.VendorTokenSecret);
        pages[VendorToken] = _factory.Browser();
        pages[VendorToken].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", subjects.VendorTokenSecret);

        var observed = new List<(string Request, string[] Answers)>();
        foreach (var (method, path) in await OperationsAsync())
        {
            var answers = new string[Principals.Length];
            for (var i = 0; i < Principals.Length; i++)
                answers[i] = ((int)(await api[Principals[i]].SendAsync(Request(method, subjects.Resolve(path)))).StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            observed.Add(($"{method} {path}", answers));
        }
        foreach (var route in PageRoutes())
        {
            var answers = new string[Principals.Length];
            for (var i = 0; i < Principals.Length; i++)
                answers[i] = PageAnswer(await pages[Principals[i]].GetAsync(subjects.Resolve(route)));
            observed.Add(($"PAGE {route}", answers));
        }

        var expected = ReadTable();
        var missing = observed.Where(o => !expected.ContainsKey(o.Request)).Select(o => Row(o.Request, o.Answers)).ToList();
        var differing = observed.Where(o => expected.TryGetValue(o.Request, out var e) && !e.SequenceEqual(o.Answers))
            .Select(o => $"{Row(o.Request, o.Answers)}   (the table says {Row(o.Request, expected[o.Request])})").ToList();
        var stale = expected.Keys.Except(observed.Select(o => o.Request), StringComparer.Ordinal).ToList();
        var report = new StringBuilder();
        if (missing.Count > 0)
            report.AppendLine($"Rows missing from {TableFile} (as answered now; check each answer against the policy, then paste):").AppendJoin('\n', missing).AppendLine();
        if (differing.Count > 0)
            report.AppendLine("Answers that differ from the table (answered now, then the table's row):").AppendJoin('\n', differing).AppendLine();
        if (stale.Count > 0)
            report.AppendLine("Rows in the table for requests that no longer exist:").AppendJoin('\n', stale).AppendLine();
        Assert.True(report.Length == 0, report.ToString());
    }

    private HttpClient Client(string? bearer)
    {
        var client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>A write carries an empty JSON object: the answer shows whether authorisation let it reach its validation.</summary>
    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = WriteMethods.Contains(method) ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };

    private static string PageAnswer(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is not (301 or 302 or 303))
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var location = response.Headers.Location?.OriginalString ?? "";
        if (location.Contains("/account/login", StringComparison.OrdinalIgnoreCase))
            return "302 login";
        if (location.Contains("/account/access-denied", StringComparison.OrdinalIgnoreCase))
            return "302 denied";
        return "302 " + System.Text.RegularExpressions.Regex.Replace(location.Split('?')[0], "[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", "{id}");
    }

    private async Task<List<(string Method, string Path)>> OperationsAsync()
    {
        var document = await (await _factory.CreateClient().GetAsync("/openapi/v1.json")).ReadJsonAsync();
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Method: operation.Name.ToUpperInvariant(), Path: path.Name)))
            .OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>Every Razor page's route, its parameters' constraints left out ({id:guid?} is {id}).</summary>
    private List<string> PageRoutes() =>
        _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => "/" + string.Join('/', e.RoutePattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                _ => "",
            })))))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string Row(string request, IEnumerable<string> answers) => $"| {request} | {string.Join(" | ", answers)} |";

    private static Dictionary<string, string[]> ReadTable()
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var headerSeen = false;
        foreach (var line in File.ReadLines(Path.Combine(SlaGovernance.Tests.TestEnvironment.RepositoryRoot(), "tests", "SlaGovernance.Web.Tests", TableFile)))
        {
            if (!line.StartsWith('|') || line.StartsWith("|---", StringComparison.Ordinal))
                continue;
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (cells[0] == "request")
            {
                Assert.Equal(Principals, cells[1..]);
                headerSeen = true;
                continue;
            }
            Assert.True(cells.Length == Principals.Length + 1, $"{TableFile}: the row '{line}' has {cells.Length - 1} answers, not {Principals.Length}.");
            Assert.True(rows.TryAdd(cells[0], cells[1..]), $"{TableFile}: '{cells[0]}' has two rows.");
        }
        Assert.True(headerSeen, $"{TableFile} has no header row | request | {string.Join(" | ", Principals)} |.");
        return rows;
    }
}
