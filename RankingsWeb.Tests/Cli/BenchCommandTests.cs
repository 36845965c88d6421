using System.Diagnostics;

namespace RankingsWeb.Tests.Cli;

/// <summary>
/// <c>bench</c> as the README runs it: the built app as another process, in Production, to its end. It used to print
/// its ingest figures and then die of a 429 in the query timings, whose one client outran the default rate limits.
/// </summary>
public class BenchCommandTests
{
    [Fact]
    public async Task Bench_RunsToTheEnd_WithMoreQueriesThanTheDefaultBurst()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rw-bench-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            // 10 query shapes × 110 = 1,100 requests from one address, past the default burst of 1,000.
            var (code, output, error) = await RunAsync("bench", "--records", "3000", "--warmup", "0", "--days", "3", "--queries", "110", "--dir", dir);
            Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
            Assert.Matches(@"ingest: [\d,]+ accepted, 0 rejected", output); // the generator makes about as many as asked
            Assert.Contains("rankings answer over HTTP: median", output);
            Assert.Contains("(1100 requests, 10 shapes)", output);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RankingsWeb.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
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
