using RankingsWeb;
using RankingsWeb.Cli;

if (args.Length > 0 && CommandLine.IsCommand(args[0]))
    return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = PublishedContentRoot(args) });
try
{
    builder.AddRankingsWeb();
}
catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
{
    // A setting read while the services are put together ("lots" for a number): there is no logger yet, so one line
    // in the console logger's shape, naming the key, the value and the type it needed.
    Console.Error.WriteLine($"crit: RankingsWeb[0]{Environment.NewLine}      Cannot start: {e.Message}");
    return 1;
}

var app = builder.Build();
if (!await app.PrepareRankingsAsync()) return 1;
app.MapRankingsWeb();
try
{
    await app.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    // Options checked on start (ValidateOnStart) that start-up had not read yet.
    app.LogBadSettings(e);
    return 1;
}
return 0;

// A published app started from another folder (`dotnet /srv/rankings/RankingsWeb.dll` under systemd, say) would take
// that folder as its content root: no appsettings.json, and every static asset an empty 200. Its wwwroot is beside the
// dll, so use that folder. `dotnet run` (the project folder holds wwwroot) and `--contentRoot` are left as they are.
static string? PublishedContentRoot(string[] argv)
{
    if (argv.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))) return null;
    if (Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 }) return null;
    if (Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot"))) return null;
    return Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;
}

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
