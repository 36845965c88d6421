using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace RankingsWeb.Auth;

public static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        // A form post with antiforgery (the layout's sign-out button renders the token).
        app.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users) =>
        {
            // The antiforgery middleware checks only endpoints that bind a form; this one binds none, so check here:
            // otherwise any page of the same site could sign a visitor out everywhere.
            if (!await antiforgery.IsRequestValidAsync(http)) return Results.BadRequest("The sign-out form expired; reload the page and sign out again.");
            // Deleting this browser's cookie is not enough: a copy of it (stolen, or in another browser) stays valid
            // until it expires. A new security stamp fails every earlier cookie at its next validation.
            if (await users.GetUserAsync(http.User) is { } user) await users.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        });
    }
}
