using System.ComponentModel.DataAnnotations;

namespace RankingsWeb.Auth;

/// <summary>Session and sign-in hardening, bound from the <c>Rankings</c> section.</summary>
public sealed class AccountSecurityOptions
{
    /// <summary>
    /// How often a sign-in cookie (and an open interactive page) is checked against the account: a renewed security
    /// stamp (sign-out, role removal), a deleted account or changed roles take effect within this many seconds.
    /// </summary>
    [Range(1, 86_400)]
    public int SecurityStampValidationSeconds { get; set; } = 60;

    /// <summary>Sign-in attempts (form posts) one client address may make per minute; more answer 429.</summary>
    [Range(1, 1_000_000)]
    public int SignInAttemptsPerMinute { get; set; } = 5;

    public TimeSpan SecurityStampValidationInterval => TimeSpan.FromSeconds(Math.Max(1, SecurityStampValidationSeconds));
}
