using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Operations;

/// <summary>A bad value or a misspelt key under Rankings: stops start-up with a message naming the key.</summary>
public class ConfigurationValidationTests
{
    private static string StartFailure(params (string Key, string Value)[] settings)
    {
        using var app = new RankingsAppFactory();
        foreach (var (k, v) in settings) app.Settings[k] = v;
        // Start-up stops: one critical line per failure and no stack trace (the entry point returns before the server starts).
        // A value of the wrong type is found while the services are put together, before there is a logger: Program
        // writes its one line itself, and here the exception carries it.
        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var lines = app.CriticalLines.ToList();
        Assert.All(lines, l => Assert.StartsWith("Cannot start: ", l));
        return lines.Count > 0 ? string.Join("\n", lines) : e.Message;
    }

    [Fact]
    public void Start_MisspeltKey_FailsNamingItAndTheClosestKnownKey()
    {
        var message = StartFailure(("Rankings:IngestApiKy", "secret"));
        Assert.Contains("Rankings:IngestApiKy is not a setting of RankingsWeb", message);
        Assert.Contains("Did you mean Rankings:IngestApiKey?", message);
    }

    [Fact]
    public void Start_MisspeltNestedKey_FailsNamingIt()
    {
        var message = StartFailure(("Rankings:RateLimits:PermitsPerMinut", "5"));
        Assert.Contains("Rankings:RateLimits:PermitsPerMinut is not a setting", message);
        Assert.Contains("Did you mean Rankings:RateLimits:PermitsPerMinute?", message);
    }

    [Theory]
    [InlineData("Rankings:MaxIngestBytes", "0")]
    [InlineData("Rankings:FoldSafetyNetSeconds", "600")]
    [InlineData("Rankings:MaxFoldLagSeconds", "-1")]
    [InlineData("Rankings:SignInAttemptsPerMinute", "0")]
    [InlineData("Rankings:RateLimits:PermitsPerMinute", "-5")]
    [InlineData("Rankings:RawRetentionDays", "1")]
    public void Start_ValueOutOfRange_FailsNamingTheKeyAndValue(string key, string value)
    {
        var message = StartFailure((key, value));
        Assert.Contains($"The field {key} must be between", message);
        Assert.Contains($"(got '{value}')", message);
    }

    [Fact]
    public void Start_IdsKeptShorterThanRecords_FailsNamingBothKeys()
    {
        Assert.Contains("Rankings:DedupDays (10) must not be less than Rankings:RawRetentionDays (35)", StartFailure(("Rankings:DedupDays", "10")));
    }

    [Fact]
    public void Start_UnknownJobStorage_FailsNamingTheKey()
    {
        Assert.Contains("Rankings:JobStorage must be Sqlite, Postgres, Database or InMemory (got 'Redis')", StartFailure(("Rankings:JobStorage", "Redis")));
    }

    /// <summary>
    /// Found while the services are put together, before there is a logger: the real process writes one line naming the
    /// key, the value and the type, and exits with 1 (in-process, the test host only sees the entry point return).
    /// </summary>
    [SqliteFact]
    public async Task Start_ValueOfTheWrongType_OneLineNamingTheKey()
    {
        var db = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        await using var node = NodeProcess.StartSqlite("wrong-type", AppContext.BaseDirectory, db,
            new Dictionary<string, string> { ["Rankings__MaxIngestBytes"] = "lots" });
        Assert.Equal(1, await node.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Cannot start: Failed to convert configuration value 'lots' at 'Rankings:MaxIngestBytes' to type 'System.Int64'.", node.RecentLog);
        Assert.DoesNotContain("   at ", node.RecentLog); // no stack trace
    }

    [Fact]
    public async Task Start_DeprecatedRolesKeyAndListSettings_AreAccepted()
    {
        using var app = new RankingsAppFactory();
        app.Settings["Rankings:Roles"] = "web,ingest,worker";
        app.Settings["Rankings:ForwardedHeaders:KnownProxies:0"] = "10.0.0.1";
        app.Settings["Rankings:ForwardedHeaders:KnownNetworks"] = "10.1.0.0/16";
        using var client = app.CreateClient();
        await client.GetJsonAsync("/api/v1/status");
    }

    [Fact]
    public void UnknownKeys_InTheDataLayerAlone_AreCheckedToo()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rankings:SeedDemoDta"] = "false" }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config);
        services.AddRankingsData(config);
        using var sp = services.BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<RankingsOptions>>().Value);
        Assert.Contains("Rankings:SeedDemoDta is not a setting of RankingsWeb. Did you mean Rankings:SeedDemoData?", e.Message);
    }
}
