using System.Security.Claims;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Auth;

/// <summary>Who is asking, as the read side knows them (<see cref="ReadScopes"/> decides what they may see).</summary>
public static class Viewers
{
    /// <summary>Admins and analysts see every app on its page; anyone else signed in, the apps they own.</summary>
    public static Viewer Of(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true
        ? new Viewer(user.FindFirstValue(ClaimTypes.NameIdentifier), user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Analyst))
        : Viewer.Anonymous;
}
