using Microsoft.AspNetCore.Identity;
using RankingsWeb.Data.Telemetry;

namespace RankingsWeb.Auth;

/// <summary>
/// Password sign-in that answers the same, after the same work (one password hash check), whether the account is
/// unknown, the password wrong, or the account locked out or not allowed to sign in: nothing tells which accounts exist.
/// </summary>
public sealed class PasswordSignIn(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, IPasswordHasher<IdentityUser> hasher,
    RankingsMetrics metrics)
{
    public const string FailureMessage = "Wrong email or password.";

    private static readonly IdentityUser NoUser = new() { UserName = "no-such-user" };
    private static string? s_dummyHash;

    public async Task<bool> SignInAsync(string email, string password)
    {
        var succeeded = await TrySignInAsync(email, password);
        if (!succeeded) metrics.SignInFailed(throttled: false);
        return succeeded;
    }

    private async Task<bool> TrySignInAsync(string email, string password)
    {
        var user = await users.FindByNameAsync(email);
        if (user is null)
        {
            SpendOneHashCheck(password);
            return false;
        }
        // No lockout on failures: any failure count (Identity's never decays) lets one address lock the admin out
        // by guessing slowly. SignInThrottle limits guesses per client address instead.
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded) return true;
        // Identity answers these before it checks the password.
        if (result.IsLockedOut || result.IsNotAllowed) SpendOneHashCheck(password);
        return false;
    }

    private void SpendOneHashCheck(string password)
    {
        // Made by the same hasher, so checking against it costs what checking a real account's hash costs.
        var hash = s_dummyHash ??= hasher.HashPassword(NoUser, Guid.NewGuid().ToString("N"));
        hasher.VerifyHashedPassword(NoUser, hash, password);
    }
}
