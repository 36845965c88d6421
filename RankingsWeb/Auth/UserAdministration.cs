using Microsoft.AspNetCore.Identity;

namespace RankingsWeb.Auth;

/// <summary>Role changes made on the admin users page.</summary>
public sealed class UserAdministration(IServiceScopeFactory scopes)
{
    public async Task<IdentityResult> SetRoleAsync(string userId, string role, bool on)
    {
        // A UserManager of its own: the page's circuit-long scope keeps tracked users that go stale (and then fail
        // their concurrency check) once the user signs out or is changed elsewhere.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
            return IdentityResult.Failed(new IdentityError { Code = "NoSuchUser", Description = "That user no longer exists." });
        if (on) return await users.AddToRoleAsync(user, role);
        if (role == Roles.Admin && await users.IsInRoleAsync(user, Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
            return IdentityResult.Failed(new IdentityError { Code = "LastAdmin", Description = "Keep at least one admin." });
        var removed = await users.RemoveFromRoleAsync(user, role);
        // RemoveFromRoleAsync leaves the security stamp as it was. Renewing it signs the user out everywhere at the
        // next cookie validation, so a copied cookie cannot keep the removed role until it expires.
        return removed.Succeeded ? await users.UpdateSecurityStampAsync(user) : removed;
    }
}
