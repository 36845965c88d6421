using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Catalog;

/// <summary>
/// The names catalog: it names every key of the demo data and the common real ones, falls back to the slug for the
/// rest, and an override file lays its entries over the built-in ones.
/// </summary>
public class NameCatalogTests
{
    private static readonly NameCatalog Names = NameCatalog.BuiltIn;

    [Theory]
    [InlineData(Dimension.Authors, "x-ai", "xAI")]
    [InlineData(Dimension.Authors, "openai", "OpenAI")]
    [InlineData(Dimension.Authors, "mistralai", "Mistral AI")]
    [InlineData(Dimension.Authors, "meta-llama", "Meta")]
    [InlineData(Dimension.Authors, "deepseek", "DeepSeek")]
    [InlineData(Dimension.Providers, "google-ai-studio", "Google AI Studio")]
    [InlineData(Dimension.Providers, "google-vertex", "Google Vertex")]
    [InlineData(Dimension.Providers, "amazon-bedrock", "Amazon Bedrock")]
    [InlineData(Dimension.Providers, "deepinfra", "DeepInfra")]
    [InlineData(Dimension.Categories, "seo", "SEO")]
    [InlineData(Dimension.Categories, "roleplay", "Roleplay")]
    [InlineData(Dimension.Models, "openai/gpt-5", "OpenAI: GPT-5")]
    [InlineData(Dimension.Models, "x-ai/grok-4", "xAI: Grok 4")]
    // Unknown keys: a name made from the slug, as before the catalog.
    [InlineData(Dimension.Authors, "acme-labs", "Acme Labs")]
    [InlineData(Dimension.Providers, "some-new-cloud", "Some New Cloud")]
    [InlineData(Dimension.Categories, "knitting", "Knitting")]
    [InlineData(Dimension.Models, "acme/super-model-2", "Acme: Super Model 2")]
    [InlineData(Dimension.Models, "openai/gpt-99", "OpenAI: Gpt 99")]
    [InlineData(Dimension.Variants, "free", "free")]
    public void Name_CatalogOrSlug(Dimension dimension, string key, string expected) => Assert.Equal(expected, Names.Name(dimension, key));

    [Fact]
    public void BuiltIn_NamesEveryKeyOfTheDemoData()
    {
        var missing = new List<string>();
        foreach (var m in DemoModels.All)
        {
            if (!Names.Knows(Dimension.Models, m.Key)) missing.Add("model " + m.Key);
            if (!Names.Knows(Dimension.Authors, m.Key.Split('/')[0])) missing.Add("author " + m.Key.Split('/')[0]);
            missing.AddRange(m.Providers.Where(p => !Names.Knows(Dimension.Providers, p)).Select(p => "provider " + p));
        }
        missing.AddRange(DemoDataGenerator.Categories.Append("uncategorized").Where(c => !Names.Knows(Dimension.Categories, c)).Select(c => "category " + c));
        Assert.Empty(missing.Distinct());
    }

    /// <summary>The real sample (../shared/realdata, not shipped) checks coverage only: no data of it is in the catalog.</summary>
    [Fact]
    public void BuiltIn_NamesEveryRealAuthorAndTheModelsOfMostRealTokens()
    {
        var lines = File.ReadAllLines(RealDataPath()).Skip(1).Select(l => l.Split(',')).ToList();
        var tokens = lines.GroupBy(f => f[1].Split(':')[0])
            .ToDictionary(g => g.Key, g => g.Sum(f => long.Parse(f[5], CultureInfo.InvariantCulture) + long.Parse(f[6], CultureInfo.InvariantCulture)));
        var authors = tokens.Keys.Select(k => k.Split('/')[0]).Distinct().Where(a => !Names.Knows(Dimension.Authors, a)).ToList();
        Assert.Empty(authors);
        var named = tokens.Where(kv => Names.Knows(Dimension.Models, kv.Key)).Sum(kv => (double)kv.Value) / tokens.Values.Sum(v => (double)v);
        Assert.True(named >= 0.95, $"models named by the catalog carry {named:P1} of the real tokens");
    }

