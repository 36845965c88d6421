using Npgsql;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// Which database the integration tests run on: SQLite by default; PostgreSQL when RANKINGS_TEST_POSTGRES holds
/// a server connection string (./test.sh starts a private cluster and runs the suite a second time that way).
/// Every test app or database gets a fresh PostgreSQL database of its own.
/// </summary>
public static class TestProvider
{
    public static string? PostgresServer => Environment.GetEnvironmentVariable("RANKINGS_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool IsPostgres => PostgresServer is not null;

    /// <summary>Skip reasons of the provider-only tests (<see cref="SqliteFactAttribute"/>, <see cref="PostgresFactAttribute"/>).</summary>
    public const string SqliteOnly = "SQLite only (RANKINGS_TEST_POSTGRES is set): ./test.sh runs it in its SQLite pass";
    public const string PostgresOnly = "PostgreSQL only: ./test.sh runs it against its private cluster (set RANKINGS_TEST_POSTGRES)";

    public static string CreatePostgresDatabase()
    {
        var name = "rw_" + Guid.NewGuid().ToString("N");
        using var conn = new NpgsqlConnection(PostgresServer);
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        cmd.ExecuteNonQuery();
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name, Pooling = true }.ConnectionString;
    }
}
