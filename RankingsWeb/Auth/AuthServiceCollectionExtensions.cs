using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Configuration;

namespace RankingsWeb.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity over the rankings database, cookie sign-in, the sign-in throttle, and the role policies.</summary>
    public static IServiceCollection AddRankingsAuth(this IServiceCollection services)
    {
        services.AddValidatedOptions<AccountSecurityOptions>(RankingsOptions.Section);
        // Identity checks a cookie against the account every 30 minutes by default; a sign-out or a removed role
        // must end every session (copied cookies included) within a minute.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountSecurityOptions>>((o, account) =>
            o.ValidationInterval = account.Value.SecurityStampValidationInterval);
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddSignInThrottle();
        // Keys in the database: a cookie or antiforgery token made by one web node is valid on the others.
        services.AddDataProtection().SetApplicationName("RankingsWeb").PersistKeysToDbContext<RankingsDbContext>();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies(cookies =>
        {
            cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "rankings.auth";
                o.Cookie.HttpOnly = true;
                // Secure on https, which behind a TLS proxy needs the forwarded headers (Security/SecurityExtensions).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
            });
        });
        services.AddIdentityCore<IdentityUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                // Failed passwords never lock an account (PasswordSignIn passes lockoutOnFailure: false; SignInThrottle
                // limits guessing per address instead). Lockout stays enabled so an admin-set LockoutEnd still holds.
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RankingsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.AnalystPolicy, p => p.RequireRole(Roles.Admin, Roles.Analyst))
            .AddPolicy(Roles.AdminPolicy, p => p.RequireRole(Roles.Admin));
        services.AddScoped<AdminBootstrapper>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<UserAdministration>();
        return services;
    }
}

/// <summary>Creates the roles, and the first admin from Rankings:AdminEmail / Rankings:AdminPassword.</summary>
public sealed class AdminBootstrapper(UserManager<IdentityUser> users, RoleManager<IdentityRole> roles, IConfiguration config,
    IHostEnvironment env, ILogger<AdminBootstrapper> logger)
{
    public async Task RunAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role)) await roles.CreateAsync(new IdentityRole(role));
        }
        var email = config["Rankings:AdminEmail"];
        var password = config["Rankings:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            if (!env.IsDevelopment())
                throw new OptionsValidationException("Rankings", typeof(RankingsOptions),
                    ["Rankings:AdminEmail and Rankings:AdminPassword must be set outside Development: they create the first admin account."]);
            logger.LogWarning("No Rankings:AdminEmail / Rankings:AdminPassword: no admin account is created, so nobody can sign in yet.");
            return;
        }
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new IdentityUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                throw new InvalidOperationException("Could not create the admin account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
            logger.LogInformation("Created the admin account {Email}", email);
        }
        if (!await users.IsInRoleAsync(user, Roles.Admin)) await users.AddToRoleAsync(user, Roles.Admin);
    }
}
