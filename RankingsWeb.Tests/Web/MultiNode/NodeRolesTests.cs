using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.MultiNode;

/// <summary>Rankings:NodeRoles says what a node does; Rankings:Roles, its old name, still works the same.</summary>
public class NodeRolesTests
{
    private static RankingsOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        // Both ways the product reads the section: Get<T>() while registering services, IOptions<T> afterwards.
        var direct = configuration.GetSection(RankingsOptions.Section).Get<RankingsOptions>() ?? new RankingsOptions();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<RankingsOptions>().BindConfiguration(RankingsOptions.Section);
        var bound = services.BuildServiceProvider().GetRequiredService<IOptions<RankingsOptions>>().Value;
        Assert.Equal(direct.ActiveNodeRoles, bound.ActiveNodeRoles);
        Assert.Equal(direct.UsesDeprecatedRolesKey, bound.UsesDeprecatedRolesKey);
        return bound;
    }

    [Fact]
    public void NodeRoles_Unset_AllThree()
    {
        var options = Bind();
        Assert.Equal("web,ingest,worker", options.ActiveNodeRoles);
        Assert.True(options.HasRole("web") && options.HasRole("ingest") && options.HasRole("worker"));
        Assert.False(options.UsesDeprecatedRolesKey);
    }

    [Theory]
    [InlineData("Rankings:NodeRoles", false)]
    [InlineData("Rankings:Roles", true)]
    public void NodeRoles_EitherKey_SameRoles(string key, bool deprecated)
    {
        var options = Bind((key, "web, Ingest"));
        Assert.Equal("web, Ingest", options.ActiveNodeRoles);
        Assert.True(options.HasRole("web"));
        Assert.True(options.HasRole("ingest"));
        Assert.False(options.HasRole("worker"));
        Assert.Equal(deprecated, options.UsesDeprecatedRolesKey);
    }

    [Fact]
    public void NodeRoles_BothKeys_NewKeyWins()
    {
        var options = Bind(("Rankings:Roles", "web"), ("Rankings:NodeRoles", "worker"));
        Assert.Equal("worker", options.ActiveNodeRoles);
        Assert.False(options.HasRole("web"));
    }

    [Theory]
    [InlineData("Rankings:NodeRoles", "web", 404, 200)]
    [InlineData("Rankings:Roles", "web", 404, 200)]
    [InlineData("Rankings:NodeRoles", "ingest,worker", 202, 404)]
    [InlineData("Rankings:Roles", "ingest,worker", 202, 404)]
    public async Task Node_EitherKey_ServesTheSameEndpoints(string key, string roles, int ingestStatus, int readStatus)
    {
        await using var app = new RankingsAppFactory();
        app.Settings[key] = roles;
        using var client = app.IngestClient();
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        await client.PostNdjsonAsync(TestRecord.Ndjson([new TestRecord("roles-1", at, "a/b", 10, 5)]), ingestStatus);
        using var read = await client.GetAsync("/api/v1/rankings/models");
        Assert.Equal(readStatus, (int)read.StatusCode);
    }
}
