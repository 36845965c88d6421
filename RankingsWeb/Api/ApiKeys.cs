using System.Security.Cryptography;
using System.Text;

namespace RankingsWeb.Api;

public enum KeyCheck { Missing, Wrong, Ok }

/// <summary>Bearer key checks in constant time; an empty configured key admits nobody.</summary>
public static class ApiKeys
{
    public static KeyCheck Check(HttpRequest request, string configuredKey)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return KeyCheck.Missing;
        var presented = header["Bearer ".Length..].Trim();
        if (presented.Length == 0) return KeyCheck.Missing;
        if (string.IsNullOrEmpty(configuredKey)) return KeyCheck.Wrong;
        // Hash both so the comparison takes the same time whatever the lengths.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(configuredKey));
        return CryptographicOperations.FixedTimeEquals(a, b) ? KeyCheck.Ok : KeyCheck.Wrong;
    }

    /// <summary>A problem details answer (RFC 9457) whose <c>detail</c> is the message; <c>error</c> repeats it, as v1 answered <c>{"error":…}</c>.</summary>
    public static IResult Error(int status, string message) =>
        TypedResults.Problem(detail: message, statusCode: status, extensions: new Dictionary<string, object?> { ["error"] = message });
}

public sealed record ApiError(string Error);
