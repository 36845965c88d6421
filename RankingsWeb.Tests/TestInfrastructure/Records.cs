using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>A test record and its NDJSON line; the tests sum these independently of the product.</summary>
public sealed record TestRecord(
    string Id, DateTimeOffset CreatedAt, string Model, long Prompt, long Completion, long Reasoning = 0, long Cached = 0,
    string? AppUrl = null, string? AppTitle = null, string? Category = null, string? Provider = null, decimal Cost = 0,
    long? Requests = null, long? ToolCalls = null)
{
    public long Tokens => Prompt + Completion;
    public string ModelKey => Model.ToLowerInvariant().Split(':')[0];
    public string Variant => Model.Contains(':') ? Model.ToLowerInvariant().Split(':')[1] : "none";
    public string Author => ModelKey.Split('/')[0];
    /// <summary>
    /// This record's key in a folded dimension, derived here by the contract's rules (null: in no row of it); an
    /// unlisted app is the caller's to leave out.
    /// </summary>
    public string? KeyIn(string dimension) => dimension switch
    {
        "models" => ModelKey,
        "authors" => Author,
        "categories" => Category ?? "uncategorized",
        "variants" => Variant,
        "providers" => Provider is null ? null : RankingsWeb.Data.Ingestion.KeyDerivation.ProviderKey(Provider),
        "apps" => AppUrl is not null ? RankingsWeb.Data.Ingestion.KeyDerivation.AppKeyFromUrl(AppUrl)
            : AppTitle is not null ? RankingsWeb.Data.Ingestion.KeyDerivation.AppKeyFromTitle(AppTitle) : null,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "not a folded dimension"),
    };

    public string Day => CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string ToJson()
    {
        var o = new Dictionary<string, object?>
        {
            ["id"] = Id,
            ["created_at"] = CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["model"] = Model,
            ["tokens_prompt"] = Prompt,
            ["tokens_completion"] = Completion,
            ["tokens_reasoning"] = Reasoning,
            ["tokens_cached"] = Cached,
            ["cost"] = Cost,
        };
        if (AppUrl is not null) o["app_url"] = AppUrl;
        if (AppTitle is not null) o["app_title"] = AppTitle;
        if (Category is not null) o["category"] = Category;
        if (Provider is not null) o["provider"] = Provider;
        // Contract v1.1 fields: left out when not set, as a source before v1.1 sends them.
        if (Requests is not null) o["requests"] = Requests;
        if (ToolCalls is not null) o["tool_calls"] = ToolCalls;
        return JsonSerializer.Serialize(o);
    }

    public static string Ndjson(IEnumerable<TestRecord> records)
    {
        var sb = new StringBuilder();
        foreach (var r in records) sb.Append(r.ToJson()).Append('\n');
        return sb.ToString();
    }
}

/// <summary>Deterministic random records across a few models, apps, categories and days.</summary>
public static class RecordMaker
{
    public static readonly string[] Models = ["anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "deepseek/deepseek-r1:free", "openai/gpt-5", "qwen/qwen3-coder", "x-ai/grok-4"];
    public static readonly string?[] Apps = ["https://cline.bot/", "https://www.kilocode.ai/?x=1", null, "https://example.com/tools/"];
    public static readonly string?[] Categories = ["programming", "roleplay", null, "legal"];
    public static readonly string?[] Providers = ["Amazon Bedrock", "anthropic", null];

    public static List<TestRecord> Make(int count, DateOnly lastDay, int days, int seed = 1, string prefix = "r")
    {
        var rng = new Random(seed);
        var list = new List<TestRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var day = lastDay.AddDays(-rng.Next(days));
            var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(rng.Next(86_400));
            var completion = rng.Next(0, 5000);
            var prompt = rng.Next(0, 20000);
            list.Add(new TestRecord($"{prefix}-{seed}-{i}", at, Models[rng.Next(Models.Length)], prompt, completion,
                Reasoning: rng.Next(0, completion + 1), Cached: rng.Next(0, prompt + 1),
                AppUrl: Apps[rng.Next(Apps.Length)], Category: Categories[rng.Next(Categories.Length)],
                Provider: Providers[rng.Next(Providers.Length)], Cost: Math.Round((decimal)rng.NextDouble(), 6)));
        }
        return list;
    }
}
