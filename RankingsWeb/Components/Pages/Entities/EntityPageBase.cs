using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Entities;

/// <summary>
/// URL state, the reader's scope and the existence check every entity page shares. Unknown entities answer 404, and
/// so do unlisted apps — except to the people allowed to see them (<see cref="ResolveScopeAsync"/>).
/// </summary>
public abstract class EntityPageBase : ComponentBase
{
    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required ReadScopes Scopes { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }

    protected ViewWindow? View { get; private set; }

    /// <summary>What this reader may see, resolved once per load; every query of the page takes it.</summary>
    protected ReadScope? Scope { get; private set; }
    protected RankingItem? Entity { get; private set; }

    protected abstract Dimension SelfDimension { get; }
    protected abstract string SelfKey { get; }
    protected abstract Filters SelfFilter { get; }

    protected override async Task OnParametersSetAsync()
    {
        Entity = null;
        View = null;
        if (ViewWindow.RedirectToCanonicalRange(Nav, Until)) return;
        // No key is empty or holds a control character (and PostgreSQL cannot compare one holding a NUL): no such page.
        if (SelfKey.Length == 0 || Filters.ControlCharacterError("key", SelfKey) is not null)
        {
            Nav.NotFound();
            return;
        }
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        // Exists at all (over all time, in this reader's scope): otherwise 404, the same for unknown and unlisted.
        Scope = await ResolveScopeAsync();
        var ever = await Queries.RankingsAsync(Scope, SelfDimension, new DayWindow(Math.Min(first, latest), latest + 1), SelfFilter, 1);
        Entity = ever.Items.FirstOrDefault(i => i.Key == SelfKey);
        if (Entity is null)
        {
            Nav.NotFound();
            return;
        }
        View = ViewWindow.Resolve(Period, From, To, AsOf, first, latest, Clock);
        if (View.Error is not null)
        {
            PageStatus.Set(Http, RendererInfo, StatusCodes.Status400BadRequest);
            return;
        }
        await OnEntityLoadedAsync();
    }

    protected virtual Task OnEntityLoadedAsync() => Task.CompletedTask;

    /// <summary>The public's scope; the app page may reveal its app to its owner or an analyst.</summary>
    protected virtual Task<ReadScope> ResolveScopeAsync() => Scopes.PublicAsync();
}
