using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Ingestion;

/// <summary>
/// The derivation inputs of one record, as sent, after the parser's rules (the title trimmed to 200 characters and
/// null when empty); <see cref="Model"/> null only while the parser has already refused it.
/// </summary>
public readonly record struct DerivationInputs(string? Model, string? Provider, string? AppUrl, string? AppTitle, string? Category);

/// <summary>The keys <see cref="RecordDerivation.Derive"/> gives; absent optional ones null.</summary>
public readonly record struct DerivedKeys(
    string ModelKey, string Variant, string Author, string? Provider, string? AppKey, AppSource AppSource, string Category);

/// <summary>
/// The contract's derivation rules for a whole record, in one place: the parser derives an accepted record's keys
/// with it, and a re-fold derives them again from the inputs kept with the record, so a fixed rule applies to the
/// days re-folded. Each field's rule is <see cref="KeyDerivation"/>'s, through the bounded <see cref="DerivationCache"/>.
/// </summary>
public static class RecordDerivation
{
    /// <summary>
    /// The keys of <paramref name="inputs"/>, or null when a rule is broken: then each broken rule adds its reason to
    /// <paramref name="errors"/> (model first, then provider, app, category), or, with no list, the first ends it.
    /// </summary>
    public static DerivedKeys? Derive(in DerivationInputs inputs, List<string>? errors)
    {
        var failed = false;
        KeyDerivation.ModelParts? model = null;
        if (inputs.Model is { } m)
        {
            model = DerivationCache.Model(m);
            if (model is null && Fail(errors, $"model '{Clip(m)}' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-", ref failed)) return null;
        }
        else
        {
            failed = true; // the caller has said why
        }

        string? provider = null;
        if (inputs.Provider is { } p)
        {
            // Unbounded, one record's provider would be on every page that lists providers, for every visitor.
            provider = p.Length <= KeyDerivation.MaxProviderLength ? DerivationCache.ProviderKey(p) : null;
            if (provider is { Length: > KeyDerivation.MaxProviderKeyLength } || p.Length > KeyDerivation.MaxProviderLength)
            {
                provider = null;
                if (Fail(errors, $"provider must give a provider key of at most {KeyDerivation.MaxProviderKeyLength} characters ({KeyDerivation.MaxProviderLength} characters sent at most)", ref failed)) return null;
            }
        }

        string? appKey = null;
        var appSource = AppSource.None;
        if (!string.IsNullOrWhiteSpace(inputs.AppUrl))
        {
            appKey = DerivationCache.AppKeyFromUrl(inputs.AppUrl);
            if (appKey is null)
            {
                if (Fail(errors, $"app_url '{Clip(inputs.AppUrl)}' is not an http(s) URL with a host", ref failed)) return null;
            }
            else if (appKey.Length > KeyDerivation.MaxAppKeyLength)
            {
                if (Fail(errors, $"app_url gives an app key longer than {KeyDerivation.MaxAppKeyLength} characters", ref failed)) return null;
            }
            else
            {
                appSource = AppSource.Url;
            }
        }
        else if (inputs.AppTitle is not null)
        {
            appKey = DerivationCache.AppKeyFromTitle(inputs.AppTitle);
            if (appKey is not null) appSource = AppSource.Title;
        }

        var category = KeyDerivation.Uncategorized;
        if (inputs.Category is { } rawCategory)
        {
            var c = DerivationCache.Category(rawCategory);
            if (c is null)
            {
                if (Fail(errors, $"category '{Clip(rawCategory)}' must be 1-40 characters of a-z0-9- after lower-casing", ref failed)) return null;
            }
            else
            {
                category = c;
            }
        }

        if (failed) return null;
        return new DerivedKeys(model!.Value.ModelKey, model.Value.Variant, model.Value.Author, provider, appKey, appSource, category);
    }

    /// <summary>Records the reason; true when the caller should stop (no list to add more to).</summary>
    private static bool Fail(List<string>? errors, string reason, ref bool failed)
    {
        failed = true;
        if (errors is null) return true;
        errors.Add(reason);
        return false;
    }

    internal static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";

    // ---- What is kept of the inputs ----

