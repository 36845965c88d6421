namespace RankingsWeb.Components.Shared;

/// <summary>Cascaded from the layout so charts can follow the light or dark theme.</summary>
public sealed record ThemeState(bool Dark);
