namespace RankingsWeb.Cli;

/// <summary><c>import FILE…</c>, <c>refold --from D --to D</c>, <c>retention</c> and <c>bench [--records N]</c>, run instead of the web server.</summary>
public static class CommandLine
{
    public static bool IsCommand(string arg) => arg is "import" or "refold" or "retention" or "bench";

    public static Task<int> RunAsync(string[] args) => args[0] switch
    {
        "import" => ImportCommand.RunAsync(args[1..]),
        "refold" => RefoldCommand.RunAsync(args[1..]),
        "retention" => RetentionCommand.RunAsync(args[1..]),
        _ => BenchCommand.RunAsync(args[1..]),
    };

    /// <summary>Splits "--key value" / "--key=value" options from plain arguments.</summary>
    public static (List<string> Positional, Dictionary<string, string> Options) Split(string[] args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(a);
                continue;
            }
            var eq = a.IndexOf('=');
            if (eq > 0) options[a[2..eq]] = a[(eq + 1)..];
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) options[a[2..]] = args[++i];
            else options[a[2..]] = "true";
        }
        return (positional, options);
    }
}
