using System.Data.Common;
using RankingsWeb.Data.Apps;

namespace RankingsWeb.Data.Queries;

/// <summary>Who may see what of the apps: the three kinds of reader.</summary>
public enum ReadAudience
{
    /// <summary>Everyone: unlisted apps are hidden, and nothing lets one infer them.</summary>
    Public,

    /// <summary>A signed-in viewer allowed to see one unlisted app (its owner, or an analyst on its page); the rest as public.</summary>
    Revealing,

    /// <summary>The analysts' explorer: every app is listed and the unlisted ones are marked; filters still work as public.</summary>
    Analysts,
}

/// <summary>Who is asking: a signed-in user (or nobody), and whether they are an analyst or admin.</summary>
public sealed record Viewer(string? UserId, bool IsAnalyst)
{
    public static readonly Viewer Anonymous = new(null, false);
}

/// <summary>
/// The unlisted and alias rule, in one place. A scope is resolved once per request (<see cref="ReadScopes"/>) and
/// handed to the query services, which apply it and nothing else: approved aliases count as their app in every
/// grouping and filter; an unlisted app is nobody's row (its records count in totals as unattributed), and a filter
/// naming it matches nothing, through the same SQL as an unknown app's — except for the one app the viewer may see.
/// </summary>
public sealed class ReadScope
{
    /// <summary>
    /// A value no app key can hold (keys never contain control characters): a hidden app's filter is bound to it,
    /// so that the query runs exactly as for an unknown app — same SQL, same plan, same cost — and answers nothing.
    /// Answering early instead made unlisted apps about 4× faster to filter by than unknown ones: a timing oracle.
    /// </summary>
    internal const string MatchesNoApp = "\u0001unlisted";

    private readonly IReadOnlySet<string> _unlisted;
    private readonly IReadOnlyDictionary<string, string> _aliases;

    /// <param name="unlisted">Unlisted apps by key; an alias's own row never decides (its app's does), so alias keys are dropped.</param>
    /// <param name="aliases">Approved aliases, each to its app.</param>
    /// <param name="revealed">The app this viewer may see although it is unlisted; only with <see cref="ReadAudience.Revealing"/>.</param>
    public ReadScope(ReadAudience audience, IEnumerable<string> unlisted, IReadOnlyDictionary<string, string> aliases, string? revealed = null)
    {
        if ((audience == ReadAudience.Revealing) != (revealed is not null))
            throw new ArgumentException("an app is revealed exactly when the audience is Revealing", nameof(revealed));
        Audience = audience;
        _aliases = aliases;
        _unlisted = unlisted.Where(k => !aliases.ContainsKey(k)).ToHashSet(StringComparer.Ordinal);
        Revealed = revealed is null ? null : Canonical(revealed);
    }

    public ReadAudience Audience { get; }

    /// <summary>The (canonical) app this viewer may see although it is unlisted; null for everyone else.</summary>
    public string? Revealed { get; }

    /// <summary>The app an app key counts as: its app for an approved alias, else itself.</summary>
    public string Canonical(string appKey) => _aliases.GetValueOrDefault(appKey, appKey);

    /// <summary>Whether the app (or the app an alias belongs to) is unlisted: a fact, the same for every viewer.</summary>
    public bool IsUnlisted(string appKey) => _unlisted.Contains(Canonical(appKey));

    /// <summary>Whether this viewer must not see the app: unlisted, and not the one revealed to them.</summary>
    public bool Hides(string appKey)
    {
        var app = Canonical(appKey);
        return _unlisted.Contains(app) && app != Revealed;
    }

    /// <summary>Whether a key is an entity's row in a ranking: rows with no key for the dimension, and hidden apps, count in totals but are nobody's row.</summary>
    public bool Lists(Dimension dimension, string key) =>
        (key.Length > 0 || !dimension.Info().Optional) && (dimension != Dimension.Apps || !Hides(key));

    /// <summary>The value a filter on <paramref name="appKey"/> is bound to: its app, or a value no row holds when hidden.</summary>
    public string AppFilterValue(string appKey) => Hides(appKey) ? MatchesNoApp : Canonical(appKey);

    /// <summary>The app key column with approved aliases replaced by their app: <c>CASE app_key WHEN alias THEN app … END</c>.</summary>
    internal string AppColumn(DbCommand cmd, string column)
    {
        if (_aliases.Count == 0) return column;
        if (!cmd.Parameters.Contains("@al0"))
        {
            var i = 0;
            foreach (var (alias, app) in _aliases)
            {
                RankingsQueries.Add(cmd, "@al" + i, alias);
                RankingsQueries.Add(cmd, "@am" + i, app);
                i++;
            }
        }
        return $"CASE {column}" + string.Concat(Enumerable.Range(0, _aliases.Count).Select(i => $" WHEN @al{i} THEN @am{i}")) + $" ELSE {column} END";
    }

    /// <summary>The filters as SQL conditions on the cube (each <c> AND …</c>), their values bound on <paramref name="cmd"/>.</summary>
    internal string FilterSql(DbCommand cmd, Filters filters)
    {
        var sql = "";
        var i = 0;
        foreach (var (dim, key) in filters.All())
        {
            var name = "@f" + i++;
            if (dim == Dimension.Apps)
            {
                sql += $" AND {AppColumn(cmd, "app_key")} = {name}";
                RankingsQueries.Add(cmd, name, AppFilterValue(key));
                continue;
            }
            sql += $" AND {dim.Info().Column} = {name}";
            RankingsQueries.Add(cmd, name, key);
        }
        return sql;
    }
}

/// <summary>Resolves a request's <see cref="ReadScope"/>: the listing and aliases as they are now, and what this viewer may see.</summary>
public sealed class ReadScopes(IReadConnections connections, AppOwners owners)
{
    /// <summary>The public's scope: the API, the public pages, and anyone not allowed more.</summary>
    public Task<ReadScope> PublicAsync(CancellationToken ct = default) => LoadAsync(ReadAudience.Public, null, ct);

    /// <summary>
    /// The scope of a page about one app: an analyst or admin, or the app's owner, sees it although it is unlisted;
    /// anyone else gets the public's scope (so such a page answers 404, as for an unknown app).
    /// </summary>
    public async Task<ReadScope> ForAppAsync(Viewer viewer, string appKey, CancellationToken ct = default)
    {
        var reveal = viewer.IsAnalyst || (viewer.UserId is { } id && await owners.OwnsAsync(id, appKey, ct));
        return reveal ? await LoadAsync(ReadAudience.Revealing, appKey, ct) : await LoadAsync(ReadAudience.Public, null, ct);
    }

    /// <summary>The explorer's scope (analysts only: the caller has checked the role).</summary>
    public Task<ReadScope> ForAnalystsAsync(CancellationToken ct = default) => LoadAsync(ReadAudience.Analysts, null, ct);

    private async Task<ReadScope> LoadAsync(ReadAudience audience, string? reveal, CancellationToken ct)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT alias_key, app_key FROM app_aliases WHERE status = 1";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) aliases[r.GetString(0)] = r.GetString(1);
        }
        var unlisted = new List<string>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT key FROM apps WHERE listed = FALSE";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) unlisted.Add(r.GetString(0));
        }
        return new ReadScope(audience, unlisted, aliases, reveal);
    }
}
