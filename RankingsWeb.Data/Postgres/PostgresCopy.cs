using Npgsql;
using NpgsqlTypes;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Postgres;

/// <summary>Binary COPY writes shared by the append path (<c>ingest_staging</c>) and the re-fold (<c>fold_batch</c>).</summary>
internal static class PostgresCopy
{
    /// <summary>
    /// A record's day and keys, in the order both tables have them after their own leading columns: day, model_key,
    /// variant, author, app_key, app_title, app_source, category, provider.
    /// </summary>
    public static async Task WriteKeysAsync(NpgsqlBinaryImporter w, int day, DerivedKeys k, string? appTitle, CancellationToken ct)
    {
        await w.WriteAsync(day, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(k.ModelKey, NpgsqlDbType.Text, ct);
        await w.WriteAsync(k.Variant, NpgsqlDbType.Text, ct);
        await w.WriteAsync(k.Author, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(w, k.AppKey, ct);
        await WriteNullableAsync(w, appTitle, ct);
        await w.WriteAsync((short)k.AppSource, NpgsqlDbType.Smallint, ct);
        await w.WriteAsync(k.Category, NpgsqlDbType.Text, ct);
        await WriteNullableAsync(w, k.Provider, ct);
    }

    public static async Task WriteNullableAsync(NpgsqlBinaryImporter w, string? value, CancellationToken ct)
    {
        if (value is null) await w.WriteNullAsync(ct);
        else await w.WriteAsync(value, NpgsqlDbType.Text, ct);
    }
}
