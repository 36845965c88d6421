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

    public static IResult Error(int status, string message) =>
        Results.Json(new ApiError(message), statusCode: status);
}

public sealed record ApiError(string Error);
