using Hangfire.Dashboard;
using RankingsWeb.Auth;

namespace RankingsWeb.Jobs;

/// <summary>Hangfire's default filter admits any local request; ours admits signed-in admins and analysts only.</summary>
public sealed class SignedInDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Analyst));
    }

    /// <summary>
    /// For <see cref="Hangfire.DashboardOptions.IsReadOnlyFunc"/>: analysts see the dashboard without its buttons, and
    /// Hangfire answers 401 to their commands (trigger, requeue, delete); only admins change jobs.
    /// </summary>
    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(Roles.Admin);
}
