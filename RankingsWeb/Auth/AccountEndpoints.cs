using Microsoft.AspNetCore.Identity;

namespace RankingsWeb.Auth;

public static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        // A form post with antiforgery (the layout's sign-out button renders the token).
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/");
        });
    }
}
