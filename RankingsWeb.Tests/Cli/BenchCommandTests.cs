using RankingsWeb.Tests.TestInfrastructure;

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
            var (code, output, error) = await AppCommand.RunAsync(new Dictionary<string, string?>(), "bench", "--records", "3000", "--warmup", "0", "--days", "3", "--queries", "110", "--dir", dir);
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
}
