using System.Data.Common;

namespace RankingsWeb.Data;

/// <summary>Read connections for the query services, whatever the provider.</summary>
public interface IReadConnections
{
    Task<DbConnection> OpenReadAsync(CancellationToken ct = default);
}
