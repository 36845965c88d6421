using Hangfire.Dashboard;

namespace RankingsWeb.Jobs;

/// <summary>Hangfire's default filter admits any local request; ours admits signed-in admins and analysts only.</summary>
public sealed class SignedInDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && (user.IsInRole("Admin") || user.IsInRole("Analyst"));
    }
}
