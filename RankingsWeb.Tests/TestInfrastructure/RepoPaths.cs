namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>Files of the repository itself (deploy/, docs/), found from the test's bin folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "RankingsWeb.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("RankingsWeb.sln not found above " + AppContext.BaseDirectory);
    }
}
