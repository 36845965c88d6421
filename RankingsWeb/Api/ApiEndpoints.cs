namespace RankingsWeb.Api;

public static class ApiEndpoints
{
    public static void MapRankingsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapIngest();
        api.MapReads();
        api.MapAdmin();
    }
}
