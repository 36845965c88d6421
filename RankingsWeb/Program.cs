using RankingsWeb;
using RankingsWeb.Cli;

if (args.Length > 0 && CommandLine.IsCommand(args[0]))
    return await CommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
builder.AddRankingsWeb();

var app = builder.Build();
await app.PrepareRankingsAsync();
app.MapRankingsWeb();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
