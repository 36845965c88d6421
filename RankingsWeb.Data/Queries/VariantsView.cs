using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Queries;

/// <summary>
/// How models are counted: ours combines a model's variants (<c>:free</c>, <c>:thinking</c>, …) into the model,
/// since they are one model behind different routing or prices; OpenRouter lists each variant as its own endpoint.
/// </summary>
public enum Variants { Combined, Separate }

/// <summary>The <c>variants=</c> parameter (contract v1.1) and the key a separate model-and-variant entry has.</summary>
public static class VariantsView
{
    public const string Parameter = "variants", SeparateValue = "separate";

    /// <summary>
    /// The entry's key: <c>author/slug:variant</c>, or the plain model key without a variant. Built in SQL over the
    /// cube, which is the only rollup that holds model and variant together.
    /// </summary>
    internal const string SeparateColumn = $"CASE WHEN variant = '{KeyDerivation.NoVariant}' THEN model_key ELSE model_key || ':' || variant END";

    /// <summary>
    /// What to group a key column by: the two columns for separate variants, so the key is built once per group, not
    /// once per cube row (a third less time for a year of demo data on SQLite); the column itself otherwise.
    /// </summary>
    internal static string GroupBy(string column) => column == SeparateColumn ? "model_key, variant" : column;

    /// <summary>Parses the parameter: absent is <see cref="Variants.Combined"/>; an error message for any other value than <c>separate</c>.</summary>
    public static string? TryParse(string? value, out Variants variants)
    {
        variants = Variants.Combined;
        if (value is null) return null;
        if (value != SeparateValue) return $"variants must be '{SeparateValue}' or absent (got '{value}')";
        variants = Variants.Separate;
        return null;
    }

    /// <summary>
    /// Separate variants split models only. Asked of another dimension it would change nothing, and answering as if
    /// it applied would let a script believe it got OpenRouter's view of authors: a 400 says so instead.
    /// </summary>
    public static string? Error(Variants variants, Dimension dimension) => variants == Variants.Separate && dimension != Dimension.Models
        ? $"variants=separate applies to the models dimension only (got {dimension.Info().Slug}); each variant's own totals are in /variants"
        : null;
}
