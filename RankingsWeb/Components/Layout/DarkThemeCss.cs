using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace RankingsWeb.Components.Layout;

/// <summary>
/// The dark palette's CSS variables under <c>:root.rw-dark</c>, rendered once from MudBlazor's own theme provider.
/// The layout's <see cref="MudThemeProvider"/> writes the light palette to <c>:root</c>; the browser adds the class
/// (wwwroot/js/theme.js), so one cached HTML serves both themes and MudBlazor's colours still come from one theme.
/// </summary>
public sealed class DarkThemeCss(IServiceScopeFactory scopes, ILoggerFactory logs)
{
    private readonly Lazy<Task<MarkupString>> _style = new(() => RenderAsync(scopes, logs));

    public Task<MarkupString> StyleAsync() => _style.Value;

    private static async Task<MarkupString> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory logs)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, logs);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = RankingsTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = true,
            });
            return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
        });
        // Only the palette: the rest of the provider's output (typography, z-index, layout) is the same in both themes.
        return new MarkupString(html.Replace(":root", ":root.rw-dark", StringComparison.Ordinal));
    }
}
