using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>The theory form of <see cref="Data.Aggregation.PostgresFactAttribute"/>: runs only on PostgreSQL.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!TestProvider.IsPostgres) Skip = "PostgreSQL only: ./test.sh runs it against its private cluster";
    }
}
