using Microsoft.Extensions.Options;
using RankingsWeb.Data;

namespace RankingsWeb.Cli;

/// <summary>
/// The container a command runs in instead of the web server: the data services only, configured like the server
/// (appsettings, environment, then <c>--Key value</c> options), on a migrated database, logging warnings and worse.
/// </summary>
internal static class CliHost
{
    /// <summary>
    /// The data services, and every setting the web host reads known as a setting: a command is run with the site's
    /// configuration, and must not stop on a key only the web host reads.
    /// </summary>
    internal static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddRankingsData(configuration);
        services.AddWebKnownSettings();
    }

    /// <summary>Null when the database or the settings cannot be used (the reason was printed): the command exits 1.</summary>
    public static async Task<IHost?> StartAsync(Dictionary<string, string> options)
    {
        var builder = Host.CreateApplicationBuilder(options.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        AddServices(builder.Services, builder.Configuration);
        var host = builder.Build();
        try
        {
            // The settings' checks first, as the web host's start runs them (options are otherwise checked when first read,
            // in the middle of the command).
            _ = host.Services.GetRequiredService<IOptions<RankingsOptions>>().Value;
            await host.Services.MigrateRankingsDatabaseAsync();
            return host;
        }
        catch (UnknownSchemaException e)
        {
            Console.Error.WriteLine(e.Message);
            host.Dispose();
            return null;
        }
        catch (OptionsValidationException e)
        {
            // A setting the site would refuse too (a typo, a value out of range): said plainly, not as a crash.
            foreach (var failure in e.Failures) Console.Error.WriteLine(failure);
            host.Dispose();
            return null;
        }
    }
}
