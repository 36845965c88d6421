using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Security;

/// <summary>HSTS and HTTPS redirection are for Production behind TLS; a plain-HTTP run must keep working.</summary>
public class ProductionTransportTests : IClassFixture<ProductionTransportTests.ProductionApp>
{
    public sealed class ProductionApp : RankingsAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    private readonly ProductionApp _app;

    public ProductionTransportTests(ProductionApp app) => _app = app;

    private HttpClient Client(string baseAddress) =>
        _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

    [Fact]
    public async Task Https_SendsHsts()
    {
        using var response = await Client("https://rankings.example/").GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task PlainHttp_NoHttpsPortKnown_AnswersWithoutRedirectOrHsts()
    {
        using var client = Client("http://rankings.example/");
        foreach (var path in new[] { "/api/v1/status", "/account/login" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        }
    }

    [Fact]
    public async Task PlainHttp_HttpsPortConfigured_RedirectsToHttps()
    {
        // Behind a TLS proxy the https port is configured (HTTPS_PORT / https_port); a plain-http visitor is sent there.
        await using var app = new ProductionApp();
        app.Settings["https_port"] = "443";
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://rankings.example/"), AllowAutoRedirect = false });
        using var response = await client.GetAsync("/api/v1/status");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://rankings.example/api/v1/status", response.Headers.Location!.ToString());
    }
}
