using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;

namespace RankingsWeb.Tests.Data;

public class RankingsOptionsTests
{
    private static IConfiguration Config(string? database) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Rankings:Database"] = database }).Build();

    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    [InlineData("sqlite", DatabaseProvider.Sqlite)]
    [InlineData("POSTGRES", DatabaseProvider.Postgres)]
    public void Database_NamesAProvider_CaseInsensitive(string? value, DatabaseProvider expected)
    {
        Assert.Equal(expected, RankingsOptions.DatabaseIn(Config(value)));
        var services = new ServiceCollection().AddSingleton(Config(value));
        services.AddOptions<RankingsOptions>().BindConfiguration(RankingsOptions.Section);
        using var sp = services.BuildServiceProvider();
        Assert.Equal(expected, sp.GetRequiredService<IOptions<RankingsOptions>>().Value.Database);
    }

    [Theory]
    [InlineData("MySql")]
    [InlineData("1")]
    [InlineData("Sqlite,Postgres")]
    public void Database_NotAProvider_FailsWithOneClearMessage(string value)
    {
        var e = Assert.Throws<OptionsValidationException>(() => new ServiceCollection().AddRankingsData(Config(value)));
        Assert.Equal($"Rankings:Database must be Sqlite or Postgres (got '{value}').", e.Message);
    }

    [Fact]
    public void Validator_UndefinedValue_Fails()
    {
        var result = new RankingsOptions.Validator().Validate(null, new RankingsOptions { Database = (DatabaseProvider)7 });
        Assert.Equal("Rankings:Database must be Sqlite or Postgres (got '7').", result.FailureMessage);
    }
}
