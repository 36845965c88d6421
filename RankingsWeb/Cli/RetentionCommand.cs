using RankingsWeb.Data.Retention;

namespace RankingsWeb.Cli;

/// <summary>
/// <c>retention</c>: one retention run now (the worker runs it every hour): drops raw records older than
/// <c>Rankings:RawRetentionDays</c> and ids older than <c>Rankings:DedupDays</c>, and makes the partitions ahead.
/// </summary>
public static class RetentionCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (positional, options) = CommandLine.Split(args);
        if (positional.Count > 0)
        {
            Console.Error.WriteLine("usage: dotnet run --project RankingsWeb -- retention [--ConnectionStrings:Rankings \"…\"]");
            return 2;
        }
        using var host = await CliHost.StartAsync(options);
        if (host is null) return 1;
        var result = await host.Services.GetRequiredService<IRawRetention>().RunAsync(CancellationToken.None);
        Console.WriteLine(result.Describe());
        return 0;
    }
}
