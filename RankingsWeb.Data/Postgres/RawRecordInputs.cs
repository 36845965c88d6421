using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// What a <c>raw_records</c> row keeps of its record's derivation inputs (migration RawRecordInputs), by
/// <see cref="RecordDerivation.Keep"/>'s rule. <see cref="Flags"/> is null when the inputs are not known (rows stored
/// before the migration, records not from the parser); else it has a bit per field that was not sent (model 1,
/// provider 2, app_url 4, category 8), and a bit per field whose text is kept as what follows its rebuild (model 16,
/// provider 32, app_url 64, category 128): a referer "https://cline.bot/" keeps "/" after "https://" + its app key.
/// Each text is null where the input is rebuilt from the keys (or absent). A typical record keeps 0 and four nulls,
/// or a "/". The title is the row's <c>app_title</c>. Like the rebuild, the suffix reads only the stored keys, so what is
/// kept gives back the inputs exactly under any later rule.
/// </summary>
public readonly record struct RawRecordInputs(short? Flags, string? Model, string? Provider, string? AppUrl, string? Category)
{
    public static readonly RawRecordInputs Unknown = new(null, null, null, null, null);

    /// <summary>What a row of <paramref name="r"/>, stored with its keys, keeps.</summary>
    public static RawRecordInputs Of(ValidRecord r)
    {
        if (r.Inputs is not { } sent) return Unknown;
        var k = r.Keys;
        short flags = 0;
        var model = Text(InputField.Model, sent.Model, k, ref flags);
        var provider = Text(InputField.Provider, sent.Provider, k, ref flags);
        var appUrl = Text(InputField.AppUrl, sent.AppUrl, k, ref flags);
        var category = Text(InputField.Category, sent.Category, k, ref flags);
        // PostgreSQL text cannot hold U+0000. The parser refuses it in every field, so only a record made elsewhere
        // could carry one: its inputs are then not kept, and a re-fold keeps its keys.
        if (HasNul(model) || HasNul(provider) || HasNul(appUrl) || HasNul(category)) return Unknown;
        return new RawRecordInputs(flags, model, provider, appUrl, category);
    }

    private static string? Text(InputField field, string? sent, in DerivedKeys k, ref short flags)
    {
        var kept = RecordDerivation.Keep(field, sent, k);
        if (kept.Kind == KeptKind.Absent) flags |= AbsentBit(field);
        if (kept.Text is not { } text) return null;
        // Only a text that is not rebuilt reaches here, so a rebuild it starts with is shorter than it.
        if (RecordDerivation.Rebuild(field, k) is { } rebuilt && text.StartsWith(rebuilt, StringComparison.Ordinal))
        {
            flags |= SuffixBit(field);
            return text[rebuilt.Length..];
        }
        return text;
    }

    private static short AbsentBit(InputField field) => (short)(1 << (int)field);

    private static short SuffixBit(InputField field) => (short)(16 << (int)field);

    private static bool HasNul(string? s) => s is not null && s.Contains('\0');

    private string? Sent(InputField field, string? text, in DerivedKeys k)
    {
        var flags = Flags!.Value;
        if (text is null) return (flags & AbsentBit(field)) != 0 ? null : RecordDerivation.Rebuild(field, k);
        return (flags & SuffixBit(field)) != 0 ? RecordDerivation.Rebuild(field, k) + text : text;
    }

    /// <summary>The inputs as sent, given the keys and title stored with them; null when not known.</summary>
    public DerivationInputs? Restore(in DerivedKeys k, string? appTitle)
    {
        if (Flags is null) return null;
        return new DerivationInputs(
            Sent(InputField.Model, Model, k), Sent(InputField.Provider, Provider, k), Sent(InputField.AppUrl, AppUrl, k),
            appTitle, Sent(InputField.Category, Category, k));
    }
}
