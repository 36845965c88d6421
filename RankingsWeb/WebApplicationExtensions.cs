using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using RankingsWeb.Api;
using RankingsWeb.Api.Docs;
using RankingsWeb.Auth;
using RankingsWeb.Caching;
using RankingsWeb.Components;
using RankingsWeb.Data;
using RankingsWeb.Data.Demo;
using RankingsWeb.Health;
using RankingsWeb.Jobs;
using RankingsWeb.Security;
using RankingsWeb.Telemetry;

namespace RankingsWeb;

public static class WebApplicationExtensions
{
    public static WebApplicationBuilder AddRankingsWeb(this WebApplicationBuilder builder)
    {
        // An unpublished build (`dotnet run` or bin/…) keeps the assets of packages and of the framework (MudBlazor's
        // stylesheet, blazor.web.js) where its build manifest says, and ASP.NET Core reads that manifest in Development
        // only: elsewhere each of those assets is a 500 and the site renders unstyled. Read it in every environment;
        // PrepareRankingsAsync says once that this is not how to deploy.
        if (!builder.Environment.IsDevelopment() && IsUnpublishedBuild(builder.Environment))
            builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRankingsData(builder.Configuration);
        builder.Services.AddWebKnownSettings();
        builder.Services.AddRankingsJobs(builder.Configuration);
        builder.Services.AddRankingsAuth();
        builder.Services.AddRankingsSecurity();
        builder.Services.AddRankingsRateLimits(); // after the sign-in throttle (AddRankingsAuth): its rejection handler routes both
        builder.Services.AddRankingsCaching(builder.Configuration);
        builder.Services.AddRankingsHealth();
        builder.Services.AddRankingsOpenApi();
        builder.Services.AddRankingsTelemetry(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddHttpContextAccessor(); // pages set their prerendered status (PageStatus)
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddSingleton<RankingsWeb.Components.Layout.DarkThemeCss>();
        return builder;
    }

    /// <summary>
    /// Checks the catalog, migrates the schema, then seeds demo data on an empty database (when enabled). False, with one critical log
    /// line, when the database was written by a schema this version does not know: the app must not start on it.
    /// </summary>
    public static async Task<bool> PrepareRankingsAsync(this WebApplication app)
    {
        try
        {
            return await PrepareAsync(app);
        }
        catch (OptionsValidationException e)
        {
            LogBadSettings(app, e);
            return false;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key, the value and the type it needed ("lots" for a number).
            app.Logger.LogCritical("Cannot start: {Failure}", e.Message);
            return false;
        }
    }

    /// <summary>A setting that stops start-up: one critical line per failure, naming the key, and no stack trace.</summary>
    public static void LogBadSettings(this WebApplication app, OptionsValidationException e)
    {
        foreach (var failure in e.Failures) app.Logger.LogCritical("Cannot start: {Failure}", failure);
    }

    private static async Task<bool> PrepareAsync(WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && IsUnpublishedBuild(app.Environment))
            app.Logger.LogWarning("This is an unpublished build running as {Environment}: static assets come from the build folders. To deploy, publish it (dotnet publish RankingsWeb -c Release -o <folder>) and run the published folder: see docs/deploy.md",
                app.Environment.EnvironmentName);
        if (app.Services.GetRequiredService<IOptions<RankingsOptions>>().Value.UsesDeprecatedRolesKey)
            app.Logger.LogWarning("Rankings:Roles is deprecated and will be removed: rename it Rankings:NodeRoles (Rankings__NodeRoles in the environment)");
        // Loads the override catalog (Rankings:ModelCatalogPath) now, so a bad file stops start-up with its path and
        // reason instead of failing the first page that names a model.
        app.Services.GetRequiredService<RankingsWeb.Data.Catalog.NameCatalog>();
        try
        {
            await app.Services.MigrateRankingsDatabaseAsync();
        }
        catch (UnknownSchemaException e)
        {
            app.Logger.LogCritical("{Message}", e.Message);
            return false;
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().RunAsync();
        }
        await app.Services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync();
        app.Services.StartRankingsJobs();
        return true;
    }

    /// <summary>A build, not a publish: the build writes a runtime manifest of static web assets beside the dll, publish does not.</summary>
    internal static bool IsUnpublishedBuild(IWebHostEnvironment environment) =>
        File.Exists(Path.Combine(AppContext.BaseDirectory, environment.ApplicationName + ".staticwebassets.runtime.json"));

    public static WebApplication MapRankingsWeb(this WebApplication app)
    {
        // HEAD (uptime monitors, link checkers) is answered as GET would be: pages and the read API are GET endpoints,
        // and a HEAD got 405. Before routing, which picks endpoints by method; Kestrel still knows the request is HEAD
        // (only the method's text changes) and sends the status and headers without the body.
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
            return next(context);
        });
        app.UseRouting(); // where WebApplication would put it, first; named here so the line above runs before it
        app.UseRankingsSecurity();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // Inside those two, so they never see an API error: the API answers problem details whatever went wrong, never a
        // page (re-executing /Error or /not-found kept the request's method: a failed PUT became a 405 with an empty body).
        app.UseWhen(ApiErrors.IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions
            {
                StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
                ExceptionHandler = ApiErrors.WriteAsync,
            });
            api.UseStatusCodePages(c => ApiErrors.WriteAsync(c.HttpContext));
        });
        app.UseAuthentication();
        app.UseAuthorization();
        // After the forwarded headers (limits count per client address) and authentication (signed-in analysts are exempt).
        app.UseRateLimiter();
        app.UseRankingsCaching(); // after authentication: signed-in requests are never served from or stored in it
        app.UseAntiforgery();

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RankingsOptions>>().Value;
        app.MapRankingsHealth(); // every node: a load balancer probes each
        app.MapRankingsApi(options);
        app.MapRankingsOpenApi();
        if (!options.HasRole("web")) return app;
        app.MapAccount();
        app.MapAnalytics();
        // Endpoint authorization sends anonymous visitors to the sign-in page; the filter is Hangfire's own gate.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new SignedInDashboardFilter()],
            IsReadOnlyFunc = SignedInDashboardFilter.IsReadOnly,
            AppPath = "/",
            DashboardTitle = "RankingsWeb jobs",
        }).RequireAuthorization(Roles.AnalystPolicy);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
