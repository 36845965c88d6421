using System.Text.Json;
using Hangfire;
using MudBlazor.Services;
using RankingsWeb.Api;
using RankingsWeb.Components;
using RankingsWeb.Data;
using RankingsWeb.Data.Demo;
using RankingsWeb.Jobs;

namespace RankingsWeb;

public static class WebApplicationExtensions
{
    public static WebApplicationBuilder AddRankingsWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRankingsData(builder.Configuration);
        builder.Services.AddRankingsJobs(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        return builder;
    }

    /// <summary>Migrates the schema, then seeds demo data on an empty database (when enabled).</summary>
    public static async Task PrepareRankingsAsync(this WebApplication app)
    {
        await app.Services.MigrateRankingsDatabaseAsync();
        await app.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync();
        app.Services.StartRankingsJobs();
    }

    public static WebApplication MapRankingsWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapRankingsApi();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new SignedInDashboardFilter()],
            AppPath = "/",
            DashboardTitle = "RankingsWeb jobs",
        });
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
