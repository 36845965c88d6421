using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Postgres;

/// <summary>
/// What a <c>raw_records</c> row keeps of its record's derivation inputs (migration RawRecordInputs), by
/// <see cref="RecordDerivation.Keep"/>'s rule: <see cref="Absent"/> has a bit per field that was not sent (model 1,
/// provider 2, app_url 4, category 8), null when the inputs are not known (rows stored before the migration, records
/// not from the parser); each text is the input as sent where it is not rebuilt from the keys, else null. A typical
/// record keeps 0 and four nulls. The title is the row's <c>app_title</c>.
/// </summary>
public readonly record struct RawRecordInputs(short? Absent, string? Model, string? Provider, string? AppUrl, string? Category)
{
    public static readonly RawRecordInputs Unknown = new(null, null, null, null, null);

    /// <summary>What a row of <paramref name="r"/>, stored with its keys, keeps.</summary>
    public static RawRecordInputs Of(ValidRecord r)
    {
        if (r.Inputs is not { } sent) return Unknown;
        var k = r.Keys;
        short absent = 0;
        var model = Text(InputField.Model, sent.Model, k, ref absent);
        var provider = Text(InputField.Provider, sent.Provider, k, ref absent);
        var appUrl = Text(InputField.AppUrl, sent.AppUrl, k, ref absent);
        var category = Text(InputField.Category, sent.Category, k, ref absent);
        // PostgreSQL text cannot hold U+0000. The parser refuses it in every field, so only a record made elsewhere
        // could carry one: its inputs are then not kept, and a re-fold keeps its keys.
        if (HasNul(model) || HasNul(provider) || HasNul(appUrl) || HasNul(category)) return Unknown;
        return new RawRecordInputs(absent, model, provider, appUrl, category);
    }

    private static string? Text(InputField field, string? sent, in DerivedKeys k, ref short absent)
    {
        var kept = RecordDerivation.Keep(field, sent, k);
        if (kept.Kind == KeptKind.Absent) absent |= (short)(1 << (int)field);
        return kept.Text;
    }

    private static bool HasNul(string? s) => s is not null && s.Contains('\0');

    private KeptInput Kept(InputField field, string? text) =>
        text is not null ? KeptInput.Of(text) : (Absent!.Value & (1 << (int)field)) != 0 ? KeptInput.Absent : KeptInput.Rebuilt;

    /// <summary>The inputs as sent, given the keys and title stored with them; null when not known.</summary>
    public DerivationInputs? Restore(in DerivedKeys k, string? appTitle)
    {
        if (Absent is null) return null;
        return new DerivationInputs(
            RecordDerivation.Restore(InputField.Model, Kept(InputField.Model, Model), k),
            RecordDerivation.Restore(InputField.Provider, Kept(InputField.Provider, Provider), k),
            RecordDerivation.Restore(InputField.AppUrl, Kept(InputField.AppUrl, AppUrl), k),
            appTitle,
            RecordDerivation.Restore(InputField.Category, Kept(InputField.Category, Category), k));
    }
}
