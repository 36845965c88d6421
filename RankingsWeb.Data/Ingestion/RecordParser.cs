using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Ingestion;

/// <summary>A record that passed every rule, with its derived keys and (from the parser) the inputs they were derived from.</summary>
public sealed record ValidRecord(
    string Id,
    long CreatedAtMs,
    string ModelKey,
    string Variant,
    string Author,
    string? Provider,
    string? AppKey,
    string? AppTitle,
    AppSource AppSource,
    string Category,
    long TokensPrompt,
    long TokensCompletion,
    long TokensReasoning,
    long TokensCached,
    long CostNanos,
    long Requests = 1,
    long ToolCalls = 0,
    DerivationInputs? Inputs = null)
{
    /// <summary>The keys above, for <see cref="RecordDerivation"/>'s rule on what is stored of <see cref="Inputs"/>.</summary>
    public DerivedKeys Keys => new(ModelKey, Variant, Author, Provider, AppKey, AppSource, Category);

    public int Day => (int)Math.Floor(CreatedAtMs / 86_400_000d);
}

/// <summary>A line that broke a rule: its 1-based line, the id when one could be read, and a reason a person can act on.</summary>
public sealed record Rejection(int Line, string? Id, string Error, string Raw);

/// <summary>Validates one JSON object (one NDJSON line or one array element) against the record rules.</summary>
public static class RecordParser
{
    public const long MaxTokens = 1_000_000_000;
    public const decimal MaxCost = 1_000_000m;
    /// <summary>Contract v1.1: a record may sum up to this many generations; every other bound is then per generation.</summary>
    public const long MaxRequests = 1_000_000_000;
    /// <summary>
    /// Cost is stored as integer nano-USD in a 64-bit column, so one record holds at most 9.22 billion USD whatever
    /// its <c>requests</c> (the contract's 1,000,000 × requests passes that from 9,224 requests on): a clear rejection
    /// beats a wrapped sum.
    /// </summary>
    public const decimal MaxStorableCost = 9_000_000_000m;
    public const int MaxRawChars = 2048;
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <summary>Parses and validates one object. Exactly one of the two results is non-null.</summary>
    public static (ValidRecord? Record, Rejection? Rejection) Parse(ReadOnlySpan<byte> json, int line, DateTimeOffset now)
    {
        var fields = new RawFields();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64, AllowMultipleValues = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return (null, Reject(json, line, null, "line is not a JSON object"));
            ReadObject(ref reader, ref fields);
            if (reader.Read())
                return (null, Reject(json, line, fields.Id, "unexpected content after the JSON object"));
        }
        catch (JsonException ex)
        {
            return (null, Reject(json, line, fields.Id, "malformed JSON: " + TrimJsonMessage(ex.Message)));
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader throws this for invalid UTF-8 inside strings.
            return (null, Reject(json, line, fields.Id, "malformed JSON: " + ex.Message));
        }