    /// <summary>
    /// THE RULE for what is stored of an input (the title is stored anyway, as the record's app title). Each of model,
    /// provider, app_url and category is stored as one of: <see cref="KeptInput.Rebuilt"/> when the input as sent
    /// equals <see cref="Rebuild"/> of the keys stored with it; <see cref="KeptInput.Absent"/> when it was not sent
    /// (and the rebuild is not absent); else the string as sent. The rebuild reads only the stored keys, never the
    /// rules, so what is kept gives back the inputs exactly under any later rule. Rebuilds: model
    /// <c>model_key</c>, or <c>model_key:variant</c> where the variant is not <c>none</c>; provider the provider key (absent where
    /// none); app_url <c>https://</c> + app key where the key came from a URL (absent otherwise); category the
    /// category key. So <c>openai/gpt-4o</c>, <c>deepinfra</c>, <c>programming</c> cost nothing beyond their keys.
    /// The rebuild is part of the stored formats (SQLite's record blocks, PostgreSQL's raw rows: Postgres.RawRecordInputs):
    /// change it only with a new block format and a PostgreSQL migration.
    /// </summary>
    public static string? Rebuild(InputField field, in DerivedKeys k) => field switch
    {
        InputField.Model => k.Variant == KeyDerivation.NoVariant ? k.ModelKey : k.ModelKey + ":" + k.Variant,
        InputField.Provider => k.Provider,
        InputField.AppUrl => k.AppSource == AppSource.Url ? "https://" + k.AppKey : null,
        InputField.Category => k.Category,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>What <see cref="Rebuild"/>'s rule stores of one input.</summary>
    public static KeptInput Keep(InputField field, string? sent, in DerivedKeys k)
    {
        if (IsRebuilt(field, sent, k)) return KeptInput.Rebuilt;
        return sent is null ? KeptInput.Absent : KeptInput.Of(sent);
    }

    /// <summary>
    /// <c>sent == Rebuild(field, k)</c> (ordinal), without building the rebuild: PostgreSQL's append path asks it of
    /// every record, where SQLite's asks it once per key combination of a block.
    /// </summary>
    public static bool IsRebuilt(InputField field, string? sent, in DerivedKeys k)
    {
        switch (field)
        {
            case InputField.Model:
                if (sent is null) return false;
                if (k.Variant == KeyDerivation.NoVariant) return string.Equals(sent, k.ModelKey, StringComparison.Ordinal);
                return sent.Length == k.ModelKey.Length + 1 + k.Variant.Length && sent.StartsWith(k.ModelKey, StringComparison.Ordinal)
                    && sent[k.ModelKey.Length] == ':' && sent.EndsWith(k.Variant, StringComparison.Ordinal);
            case InputField.Provider:
                return string.Equals(sent, k.Provider, StringComparison.Ordinal);
            case InputField.AppUrl:
                if (k.AppSource != AppSource.Url) return sent is null;
                var app = k.AppKey ?? "";
                return sent is not null && sent.Length == "https://".Length + app.Length
                    && sent.StartsWith("https://", StringComparison.Ordinal) && sent.EndsWith(app, StringComparison.Ordinal);
            case InputField.Category:
                return string.Equals(sent, k.Category, StringComparison.Ordinal);
            default:
                throw new ArgumentOutOfRangeException(nameof(field));
        }
    }

    /// <summary>The input <paramref name="kept"/> stands for, given the keys stored with it.</summary>
    public static string? Restore(InputField field, KeptInput kept, in DerivedKeys k) => kept.Kind switch
    {
        KeptKind.Rebuilt => Rebuild(field, k),
        KeptKind.Absent => null,
        _ => kept.Text,
    };
}

public enum InputField : byte { Model, Provider, AppUrl, Category }

public enum KeptKind : byte { Rebuilt, Absent, Text }

/// <summary>One input as stored: rebuilt from the keys, absent, or its text as sent.</summary>
public readonly record struct KeptInput(KeptKind Kind, string? Text)
{
    public static readonly KeptInput Rebuilt = new(KeptKind.Rebuilt, null);
    public static readonly KeptInput Absent = new(KeptKind.Absent, null);
    public static KeptInput Of(string text) => new(KeptKind.Text, text);
}
