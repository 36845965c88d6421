using MudBlazor;

namespace RankingsWeb.Components.Layout;

/// <summary>
/// The site's palettes. MudBlazor's defaults fail WCAG AA contrast where the site leans on them: its dark-mode
/// primary (links) is 2.8:1 on the dark surface and its light success green (rising change) 2.2:1 on white.
/// </summary>
public static class RankingsTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Success = "#1b7a3a",
            Error = "#c62828",
            Info = "#0b6aa8",
            TextSecondary = "rgba(0,0,0,0.68)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fb3ff",
            PrimaryContrastText = "#10142b",
            Success = "#5fd38d",
            Error = "#ff8a80",
            Info = "#7cc4ff",
            TextSecondary = "rgba(255,255,255,0.74)",
        },
    };
}
