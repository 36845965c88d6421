namespace RankingsWeb.Tests.TestInfrastructure;

// Provider-only tests say so with one of these instead of a name filter, so a plain `dotnet test` runs the right set:
// on SQLite (the default) the PostgreSQL-only tests are skipped, and with RANKINGS_TEST_POSTGRES set (./test.sh's
// second pass) the SQLite-only ones are. Each skipped test says why in the results.

/// <summary>
/// Runs only on SQLite: tests of SQLite's own store (its fold, record blocks, files) and the browser tests, which
/// drive pages that read through the same queries on both providers, so one pass covers them.
/// </summary>
public sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestProvider.IsPostgres) Skip = TestProvider.SqliteOnly;
    }
}

/// <summary>The theory form of <see cref="SqliteFactAttribute"/>.</summary>
public sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (TestProvider.IsPostgres) Skip = TestProvider.SqliteOnly;
    }
}

/// <summary>Runs only on PostgreSQL (RANKINGS_TEST_POSTGRES set, as ./test.sh does in its second pass).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestProvider.IsPostgres) Skip = TestProvider.PostgresOnly;
    }
}

/// <summary>The theory form of <see cref="PostgresFactAttribute"/>.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!TestProvider.IsPostgres) Skip = TestProvider.PostgresOnly;
    }
}
