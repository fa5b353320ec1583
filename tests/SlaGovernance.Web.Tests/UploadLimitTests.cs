using System.Net;

namespace SlaGovernance.Web.Tests;

/// <summary>An endpoint that takes a document declares a body limit of its own (Security:MaxUploadBytes) above the API's 1 MB.</summary>
public sealed class UploadLimitTests : IClassFixture<UploadLimitTests.SmallUploadFactory>
{
    /// <summary>A host whose document limit is small enough to exceed in a test.</summary>
    public sealed class SmallUploadFactory : SlaGovernanceFactory
    {
        public SmallUploadFactory() => Settings["Security:MaxUploadBytes"] = "2000000";
    }

    private readonly SmallUploadFactory _factory;

    public UploadLimitTests(SmallUploadFactory factory) => _factory = factory;

    private static MultipartFormDataContent Document(int bytes, string fileName) =>
        new() { { new ByteArrayContent(new byte[bytes]), "file", fileName } };

    [Fact]
    public async Task A_document_larger_than_the_api_limit_but_within_its_own_reaches_its_endpoint()
    {
        var admin = await _factory.AdminApiAsync();

        var template = await admin.PutAsync("/api/v1/organisation/contract-template", Document(1_500_000, "large.docx"));
        Assert.Equal(HttpStatusCode.BadRequest, template.StatusCode);
        Assert.Contains("file", (await template.ProblemErrorsAsync()).Keys);

        var signature = await admin.PostAsync($"/api/v1/agreements/{Guid.NewGuid()}/signature", Document(1_500_000, "signed.pdf"));
        Assert.Equal(HttpStatusCode.NotFound, signature.StatusCode);

        var import = await admin.PostAsync("/api/v1/agreements/import", Document(1_500_000, "signed.pdf"));
        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("content", (await import.ProblemErrorsAsync()).Keys);
    }

    [Fact]
    public async Task A_document_over_its_own_limit_is_refused_with_413_before_it_is_read()
    {
        var admin = await _factory.AdminApiAsync();
        var response = await admin.PutAsync("/api/v1/organisation/contract-template", Document(2_500_000, "huge.docx"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("at most 2000000 bytes", (await response.ReadJsonAsync()).GetProperty("detail").GetString());
    }
}
