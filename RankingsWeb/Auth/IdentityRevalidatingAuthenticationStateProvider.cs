using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Auth;

/// <summary>
/// An interactive page keeps the sign-in it started with for as long as its circuit lives; this checks the account's
/// security stamp as often as the cookie is checked, so a sign-out, a removed role or a deleted account also ends
/// open pages (the router then sends them to sign-in).
/// </summary>
public sealed class IdentityRevalidatingAuthenticationStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes,
    IOptions<IdentityOptions> identity, IOptions<AccountSecurityOptions> account) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => account.Value.SecurityStampValidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        IsCurrentAsync(state.User);

    /// <summary>True while the principal's account exists and its security stamp is the one the principal was issued with.</summary>
    public async Task<bool> IsCurrentAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return true;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.GetUserAsync(principal) is not { } user) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        return principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
