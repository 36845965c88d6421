using System.Diagnostics;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>A command of the built app (<c>refold</c>, <c>bench</c>, …) run as an operator runs it: another process, in Production.</summary>
public static class AppCommand
{
    /// <summary>Runs <c>dotnet RankingsWeb.dll ARGS</c> to its end (killed after 3 minutes), with these variables set.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RankingsWeb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // not left running after the test gave up on it
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
