using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Cli;
using RankingsWeb.Data.Configuration;

namespace RankingsWeb.Tests.Cli;

/// <summary>
/// A command (refold, retention) runs with the site's configuration, so it must know every setting the web host knows:
/// before, `refold` in Production with the site's environment stopped on Rankings:AdminEmail as an unknown setting.
/// </summary>
public class CliKnownSettingsTests
{
    private static HashSet<string> KnownKeys(IServiceCollection services) =>
        services.Where(d => d.ServiceType == typeof(KnownSettings) && d.ImplementationInstance is KnownSettings)
            .SelectMany(d => ((KnownSettings)d.ImplementationInstance!).Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void TheCommandsHost_KnowsEverySettingTheWebHostKnows()
    {
        var web = WebApplication.CreateBuilder(["--ConnectionStrings:Rankings=Data Source=cli-known.db"]);
        web.AddRankingsWeb();
        var webKeys = KnownKeys(web.Services);
        Assert.Contains("AdminEmail", webKeys);
        Assert.Contains("RateLimits:PermitsPerMinute", webKeys);

        var cli = new ServiceCollection();
        CliHost.AddServices(cli, new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Rankings"] = "Data Source=cli-known.db",
        }).Build());
        Assert.Empty(webKeys.Except(KnownKeys(cli), StringComparer.OrdinalIgnoreCase));
    }
}
