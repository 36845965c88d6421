using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Aggregation;

/// <summary>The dimension keys of one group of records, by the names of the fold's input columns.</summary>
public readonly record struct FactKeys(string ModelKey, string Author, string AppKey, string Category, string Provider, string Variant)
{
    /// <summary>This group's key for a dimension of the table, read by its <see cref="DimensionInfo.Column"/>.</summary>
    public string this[DimensionInfo dimension] => dimension.Column switch
    {
        "model_key" => ModelKey,
        "author" => Author,
        "app_key" => AppKey,
        "category" => Category,
        "provider" => Provider,
        "variant" => Variant,
        _ => throw new InvalidOperationException($"the fold has no input column {dimension.Column} (dimension {dimension.Slug})"),
    };
}

/// <summary>
/// The fold's fan-out, described once for both providers. Each record's sums go to
/// <list type="number">
/// <item>its cube row: the day and every key (model, variant, app, category, provider; the author beside them);</item>
/// <item>one per-dimension row for each dimension of the table: <c>(FoldIndex, day, its key for that dimension)</c>,
/// so unfiltered reads never touch the cube;</item>
/// <item>where it names an app: the app's first and last seen, its latest title, and its attribution facts.</item>
/// </list>
/// SQLite sums in memory and PostgreSQL in SQL, but both take the per-dimension rows and the sums from here, so a
/// dimension added to the table is folded by both or fails loudly in both (<see cref="FactKeys"/>).
/// </summary>
public static class FoldFanOut
{
    /// <summary>The summed columns of every rollup row, in their stored order.</summary>
    public const string SumColumns = "tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos";

    /// <summary>Every folded dimension's per-dimension rows, by fold index (catalog attributes are looked up at read time instead).</summary>
    public static readonly IReadOnlyList<DimensionInfo> PerDimension = [.. Dimensions.Folded.OrderBy(d => d.FoldIndex)];

    /// <summary>
    /// <c>ON CONFLICT … DO UPDATE SET</c> clause adding an upsert's sums to the stored ones; <paramref name="table"/>
    /// qualifies the stored row where the target table has an alias (PostgreSQL's <c>INSERT … AS t</c>).
    /// </summary>
    public static string AddSums(string? table = null)
    {
        var stored = table is null ? "" : table + ".";
        return string.Join(",\n", SumColumns.Split(", ").Select(c => $"{c} = {stored}{c} + excluded.{c}"));
    }

    /// <summary>
    /// SQL adding the per-dimension rows of a delta table (one row per day and key combination, with the table's
    /// columns and the sums) to <c>dimension_rollups</c>: a statement per dimension.
    /// </summary>
    public static string PerDimensionSql(string delta) => string.Concat(PerDimension.Select(d => $"""
        INSERT INTO dimension_rollups AS t (dimension, day, key, {SumColumns})
        SELECT {d.FoldIndex}, day, {d.Column}, SUM(tokens_prompt), SUM(tokens_completion), SUM(tokens_reasoning), SUM(tokens_cached), SUM(requests), SUM(cost_nanos)
        FROM {delta} GROUP BY day, {d.Column}
        ON CONFLICT (dimension, day, key) DO UPDATE SET {AddSums("t")};

        """));
}