        var errors = new List<string>(2);
        var record = Validate(ref fields, now, errors);
        return errors.Count == 0
            ? (record, null)
            : (null, Reject(json, line, fields.Id, string.Join("; ", errors)));
    }

    private static Rejection Reject(ReadOnlySpan<byte> json, int line, string? id, string error)
    {
        var raw = json.Length <= MaxRawChars * 4 ? Encoding.UTF8.GetString(json) : Encoding.UTF8.GetString(json[..(MaxRawChars * 4)]);
        if (raw.Length > MaxRawChars) raw = raw[..MaxRawChars];
        if (id is { Length: > 128 }) id = id[..128];
        // What is kept of a rejected line holds no NUL either (a raw NUL byte makes a line malformed JSON): shown as the escape.
        return new Rejection(line, WithoutNul(id), WithoutNul(error)!, WithoutNul(raw)!);
    }

    private static string? WithoutNul(string? s) => s is not null && s.Contains('\0') ? s.Replace("\0", "\\u0000") : s;

    private static void Nul(ref Field field, string name, List<string> errors)
    {
        if (!field.HasNul) return;
        errors.Add($"{name} must not contain the character U+0000 (NUL)");
        field.Kind = Kind.Refused;
    }

    private static string TrimJsonMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }

    /// <summary><c>Refused</c>: a string whose rule was already broken (see <see cref="Nul"/>); no further error is added for it.</summary>
    private enum Kind : byte { Absent, Null, String, Number, Other, Refused }

    private struct Field
    {
        public Kind Kind;
        public string? Text;
        /// <summary>The string holds U+0000: a rule broken on every provider (PostgreSQL cannot store it in text), so the text is not kept.</summary>
        public bool HasNul;
        /// <summary>created_at, parsed straight from the JSON text; <see cref="Text"/> is then only kept when it failed.</summary>
        public DateTimeOffset? Time;
        public long? Integer;
        public decimal? Number;
        public string? RawNumber;
    }

    private struct RawFields
    {
        public string? Id;
        public Field IdF, CreatedAt, Model, Provider, AppUrl, AppTitle, Category, Prompt, Completion, Reasoning, Cached, Cost, Requests, ToolCalls;
    }

    private static void ReadObject(ref Utf8JsonReader reader, ref RawFields f)
    {
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject) return;
            // PropertyName
            ref var target = ref Target(ref reader, ref f, out var known);
            // Keys that repeat across records are interned: no string is allocated per record for them.
            var kind = Unsafe.AreSame(ref target, ref f.IdF) ? StringKind.Unique
                : Unsafe.AreSame(ref target, ref f.CreatedAt) ? StringKind.Time
                : StringKind.Repeated;
            reader.Read();
            if (!known)
            {
                reader.Skip();
                continue;
            }
            target = ReadValue(ref reader, kind);
        }
        throw new JsonException("the object is not closed");
    }

    private static Field dummy;

    private static ref Field Target(ref Utf8JsonReader r, ref RawFields f, out bool known)
    {
        known = true;
        if (r.ValueTextEquals("id"u8)) return ref f.IdF;
        if (r.ValueTextEquals("created_at"u8)) return ref f.CreatedAt;
        if (r.ValueTextEquals("model"u8)) return ref f.Model;
        if (r.ValueTextEquals("provider"u8)) return ref f.Provider;
        if (r.ValueTextEquals("app_url"u8)) return ref f.AppUrl;
        if (r.ValueTextEquals("app_title"u8)) return ref f.AppTitle;
        if (r.ValueTextEquals("category"u8)) return ref f.Category;
        if (r.ValueTextEquals("tokens_prompt"u8)) return ref f.Prompt;
        if (r.ValueTextEquals("tokens_completion"u8)) return ref f.Completion;
        if (r.ValueTextEquals("tokens_reasoning"u8)) return ref f.Reasoning;
        if (r.ValueTextEquals("tokens_cached"u8)) return ref f.Cached;
        if (r.ValueTextEquals("cost"u8)) return ref f.Cost;
        if (r.ValueTextEquals("requests"u8)) return ref f.Requests;
        if (r.ValueTextEquals("tool_calls"u8)) return ref f.ToolCalls;
        known = false;
        return ref dummy;
    }

    private enum StringKind : byte { Unique, Time, Repeated }

    private const int MaxInternedBytes = 256;

    private static Field ReadValue(ref Utf8JsonReader r, StringKind kind)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                var bytes = r.HasValueSequence ? r.ValueSequence.Length : r.ValueSpan.Length;
                if (kind == StringKind.Unique || bytes > MaxInternedBytes)
                {
                    var whole = r.GetString()!;
                    return r.ValueIsEscaped && whole.Contains('\0') ? NulString : new Field { Kind = Kind.String, Text = whole };
                }
                // Unescaped, a JSON string has at most as many UTF-16 units as it has UTF-8 bytes.
                Span<char> chars = stackalloc char[MaxInternedBytes];
                var text = chars[..r.CopyString(chars)];
                // A NUL can only arrive escaped (\u0000): the reader refuses a raw one.
                if (r.ValueIsEscaped && text.Contains('\0')) return NulString;
                if (kind == StringKind.Time)
                {
                    return Rfc3339.TryParse(text, out var time)
                        ? new Field { Kind = Kind.String, Time = time }
                        : new Field { Kind = Kind.String, Text = text.ToString() };
                }
                return new Field { Kind = Kind.String, Text = Interned.Get(text) };
            case JsonTokenType.Null:
                return new Field { Kind = Kind.Null };
            case JsonTokenType.Number:
                if (r.TryGetInt64(out var l) && l is >= 0 and <= MaxTokens)
                    return new Field { Kind = Kind.Number, Integer = l, Number = l };
                // Off the hot path: keep the text for the error message. A whole number written with a fraction or
                // an exponent (1.0, 1e3) is an integer, as JSON Schema's "integer" has it: Python's json writes 1.0.
                return new Field
                {
                    Kind = Kind.Number,
                    Integer = r.TryGetInt64(out var big) ? big
                        : r.TryGetDecimal(out var written) && written == decimal.Truncate(written) && written is >= long.MinValue and <= long.MaxValue ? (long)written : null,
                    Number = r.TryGetDecimal(out var d) ? d : null,
                    RawNumber = r.TryGetDecimal(out _) ? null : Encoding.UTF8.GetString(r.HasValueSequence ? r.ValueSequence.ToArray() : r.ValueSpan),
                };
            default:
                r.Skip();
                return new Field { Kind = Kind.Other };
        }
    }

    private static readonly Field NulString = new() { Kind = Kind.String, HasNul = true };

    private static ValidRecord? Validate(ref RawFields f, DateTimeOffset now, List<string> errors)
    {
        // Contract v1.1: U+0000 in any string field breaks a rule. Checked first, and such a field is read no further.
        Nul(ref f.IdF, "id", errors);
        Nul(ref f.CreatedAt, "created_at", errors);
        Nul(ref f.Model, "model", errors);
        Nul(ref f.Provider, "provider", errors);
        Nul(ref f.AppUrl, "app_url", errors);
        Nul(ref f.AppTitle, "app_title", errors);
        Nul(ref f.Category, "category", errors);

        // id
        string? id = null;
        switch (f.IdF.Kind)
        {
            case Kind.Refused: break;
            case Kind.Absent or Kind.Null: errors.Add("id is required"); break;
            case Kind.String when f.IdF.Text!.Length is < 1 or > 128:
                errors.Add($"id must be 1-128 characters (got {f.IdF.Text.Length})");
                break;
            case Kind.String: id = f.IdF.Text; break;
            default: errors.Add("id must be a string"); break;
        }
        f.Id = f.IdF.Kind == Kind.String ? f.IdF.Text : null;

        // created_at
        long createdMs = 0;
        switch (f.CreatedAt.Kind)
        {
            case Kind.Refused: break;
            case Kind.Absent or Kind.Null: errors.Add("created_at is required"); break;
            case Kind.String:
                DateTimeOffset ts = default;
                if (f.CreatedAt.Time is { } parsed) ts = parsed;
                if (f.CreatedAt.Time is null && !Rfc3339.TryParse(f.CreatedAt.Text!, out ts))
                    errors.Add($"created_at '{Clip(f.CreatedAt.Text!)}' is not an RFC 3339 timestamp with an offset or Z (2026-11-28T12:00:00Z)");
                else if (ts > now + FutureTolerance)
                    errors.Add($"created_at {ts.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} is more than 1 day in the future");
                else
                    createdMs = ts.ToUnixTimeMilliseconds();
                break;
            default: errors.Add("created_at must be a string"); break;
        }

        // model, provider, app and category: the types here, the rules in RecordDerivation (which a re-fold applies again).
        string? modelText = null;
        switch (f.Model.Kind)
        {
            case Kind.Refused: break;
            case Kind.Absent or Kind.Null: errors.Add("model is required"); break;
            case Kind.String: modelText = f.Model.Text!; break;
            default: errors.Add("model must be a string"); break;
        }
        var providerText = OptionalString(f.Provider, "provider", errors);
        var appTitle = OptionalString(f.AppTitle, "app_title", errors);
        if (appTitle is { Length: 0 }) appTitle = null;
        if (appTitle is { Length: > 200 }) appTitle = appTitle[..200];
        var appUrl = OptionalString(f.AppUrl, "app_url", errors);
        var rawCategory = OptionalString(f.Category, "category", errors);
        var inputs = new DerivationInputs(modelText, providerText, appUrl, appTitle, rawCategory);
        var keys = RecordDerivation.Derive(inputs, errors);

        // requests first: every other bound is per generation, so it scales by it (1 when requests itself is broken).
        long? requests = 1;
        switch (f.Requests.Kind)
        {
            case Kind.Absent or Kind.Null: break;
            case Kind.Number when f.Requests.Integer is { } n and >= 1 and <= MaxRequests: requests = n; break;
            case Kind.Number:
                errors.Add($"requests must be an integer from 1 to 1,000,000,000 (got {Clip(NumberText(f.Requests))})");
                requests = null;
                break;
            default:
                errors.Add("requests must be an integer");
                requests = null;
                break;
        }
        var scale = requests ?? 1;

        var prompt = Tokens(f.Prompt, "tokens_prompt", required: true, scale, errors);
        var completion = Tokens(f.Completion, "tokens_completion", required: true, scale, errors);
        var reasoning = Tokens(f.Reasoning, "tokens_reasoning", required: false, scale, errors);
        var cached = Tokens(f.Cached, "tokens_cached", required: false, scale, errors);
        var toolCalls = Tokens(f.ToolCalls, "tool_calls", required: false, scale, errors);
        if (reasoning is { } r && completion is { } c2 && r > c2)
            errors.Add($"tokens_reasoning ({r}) exceeds tokens_completion ({c2})");
        if (cached is { } k && prompt is { } p2 && k > p2)
            errors.Add($"tokens_cached ({k}) exceeds tokens_prompt ({p2})");

        long costNanos = 0;
        switch (f.Cost.Kind)
        {
            case Kind.Absent or Kind.Null: break;
            case Kind.Number when f.Cost.Number is { } d && d >= 0 && d <= MaxCost * scale && d <= MaxStorableCost:
                costNanos = (long)decimal.Round(d * 1_000_000_000m, MidpointRounding.AwayFromZero);
                break;
            case Kind.Number when f.Cost.Number is { } d && d >= 0 && d <= MaxCost * scale:
                errors.Add($"cost must be at most 9,000,000,000 USD in one record, the most its storage holds exactly (got {Clip(NumberText(f.Cost))})");
                break;
            case Kind.Number when scale == 1: errors.Add($"cost must be a number from 0 to 1,000,000 USD (got {Clip(NumberText(f.Cost))})"); break;
            case Kind.Number: errors.Add($"cost must be a number from 0 to 1,000,000 USD × requests (got {Clip(NumberText(f.Cost))} with requests {scale})"); break;
            default: errors.Add("cost must be a number"); break;
        }

        if (errors.Count > 0) return null;
        var derived = keys!.Value;
        return new ValidRecord(id!, createdMs, derived.ModelKey, derived.Variant, derived.Author, derived.Provider,
            derived.AppKey, appTitle, derived.AppSource, derived.Category, prompt!.Value, completion!.Value, reasoning ?? 0, cached ?? 0, costNanos,
            requests!.Value, toolCalls ?? 0, inputs);
    }

    private static string? OptionalString(in Field f, string name, List<string> errors)
    {
        switch (f.Kind)
        {
            case Kind.Absent or Kind.Null or Kind.Refused: return null;
            case Kind.String: return f.Text;
            default:
                errors.Add($"{name} must be a string");
                return null;
        }
    }

    /// <summary>A count bounded by 1,000,000,000 per generation: <paramref name="requests"/> × that in all (at most 10^18, within a long).</summary>
    private static long? Tokens(in Field f, string name, bool required, long requests, List<string> errors)
    {
        switch (f.Kind)
        {
            case Kind.Absent or Kind.Null:
                if (required) errors.Add($"{name} is required");
                return required ? null : 0;
            case Kind.Number when f.Integer is { } v && v >= 0 && v <= MaxTokens * requests:
                return v;
            case Kind.Number when requests == 1:
                errors.Add($"{name} must be an integer from 0 to 1,000,000,000 (got {Clip(NumberText(f))})");
                return null;
            case Kind.Number:
                errors.Add($"{name} must be an integer from 0 to 1,000,000,000 × requests (got {Clip(NumberText(f))} with requests {requests})");
                return null;
            default:
                errors.Add($"{name} must be an integer");
                return null;
        }
    }

    private static string NumberText(in Field f) =>
        f.RawNumber ?? f.Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

