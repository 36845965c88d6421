using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Cli;

/// <summary>
/// <c>refold --from YYYY-MM-DD --to YYYY-MM-DD</c>: rebuilds the rollups of those record days (both included) from the
/// raw records still kept, for instance after a derivation rule was fixed. Safe while the site ingests and folds, and
/// idempotent; a range older than <c>Rankings:RawRetentionDays</c> allows is refused before anything changes.
/// </summary>
public static class RefoldCommand
{
    private const string Usage = "usage: dotnet run --project RankingsWeb -- refold --from YYYY-MM-DD --to YYYY-MM-DD [--ConnectionStrings:Rankings \"…\"]";

    public static async Task<int> RunAsync(string[] args)
    {
        var (positional, options) = CommandLine.Split(args);
        if (positional.Count > 0 || !options.Remove("from", out var fromText) || !options.Remove("to", out var toText))
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        if (!Days.TryParse(fromText, out var from) || !Days.TryParse(toText, out var to))
        {
            Console.Error.WriteLine($"--from and --to are dates, YYYY-MM-DD (got '{fromText}' and '{toText}').");
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using var host = await CliHost.StartAsync(options);
        if (host is null) return 1;
        try
        {
            var result = await host.Services.GetRequiredService<IRefolder>().RefoldAsync(from, to, CancellationToken.None);
            Console.WriteLine(Describe(result));
            return 0;
        }
        catch (RefoldRangeException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    public static string Describe(RefoldResult r) =>
        $"re-folded {Days.Format(r.FromDay)} to {Days.Format(r.ToDay)} from {r.Records:N0} raw records in {r.Elapsed.TotalSeconds:F1} s" +
        (r.RefusedInputs > 0 ? $"; {r.RefusedInputs:N0} of them kept their stored keys (the current derivation rules refuse their inputs)" : "");
}
