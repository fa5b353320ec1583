using System.Text.Json;

namespace SlaGovernance.Web.Tests;

/// <summary>The OpenAPI document of the real host, walked operation by operation: a client generated from it knows every answer.</summary>
public sealed class OpenApiDocumentTests : IClassFixture<SlaGovernanceFactory>
{
    /// <summary>
    /// The operations of Features/Agreements/AgreementsApi.cs, whose handlers still answer an untyped IResult. Delete this list when
    /// they are typed: every test below then holds for them too.
    /// </summary>
    private static readonly string[] WriteMethods = ["post", "put", "patch", "delete"];

    private readonly SlaGovernanceFactory _factory;

    public OpenApiDocumentTests(SlaGovernanceFactory factory) => _factory = factory;

    private sealed record Operation(string Id, string Method, string Path, JsonElement Element)
    {
        public override string ToString() => $"{Id} ({Method.ToUpperInvariant()} {Path})";

        public IEnumerable<(string Status, JsonElement Response)> Responses =>
            Element.TryGetProperty("responses", out var responses) ? responses.EnumerateObject().Select(r => (r.Name, r.Value)) : [];

        public static IEnumerable<string> MediaTypes(JsonElement response) =>
            response.TryGetProperty("content", out var content) ? content.EnumerateObject().Select(m => m.Name) : [];
    }

    private async Task<JsonElement> DocumentAsync()
    {
        var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return await response.ReadJsonAsync();
    }

    private async Task<List<Operation>> OperationsAsync()
    {
        var operations = new List<Operation>();
        foreach (var path in (await DocumentAsync()).GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject())
                operations.Add(new Operation(operation.Value.GetProperty("operationId").GetString()!, operation.Name, path.Name, operation.Value));
        return operations;
    }

    [Fact]
    public async Task Every_operation_states_its_success_with_a_schema_or_as_a_file_of_a_media_type()
    {
        var faults = new List<string>();
        foreach (var operation in await OperationsAsync())
        {
            var successes = operation.Responses.Where(r => r.Status.StartsWith('2')).ToList();
            if (successes.Count == 0)
                faults.Add($"{operation} states no success");
            foreach (var (status, response) in successes)
            {
                var mediaTypes = Operation.MediaTypes(response).ToList();
                if (status == "204")
                {
                    if (mediaTypes.Count > 0)
                        faults.Add($"{operation} states a body for 204 No Content");
                    continue;
                }
                if (mediaTypes.Count == 0)
                    faults.Add($"{operation} states {status} without a body");
                // Any other media type is a file download, which is stated by its media type.
                if (mediaTypes.Contains("application/json")
                    && !(response.GetProperty("content").GetProperty("application/json").TryGetProperty("schema", out var schema)
                         && schema.EnumerateObject().Any()))
                    faults.Add($"{operation} states {status} application/json without a schema");
            }
        }
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    [Fact]
    public async Task Every_write_operation_states_400_as_problem_json()
    {
        var faults = (await OperationsAsync())
            .Where(o => WriteMethods.Contains(o.Method))
            .Where(o => !o.Responses.Any(r => r.Status == "400" && Operation.MediaTypes(r.Response).Contains("application/problem+json")))
            .Select(o => $"{o} states no 400 application/problem+json")
            .ToList();
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    [Fact]
    public async Task Every_201_states_the_location_of_what_was_created()
    {
        var operations = await OperationsAsync();
        var created = operations.SelectMany(o => o.Responses.Where(r => r.Status == "201").Select(r => (Operation: o, r.Response))).ToList();
        Assert.Contains(created, c => c.Operation.Id == "CreateVendor");
        var faults = created.Where(c => !(c.Response.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Location", out _)))
            .Select(c => $"{c.Operation} states 201 without a Location header")
            .ToList();
        Assert.True(faults.Count == 0, string.Join("\n", faults));
    }

    [Fact]
    public async Task Errors_a_handler_answers_are_stated_as_problem_json()
    {
        var operations = (await OperationsAsync()).ToDictionary(o => o.Id);

        string[] Problems(string id) => operations[id].Responses
            .Where(r => r.Status[0] is '4' && Operation.MediaTypes(r.Response).Contains("application/problem+json"))
            .Select(r => r.Status).Order().ToArray();

        Assert.Equal(["400", "401", "403", "404", "412", "428"], Problems("UpdateVendor"));
        Assert.Equal(["400", "401", "403", "404", "409"], Problems("PublishClauseVersion"));
        Assert.Equal(["400", "401", "403", "404", "413", "415", "429"], Problems("UploadRawData"));
        Assert.Equal(["400", "401", "403", "404", "409"], Problems("CompleteTask"));
        Assert.Equal(["404"], Problems("CalendarFeed"));
        Assert.Contains(operations["ListMyTasks"].Responses, r => r.Status == "304");
    }

    [Theory]
    [InlineData("VendorRequest", "name,riskTier")]
    [InlineData("ComputeReportRequest", "period")]
    [InlineData("TerminationRequest", "effectiveOn,reason")]
    [InlineData("IssueTokenRequest", "name")]
    [InlineData("ReassignTaskRequest", "")]
    [InlineData("CompleteTaskRequest", "outcome")]
    [InlineData("StartWorkflowRequest", "subjectId")]
    [InlineData("UpdateUserRequest", "displayName,timeZone")]
    [InlineData("BudgetCalendarRequest", "defaultLeadTimeDays,fiscalYearStartDay,fiscalYearStartMonth,milestones,timeZone")]
    [InlineData("EvaluationRequest", "currency,period,slos,timeZone")]
    [InlineData("EvaluationPeriod", "")]
    public async Task A_request_body_requires_the_fields_its_handler_refuses_when_absent_and_no_others(string schema, string required)
    {
        var element = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty(schema);
        string[] stated = element.TryGetProperty("required", out var list) ? [.. list.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)] : [];
        Assert.Equal(required.Split(',', StringSplitOptions.RemoveEmptyEntries), stated);
    }
}
