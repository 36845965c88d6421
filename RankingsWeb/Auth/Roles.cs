namespace RankingsWeb.Auth;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
    public const string AppOwner = "AppOwner";

    public static readonly string[] All = [Admin, Analyst, AppOwner];

    /// <summary>Policy: analysts and admins (the explorer, ingestion health, /hangfire read-only; admins also change jobs).</summary>
    public const string AnalystPolicy = "analysts";
    public const string AdminPolicy = "admins";
}
