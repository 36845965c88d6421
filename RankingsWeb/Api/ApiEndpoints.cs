namespace RankingsWeb.Api;

public static class ApiEndpoints
{
    public static void MapRankingsApi(this IEndpointRouteBuilder app, RankingsWeb.Data.RankingsOptions options)
    {
        var api = app.MapGroup("/api/v1");
        api.MapStatus();
        if (options.HasRole("ingest")) api.MapIngest();
        else api.MapPost("/usage", () => ApiKeys.Error(404, "this node does not take ingestion: send records to a node whose Rankings:NodeRoles include ingest"));
        if (options.HasRole("web"))
        {
            api.MapReads();
            api.MapAdmin();
        }
    }
}