/// <summary>RFC 3339 date-time: <c>YYYY-MM-DD(T|t| )hh:mm:ss[.frac](Z|z|±hh:mm)</c>.</summary>
public static class Rfc3339
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    public static bool TryParse(string s, out DateTimeOffset value) => TryParse(s.AsSpan(), out value);

    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20) return false;
        if (!(Digits(s, 0, 4, out var year) && s[4] == '-' && Digits(s, 5, 2, out var month) && s[7] == '-' &&
              Digits(s, 8, 2, out var day) && s[10] is 'T' or 't' or ' ' && Digits(s, 11, 2, out var hour) && s[13] == ':' &&
              Digits(s, 14, 2, out var minute) && s[16] == ':' && Digits(s, 17, 2, out var second)))
            return false;
        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }
            if (i == start) return false;
        }
        if (i >= s.Length) return false;
        TimeSpan offset;
        if (s[i] is 'Z' or 'z' && i == s.Length - 1)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is '+' or '-' && i + 6 == s.Length && Digits(s, i + 1, 2, out var oh) && s[i + 3] == ':' && Digits(s, i + 4, 2, out var om) && oh < 24 && om < 60)
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-') offset = -offset;
        }
        else
        {
            return false;
        }
        if (second == 60) second = 59; // leap second: keep the record, clamp it into the minute
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        try
        {
            var local = new DateTime(year, month, day, hour, minute, second).AddTicks(fractionTicks);
            // RFC 3339 allows offsets up to ±23:59, DateTimeOffset only ±14:00: those beyond are read as the UTC time
            // they name (found by an outsider: "-23:59" was rejected).
            value = offset.Duration() <= MaxOffset ? new DateTimeOffset(local, offset) : new DateTimeOffset(local - offset, TimeSpan.Zero);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i])) return false;
            value = value * 10 + (s[i] - '0');
        }
        return true;
    }
}
