using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Api.Docs;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Operations;

/// <summary>/openapi/v1.json against the routes the app maps, the domains it states, the /api page, and problem details on every API error.</summary>
public class OpenApiDocumentTests : IClassFixture<OpenApiDocumentTests.App>
{
    public sealed class App : RankingsAppFactory;

    private readonly App _app;

    public OpenApiDocumentTests(App app) => _app = app;

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = _app.CreateClient();
        return await client.GetJsonAsync(OpenApiSetup.DocumentPath);
    }

    private static JsonElement Operation(JsonElement doc, string method, string path) =>
        doc.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant());

    private static JsonElement Parameter(JsonElement operation, string name) =>
        operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Document_ListsExactlyTheMappedApiRoutes()
    {
        var doc = await DocumentAsync();
        Assert.StartsWith("3.1", doc.GetProperty("openapi").GetString());
        var documented = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order(StringComparer.Ordinal).ToList();
        _ = _app.CreateClient(); // the app is built
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw is "/healthz" or "/readyz"))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {OpenApiSetup.Normalize(e.RoutePattern.RawText!)}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, documented);
        // And the table the page renders is the same set.
        Assert.Equal(mapped, ApiDocs.Operations.Select(o => $"{o.Method} {o.Path}").Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Document_StatesDomainsExamplesAnswersAndSecurity()
    {
        var doc = await DocumentAsync();
        var rankings = Operation(doc, "GET", "/api/v1/rankings/{dimension}");
        Assert.Equal(Dimensions.All.Select(d => d.Slug), Parameter(rankings, "dimension").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        var limit = Parameter(rankings, "limit").GetProperty("schema");
        Assert.Equal(1, limit.GetProperty("minimum").GetInt32());
        Assert.Equal(1000, limit.GetProperty("maximum").GetInt32());
        Assert.Equal(20, limit.GetProperty("default").GetInt32());
        Assert.Equal(WindowSpec.Periods, Parameter(rankings, "period").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        foreach (var filter in Dimensions.Folded.Select(d => d.FilterName)) Parameter(rankings, filter);
        Assert.Equal(["separate"], Parameter(rankings, "variants").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("2026-11-01", Parameter(rankings, "from").GetProperty("example").GetString());
        var ok = rankings.GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(123, ok.GetProperty("application/json").GetProperty("example").GetProperty("total_tokens").GetInt32());
        Assert.True(ok.GetProperty("application/json").GetProperty("schema").TryGetProperty("properties", out var props) && props.TryGetProperty("total_tokens", out _),
            "the rankings schema names its snake_case fields");
        Assert.True(ok.TryGetProperty("text/csv", out _));
        var problem = rankings.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("properties");
        foreach (var field in new[] { "title", "status", "detail", "error", "trace_id" }) Assert.True(problem.TryGetProperty(field, out _), field);
        Assert.True(rankings.GetProperty("responses").GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));

        var series = Operation(doc, "GET", "/api/v1/series/{dimension}");
        Assert.Equal(ApiDocs.MetricSlugs, Parameter(series, "metric").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["day", "week", "month"], Parameter(series, "interval").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(100, Parameter(series, "top").GetProperty("schema").GetProperty("maximum").GetInt32());

        var schemes = doc.GetProperty("components").GetProperty("securitySchemes");
        foreach (var scheme in new[] { ApiDocs.IngestKey, ApiDocs.AdminKey })
        {
            Assert.Equal("http", schemes.GetProperty(scheme).GetProperty("type").GetString());
            Assert.Equal("bearer", schemes.GetProperty(scheme).GetProperty("scheme").GetString());
        }
        var ingest = Operation(doc, "POST", "/api/v1/usage");
        Assert.True(ingest.GetProperty("security")[0].TryGetProperty(ApiDocs.IngestKey, out _));
        Assert.True(ingest.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/x-ndjson", out _));
        foreach (var status in new[] { "202", "400", "401", "413", "415", "429" }) Assert.True(ingest.GetProperty("responses").TryGetProperty(status, out _), status);
        var admin = Operation(doc, "PUT", "/api/v1/admin/apps/{app}");
        Assert.True(admin.GetProperty("security")[0].TryGetProperty(ApiDocs.AdminKey, out _));
        Assert.Equal("path", Parameter(admin, "app").GetProperty("in").GetString());

        // Every operation says what it is, and every API operation with a parameter or key says how it fails.
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            Assert.False(string.IsNullOrEmpty(op.Value.GetProperty("summary").GetString()), path.Name);
            Assert.False(string.IsNullOrEmpty(op.Value.GetProperty("operationId").GetString()), path.Name);
            var hasInput = op.Value.TryGetProperty("parameters", out var ps) && ps.GetArrayLength() > 0 || op.Value.TryGetProperty("security", out _);
            if (hasInput) Assert.Contains(op.Value.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('4'));
        }
    }

    [Fact]
    public async Task ReferencePage_ShowsEveryOperation_AndTheFooterLinksIt()
    {
        using var client = _app.CreateClient();
        var html = await client.GetStringAsync("/api");
        foreach (var op in ApiDocs.Operations)
        {
            Assert.Contains(System.Net.WebUtility.HtmlEncode(op.Path), html);
            Assert.Contains($"id=\"{op.Id}\"", html);
        }
        Assert.Contains("<code>limit</code>", html);
        Assert.Contains("integer 1–1000", System.Net.WebUtility.HtmlDecode(html));
        var home = await client.GetStringAsync("/");
        Assert.Contains("href=\"/api\"", home);
    }

    public static TheoryData<string, string, string?, string?, int> Errors => new()
    {
        { "GET", "/api/v1/rankings/planets", null, null, 400 },
        { "GET", "/api/v1/rankings/models?limit=0", null, null, 400 },
        { "POST", "/api/v1/usage", null, null, 401 },
        { "POST", "/api/v1/usage", RankingsAppFactory.IngestKey, "text/plain", 415 },
        { "PUT", "/api/v1/admin/apps/example.com", null, null, 401 },
        { "PUT", "/api/v1/admin/apps/example.com", "not-the-admin-key", null, 403 },
        { "GET", "/api/v1/nothing-here", null, null, 404 },
        { "DELETE", "/api/v1/status", null, null, 405 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task ApiErrors_AreProblemDetailsWithAnErrorMessage(string method, string url, string? key, string? contentType, int status)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (key is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, contentType ?? "application/json");
        using var response = await client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(body.GetProperty("error").GetString(), body.GetProperty("detail").GetString());
        // Every field the answer carries is one the document's problem schema names.
        var doc = await DocumentAsync();
        var documented = Operation(doc, "GET", "/api/v1/rankings/{dimension}").GetProperty("responses").GetProperty("400").GetProperty("content")
            .GetProperty("application/problem+json").GetProperty("schema").GetProperty("properties");
        foreach (var field in body.EnumerateObject()) Assert.True(documented.TryGetProperty(field.Name, out _), field.Name);
    }

    [Fact]
    public async Task ApiError_TooLarge_IsProblemDetails()
    {
        using var app = new RankingsAppFactory();
        app.Settings["Rankings:MaxIngestBytes"] = "10";
        using var client = app.IngestClient();
        var body = await client.PostNdjsonAsync(new string('x', 100), expectedStatus: 413);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
        Assert.Contains("Rankings:MaxIngestBytes", body.GetProperty("error").GetString());
    }
}
