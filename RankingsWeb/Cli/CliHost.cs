using RankingsWeb.Data;

namespace RankingsWeb.Cli;

/// <summary>
/// The container a command runs in instead of the web server: the data services only, configured like the server
/// (appsettings, environment, then <c>--Key value</c> options), on a migrated database, logging warnings and worse.
/// </summary>
internal static class CliHost
{
    /// <summary>Null when the database cannot be used (the reason was printed): the command exits 1.</summary>
    public static async Task<IHost?> StartAsync(Dictionary<string, string> options)
    {
        var builder = Host.CreateApplicationBuilder(options.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRankingsData(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.Services.MigrateRankingsDatabaseAsync();
            return host;
        }
        catch (UnknownSchemaException e)
        {
            Console.Error.WriteLine(e.Message);
            host.Dispose();
            return null;
        }
    }
}
