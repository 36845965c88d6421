using Microsoft.AspNetCore.Components;
using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Entities;

/// <summary>
/// URL state and the existence check every entity page shares. Unknown entities answer 404, and so do unlisted
/// apps — except to the people allowed to see them (<see cref="RevealAsync"/>).
/// </summary>
public abstract class EntityPageBase : ComponentBase
{
    [Inject] public required RankingsQueries Queries { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required NavigationManager Nav { get; init; }
    [Inject] public required IHttpContextAccessor Http { get; init; }

    [SupplyParameterFromQuery(Name = "period")] public string? Period { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "as_of")] public string? AsOf { get; set; }
    [SupplyParameterFromQuery(Name = "until")] public string? Until { get; set; }

    protected ViewWindow? View { get; private set; }

    /// <summary>The unlisted app this viewer may see anyway (its owner, an analyst); null for the public.</summary>
    protected string? Reveal { get; private set; }
    protected RankingItem? Entity { get; private set; }

    protected abstract Dimension SelfDimension { get; }
    protected abstract string SelfKey { get; }
    protected abstract Filters SelfFilter { get; }

    protected override async Task OnParametersSetAsync()
    {
        Entity = null;
        View = null;
        ViewWindow.RedirectToCanonicalRange(Nav, Until);
        // No key is empty or holds a control character (and PostgreSQL cannot compare one holding a NUL): no such page.
        if (SelfKey.Length == 0 || Filters.ControlCharacterError("key", SelfKey) is not null)
        {
            Nav.NotFound();
            return;
        }
        var (first, latest) = await Queries.DataRangeAsync(Clock);
        // Exists at all (over all time, public view): otherwise 404, the same for unknown and unlisted.
        Reveal = await RevealAsync();
        var ever = await Queries.RankingsAsync(SelfDimension, new DayWindow(Math.Min(first, latest), latest + 1), SelfFilter, 1, reveal: Reveal);
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

    protected virtual Task<string?> RevealAsync() => Task.FromResult<string?>(null);
}
