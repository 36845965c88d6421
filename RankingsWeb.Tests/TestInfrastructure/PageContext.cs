using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>A bUnit context with MudBlazor and the read services of a real test database (JS calls answered loosely).</summary>
public static class PageContext
{
    public static BunitContext Create(TestDatabase db)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(db.Get<RankingsQueries>());
        ctx.Services.AddSingleton(db.Get<ReadScopes>());
        ctx.Services.AddSingleton(db.Get<EntityQueries>());
        ctx.Services.AddSingleton(db.Get<GrowthQueries>());
        ctx.Services.AddSingleton(db.Get<ProviderQueries>());
        ctx.Services.AddSingleton(db.Get<RankingsWeb.Data.Catalog.NameCatalog>());
        ctx.Services.AddSingleton(db.Get<AppOwners>());
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton<Microsoft.AspNetCore.Http.IHttpContextAccessor>(new Microsoft.AspNetCore.Http.HttpContextAccessor()); // no request: pages set no status
        // After the services: reaching the renderer builds the provider. Pages read it (prerendered or interactive).
        ctx.Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