    internal static string RealDataPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "realdata", "token_mix_daily_by_model.csv");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("../shared/realdata/token_mix_daily_by_model.csv not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void BuiltIn_EveryNameIsCleanAndEveryKeyLowerCase()
    {
        using var stream = typeof(NameCatalog).Assembly.GetManifestResourceStream(NameCatalog.ResourceName)!;
        var file = NameCatalog.Parse(stream, "test");
        foreach (var section in new[] { file.Authors, file.Models, file.Providers, file.Categories })
        {
            Assert.NotNull(section);
            Assert.NotEmpty(section);
            foreach (var (key, entry) in section)
            {
                Assert.Equal(key.ToLowerInvariant(), key);
                Assert.False(string.IsNullOrWhiteSpace(entry.Name), key);
                Assert.Equal(DisplayText.Clean(entry.Name!).Trim(), entry.Name);
            }
        }
    }

    [Fact]
    public void Override_LaysItsEntriesOverTheBuiltInOnes()
    {
        var path = WriteTemp("""
            // comments and trailing commas are fine
            {
              "authors": { "openai": { "name": "Open AI Inc." }, "acme": { "name": "ACME\u202E Labs", "origin": "us" } },
              "providers": { "acme-cloud": { "name": "ACME Cloud" }, },
              "categories": { "seo": { } },
              "weights": { "later": "sections are ignored until they mean something" }
            }
            """);
        var names = NameCatalog.Create(path);
        Assert.Equal("Open AI Inc.", names.AuthorName("openai"));
        Assert.Equal("ACME Labs", names.AuthorName("acme"));          // cleaned of bidi controls
        Assert.Equal("ACME Cloud", names.ProviderName("acme-cloud"));
        Assert.Equal("SEO", names.CategoryName("seo"));                // an entry without a name leaves the built-in one
        Assert.Equal("xAI", names.AuthorName("x-ai"));                 // untouched entries stay
        Assert.Equal("Open AI Inc.: GPT-5", names.ModelName("openai/gpt-5"));
        Assert.Equal("Nowhere Cloud", names.ProviderName("nowhere-cloud"));
        Assert.Same(NameCatalog.BuiltIn, NameCatalog.Create(""));
        Assert.Equal("OpenAI", NameCatalog.BuiltIn.AuthorName("openai")); // the built-in one is not changed
    }

    [Fact]
    public void Override_MalformedOrMissing_SaysWhichFileAndWhy()
    {
        var bad = WriteTemp("{ \"authors\": [ \"not\", \"a\", \"map\" ] }");
        var e = Assert.Throws<InvalidOperationException>(() => NameCatalog.Create(bad));
        Assert.Contains(bad, e.Message);
        var missing = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N") + ".json");
        e = Assert.Throws<InvalidOperationException>(() => NameCatalog.Create(missing));
        Assert.Contains("Rankings:ModelCatalogPath", e.Message);
    }

    [Fact]
    public async Task Override_ConfiguredPath_NamesInRankings()
    {
        var path = WriteTemp("""{ "providers": { "amazon-bedrock": { "name": "Bedrock (AWS)" } }, "models": { "openai/gpt-5": { "name": "Five" } } }""");
        await using var db = await TestDatabase.CreateAsync(s => s.Configure<RankingsOptions>(o => o.ModelCatalogPath = path));
        var records = new List<TestRecord>
        {
            new("o1", new DateTimeOffset(2026, 11, 20, 1, 0, 0, TimeSpan.Zero), "openai/gpt-5", 10, 1, Provider: "Amazon Bedrock"),
        };
        Assert.Equal(1, (await db.IngestAsync(records)).Accepted);
        await db.FoldPendingAsync();
        var window = new DayWindow(Days.FromDate(new DateOnly(2026, 11, 20)), Days.FromDate(new DateOnly(2026, 11, 21)));
        var queries = db.Get<RankingsQueries>();
        Assert.Equal("Bedrock (AWS)", (await queries.RankingsAsync(Dimension.Providers, window, Filters.None, 10)).Items.Single().Name);
        Assert.Equal("OpenAI: Five", (await queries.RankingsAsync(Dimension.Models, window, Filters.None, 10)).Items.Single().Name);
        Assert.Equal("OpenAI: Five", (await db.Get<ProviderQueries>().ModelPricesAsync("amazon-bedrock", window)).Single().ModelName);
    }

    private static string WriteTemp(string json)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rankings-tests");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }
}
