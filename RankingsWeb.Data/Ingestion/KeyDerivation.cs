using System.Text;

namespace RankingsWeb.Data.Ingestion;

/// <summary>The contract's derived keys. Pure functions: every rule is table-tested.</summary>
public static class KeyDerivation
{
    public const string NoVariant = "none";
    public const string Uncategorized = "uncategorized";
    public const int MaxAppKeyLength = 300;
    public const int MaxProviderKeyLength = 100;
    /// <summary>Longer provider strings are refused before their key is derived (and cached).</summary>
    public const int MaxProviderLength = 1000;

    public readonly record struct ModelParts(string ModelKey, string Author, string Variant);

    /// <summary>Parses <c>author/slug[:variant]</c>, lower-cased; null when it breaks the rule.</summary>
    public static ModelParts? ParseModel(string model)
    {
        var lower = model.ToLowerInvariant();
        var slash = lower.IndexOf('/');
        if (slash < 0) return null;
        var colon = lower.IndexOf(':', slash + 1);
        var author = lower[..slash];
        var slug = colon < 0 ? lower[(slash + 1)..] : lower[(slash + 1)..colon];
        var variant = colon < 0 ? null : lower[(colon + 1)..];
        if (!IsModelPart(author) || !IsModelPart(slug) || (variant is not null && !IsModelPart(variant))) return null;
        return new ModelParts(colon < 0 ? lower : lower[..colon], author, variant ?? NoVariant);
    }

    private static bool IsModelPart(string s)
    {
        if (s.Length is < 1 or > 100) return false;
        foreach (var c in s)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '_' or '-')) return false;
        }
        return true;
    }

    /// <summary>Lower-cased category, or null when it is not 1-40 characters of a-z0-9-.</summary>
    public static string? NormalizeCategory(string category)
    {
        var lower = category.ToLowerInvariant();
        if (lower.Length is < 1 or > 40) return null;
        foreach (var c in lower)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-')) return null;
        }
        return lower;
    }

    /// <summary>Lower-case, runs of anything but a-z0-9 become one '-', trimmed. Empty when nothing is left.</summary>
    public static string Slugify(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var ch in text)
        {
            var c = char.ToLowerInvariant(ch);
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                if (pendingDash && sb.Length > 0) sb.Append('-');
                pendingDash = false;
                sb.Append(c);
            }
            else
            {
                pendingDash = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>Provider key; null when nothing is left after slugifying.</summary>
    public static string? ProviderKey(string provider)
    {
        var key = Slugify(provider);
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// App key from an HTTP-Referer: host without port and leading www., then the path without
    /// query, fragment and trailing '/', lower-case. A referer without a scheme is read as https.
    /// Returns null when it has no host. The characters IDNA maps to nothing (zero width space and joiners, soft hyphen,
    /// variation selectors…: RFC 3491's table B.1) are dropped first, as a browser drops them from a host: otherwise
    /// "https://cl\u200Bine.bot/" was an app of its own whose key looked exactly like cline.bot's.
    /// </summary>
    public static string? AppKeyFromUrl(string url)
    {
        var visible = url.AsSpan().IndexOfAny(MappedToNothing) < 0 ? url : string.Concat(url.Where(c => !MappedToNothing.Contains(c)));
        var text = visible.Trim();
        if (text.Length == 0) return null;
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            // "mailto:x@y" has a scheme; "example.com:8080/x" has a port.
            var colon = text.IndexOf(':');
            var slash = text.IndexOf('/');
            if (colon >= 0 && (slash < 0 || colon < slash) && !(colon + 1 < text.Length && char.IsAsciiDigit(text[colon + 1]))) return null;
            text = "https://" + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)) return null;
        if (uri.Scheme is not ("http" or "https")) return null;
        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        if (host.Length == 0) return null;
        var path = uri.AbsolutePath.TrimEnd('/').ToLowerInvariant();
        return host + path;
    }

    private static readonly System.Buffers.SearchValues<char> MappedToNothing = System.Buffers.SearchValues.Create(
        "\u00AD\u034F\u1806\u180B\u180C\u180D\u200B\u200C\u200D\u2060\uFE00\uFE01\uFE02\uFE03\uFE04\uFE05\uFE06\uFE07" +
        "\uFE08\uFE09\uFE0A\uFE0B\uFE0C\uFE0D\uFE0E\uFE0F\uFEFF");

    /// <summary>App key from an X-Title when there is no URL; null when nothing is left.</summary>
    public static string? AppKeyFromTitle(string title)
    {
        var key = Slugify(title);
        return key.Length == 0 ? null : key;
    }

    /// <summary>Readable name for a key without a catalog entry: "gpt-4o-mini" gives "Gpt 4o Mini".</summary>
    public static string Humanize(string key)
    {
        var sb = new StringBuilder(key.Length);
        var upper = true;
        foreach (var c in key)
        {
            if (c is '-' or '_')
            {
                sb.Append(' ');
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }
}
