using Npgsql;

namespace RankingsWeb.Cli;

/// <summary>The bench's throwaway PostgreSQL database for the warm-up: beside the measured one, on the same server.</summary>
internal static class BenchPostgres
{
    /// <summary>The connection string of <c>&lt;database&gt;_warmup</c> on the server <paramref name="measured"/> names.</summary>
    public static string ThrowawayOf(string measured)
    {
        var b = new NpgsqlConnectionStringBuilder(measured);
        b.Database = (b.Database ?? b.Username ?? "postgres") + "_warmup";
        return b.ConnectionString;
    }

    public static async Task RecreateAsync(string connectionString)
    {
        await DropAsync(connectionString);
        await ExecOnServerAsync(connectionString, name => $"CREATE DATABASE \"{name}\"");
    }

    public static Task DropAsync(string connectionString) =>
        ExecOnServerAsync(connectionString, name => $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    /// <summary>Runs a statement about the database <paramref name="connectionString"/> names from the server's <c>postgres</c> database.</summary>
    private static async Task ExecOnServerAsync(string connectionString, Func<string, string> sql)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var name = b.Database!;
        NpgsqlConnection.ClearAllPools(); // pooled connections to a dropped database would fail later
        b.Database = "postgres";
        b.Pooling = false;
        await using var conn = new NpgsqlConnection(b.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql(name.Replace("\"", "\"\"", StringComparison.Ordinal)), conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
