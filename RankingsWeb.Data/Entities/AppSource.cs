namespace RankingsWeb.Data.Entities;

/// <summary>How a record's app key was derived.</summary>
public enum AppSource : byte
{
    None = 0,
    Url = 1,
    Title = 2,
}
