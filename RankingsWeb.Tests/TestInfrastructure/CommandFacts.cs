namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>A test that needs a system tool (systemd-analyze, say): skipped, with the reason, where it is not installed.</summary>
public sealed class CommandFactAttribute : FactAttribute
{
    public CommandFactAttribute(string command)
    {
        if (Commands.Find(command) is null) Skip = $"{command} is not installed here";
    }
}

public static class Commands
{
    /// <summary>The full path of <paramref name="command"/> on PATH, or null.</summary>
    public static string? Find(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, command))
        .FirstOrDefault(File.Exists);
}
