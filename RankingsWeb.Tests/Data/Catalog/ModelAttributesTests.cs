using System.Globalization;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Demo;
using Xunit.Abstractions;

namespace RankingsWeb.Tests.Data.Catalog;

/// <summary>
/// The catalog's model attributes: open or closed weights by model, the author's country by author. They cover the
/// demo data and nearly all of the real sample, fall back to <c>unknown</c>, and an override file may set or change
/// them but not to a value that is not one.
/// </summary>
public class ModelAttributesTests(ITestOutputHelper output)
{
    private static readonly NameCatalog Catalog = NameCatalog.BuiltIn;

    /// <summary>Community fine-tuners who publish under a handle and say nowhere where they live: honestly unknown.</summary>
    private static readonly string[] DemoAuthorsOfUnknownOrigin = ["gryphe", "sao10k", "thedrummer"];

    [Fact]
    public void BuiltIn_EveryDemoModelHasWeights_AndEveryDemoAuthorButTheCommunityFineTunersAnOrigin()
    {
        Assert.Empty(DemoModels.All.Where(m => Catalog.Weights(m.Key) == NameCatalog.Unknown).Select(m => m.Key));
        var unknownOrigin = DemoModels.All.Select(m => m.Key.Split('/')[0]).Distinct()
            .Where(a => Catalog.Origin(a) == NameCatalog.Unknown).Order(StringComparer.Ordinal);
        Assert.Equal(DemoAuthorsOfUnknownOrigin, unknownOrigin);
    }

    [Theory]
    [InlineData("openai/gpt-4o", "closed")]
    [InlineData("openai/gpt-5", "closed")]
    [InlineData("openai/gpt-oss-120b", "open")]
    [InlineData("openai/gpt-oss-20b", "open")]
    [InlineData("anthropic/claude-sonnet-4.5", "closed")]
    [InlineData("google/gemini-2.5-pro", "closed")]
    [InlineData("google/gemma-3-27b-it", "open")]
    [InlineData("x-ai/grok-4", "closed")]
    [InlineData("meta-llama/llama-3.3-70b-instruct", "open")]
    [InlineData("deepseek/deepseek-r1", "open")]
    [InlineData("qwen/qwen3-coder", "open")]
    [InlineData("qwen/qwen-plus", "closed")]
    [InlineData("mistralai/mistral-nemo", "open")]
    [InlineData("mistralai/mistral-medium-3.1", "closed")]
    [InlineData("moonshotai/kimi-k2", "open")]
    [InlineData("z-ai/glm-4.6", "open")]
    [InlineData("minimax/minimax-m2", "open")]
    [InlineData("amazon/nova-pro-v1", "closed")]
    public void Weights_OfKnownModels(string model, string expected) => Assert.Equal(expected, Catalog.Weights(model));

    [Theory]
    [InlineData("openai", "us")]
    [InlineData("anthropic", "us")]
    [InlineData("meta-llama", "us")]
    [InlineData("deepseek", "cn")]
    [InlineData("qwen", "cn")]
    [InlineData("moonshotai", "cn")]
    [InlineData("z-ai", "cn")]
    [InlineData("mistralai", "fr")]
    [InlineData("cohere", "ca")]
    [InlineData("ai21", "il")]
    [InlineData("upstage", "kr")]
    [InlineData("sakana", "jp")]
    [InlineData("tngtech", "de")]
    public void Origin_OfKnownAuthors(string author, string expected) => Assert.Equal(expected, Catalog.Origin(author));

    [Theory]
    [InlineData("deepseek/deepseek-r1:free", "open")]
    [InlineData("anthropic/claude-3.7-sonnet:thinking", "closed")]
    [InlineData("perplexity/sonar:online", "closed")]
    [InlineData("openai/gpt-oss-20b:nitro", "open")]
    [InlineData("acme/unheard-of:free", "unknown")]
    public void Weights_OfAVariant_AreItsModels(string model, string expected) => Assert.Equal(expected, Catalog.Weights(model));

    [Theory]
    [InlineData("acme/super-model-2")]     // neither author nor model in the catalog
    [InlineData("openai/gpt-99")]          // a known author, an unknown model
    [InlineData("gryphe/unknown-thing")]
    [InlineData("no-slash")]
    [InlineData("")]
    public void Weights_OfAModelTheCatalogDoesNotKnow_IsUnknown(string model) => Assert.Equal("unknown", Catalog.Weights(model));

    [Fact]
    public void Weights_OfAModelNamedButNotClassified_IsUnknown()
    {
        Assert.True(Catalog.IsKnownModel("openrouter/bodybuilder")); // a router, not a model with weights
        Assert.Equal("unknown", Catalog.Weights("openrouter/bodybuilder"));
    }

    [Theory]
    [InlineData("acme-labs", "unknown")] // not in the catalog
    [InlineData("thedrummer", "unknown")] // named, country not known
    [InlineData("", "unknown")]
    [InlineData("US", "unknown")]        // keys are lower case
    public void Origin_OfAnAuthorWithoutOne_IsUnknown(string author, string expected) => Assert.Equal(expected, Catalog.Origin(author));

    [Theory]
    [InlineData("deepseek/deepseek-r1:free", "cn")]
    [InlineData("mistralai/acme-new-model", "fr")]
    [InlineData("acme/model", "unknown")]
    [InlineData("no-slash", "unknown")]
    public void ModelOrigin_IsItsAuthorsOrigin(string model, string expected) => Assert.Equal(expected, Catalog.ModelOrigin(model));

    [Theory]
    [InlineData("open", "Open weights")]
    [InlineData("closed", "Closed weights")]
    [InlineData("unknown", "Unknown")]
    public void WeightsName_NamesEachValue(string weights, string expected) => Assert.Equal(expected, NameCatalog.WeightsName(weights));

    [Theory]
    [InlineData("us", "United States")]
    [InlineData("cn", "China")]
    [InlineData("fr", "France")]
    [InlineData("gb", "United Kingdom")]
    [InlineData("ae", "United Arab Emirates")]
    [InlineData("kr", "South Korea")]
    [InlineData("unknown", "Unknown")]
    [InlineData("zz", "ZZ")] // a valid code the table lacks still shows as something readable
    public void OriginName_NamesEachCountry(string origin, string expected) => Assert.Equal(expected, NameCatalog.OriginName(origin));

    [Fact]
    public void BuiltIn_EveryOriginItUsesHasAName_AndTheWeightsValuesAreTheThree()
    {
        using var stream = typeof(NameCatalog).Assembly.GetManifestResourceStream(NameCatalog.ResourceName)!;
        var file = NameCatalog.Parse(stream, "test");
        var origins = file.Authors!.Values.Select(e => e.Origin).OfType<string>().Distinct().ToList();
        Assert.NotEmpty(origins);
        Assert.All(origins, o => Assert.True(NameCatalog.HasOriginName(o), $"no name for origin {o}"));
        Assert.Equal(["open", "closed", "unknown"], NameCatalog.WeightsValues);
        Assert.Empty(file.Models!.Values.Select(e => e.Weights).OfType<string>().Except(NameCatalog.WeightsValues));
    }

    /// <summary>
    /// The real sample (../shared/realdata, not shipped) checks coverage only. The bars are the figures the catalog
    /// reaches today, rounded down: removing a handful of entries fails this.
    /// </summary>
    [Fact]
    public void BuiltIn_CoversTheRealSample()
    {
        var rows = File.ReadAllLines(NameCatalogTests.RealDataPath()).Skip(1).Select(l => l.Split(',')).ToList();
        var tokensByModelId = rows.GroupBy(f => f[1])
            .ToDictionary(g => g.Key, g => g.Sum(f => long.Parse(f[5], CultureInfo.InvariantCulture) + long.Parse(f[6], CultureInfo.InvariantCulture)));
        var total = (double)tokensByModelId.Values.Sum();
        Assert.Equal(358, tokensByModelId.Count);

        var withWeights = tokensByModelId.Where(kv => Catalog.Weights(kv.Key) != NameCatalog.Unknown).ToList();
        var weightsShare = (double)withWeights.Count / tokensByModelId.Count;
        var weightsTokenShare = withWeights.Sum(kv => (double)kv.Value) / total;

        var tokensByAuthor = tokensByModelId.GroupBy(kv => kv.Key.Split('/')[0]).ToDictionary(g => g.Key, g => g.Sum(kv => (double)kv.Value));
        var withOrigin = tokensByAuthor.Where(kv => Catalog.Origin(kv.Key) != NameCatalog.Unknown).ToList();
        var originShare = (double)withOrigin.Count / tokensByAuthor.Count;
        var originTokenShare = withOrigin.Sum(kv => kv.Value) / total;

        output.WriteLine($"model ids with weights: {withWeights.Count}/{tokensByModelId.Count} ({weightsShare:P1}), {weightsTokenShare:P1} of tokens");
        output.WriteLine($"authors with an origin: {withOrigin.Count}/{tokensByAuthor.Count} ({originShare:P1}), {originTokenShare:P1} of tokens");
        output.WriteLine("authors without: " + string.Join(", ", tokensByAuthor.Keys.Except(withOrigin.Select(kv => kv.Key)).Order(StringComparer.Ordinal)));

        Assert.True(weightsShare >= 0.88, $"weights for {weightsShare:P1} of the real model ids");
        Assert.True(weightsTokenShare >= 0.85, $"weights for {weightsTokenShare:P1} of the real tokens");
        Assert.True(originShare >= 0.80, $"an origin for {originShare:P1} of the real authors");
        Assert.True(originTokenShare >= 0.97, $"an origin for {originTokenShare:P1} of the real tokens");
    }

    [Fact]
    public void Override_SetsAndChangesWeightsAndOrigin_FieldByField()
    {
        var path = WriteTemp("""
            {
              "models": {
                "openai/gpt-5": { "weights": "open" },
                "acme/rocket-1": { "name": "Rocket 1", "weights": "closed" },
                "openrouter/bodybuilder": { "weights": "closed" },
                "deepseek/deepseek-r1": { "name": "Reasoner One" }
              },
              "authors": {
                "openai": { "origin": "gb" },
                "acme": { "origin": "ae" },
                "thedrummer": { "origin": "nl" },
                "deepseek": { "name": "Deep Seek" }
              }
            }
            """);
        var catalog = NameCatalog.Create(path);
        Assert.Equal("open", catalog.Weights("openai/gpt-5"));               // changed
        Assert.Equal("open", catalog.Weights("openai/gpt-5:thinking"));      // and its variants with it
        Assert.Equal("OpenAI: GPT-5", catalog.ModelName("openai/gpt-5"));    // the name stays
        Assert.Equal("closed", catalog.Weights("acme/rocket-1"));            // a new model
        Assert.Equal("closed", catalog.Weights("openrouter/bodybuilder"));   // set where unknown
        Assert.Equal("open", catalog.Weights("deepseek/deepseek-r1"));       // a name alone leaves the weights
        Assert.Equal("Deep Seek: Reasoner One", catalog.ModelName("deepseek/deepseek-r1"));
        Assert.Equal("gb", catalog.Origin("openai"));
        Assert.Equal("ae", catalog.Origin("acme"));
        Assert.Equal("nl", catalog.Origin("thedrummer"));
        Assert.Equal("cn", catalog.Origin("deepseek"));                     // a name alone leaves the origin
        Assert.Equal("Deep Seek", catalog.AuthorName("deepseek"));
        Assert.Equal("OpenAI", catalog.AuthorName("openai"));
        Assert.Equal("closed", catalog.Weights("anthropic/claude-opus-4"));  // untouched entries stay
        Assert.Equal("cn", catalog.Origin("qwen"));
        Assert.Equal("closed", NameCatalog.BuiltIn.Weights("openai/gpt-5")); // the built-in one is not changed
        Assert.Equal("us", NameCatalog.BuiltIn.Origin("openai"));
    }

    [Theory]
    [InlineData("""{ "models": { "openai/gpt-5": { "weights": "Open" } } }""", "models.\"openai/gpt-5\"", "\"Open\"")]
    [InlineData("""{ "models": { "openai/gpt-5": { "weights": "unknown" } } }""", "models.\"openai/gpt-5\"", "neither \"open\" nor \"closed\"")]
    [InlineData("""{ "models": { "openai/gpt-5": { "weights": "" } } }""", "models.\"openai/gpt-5\"", "neither")]
    [InlineData("""{ "authors": { "openai": { "origin": "USA" } } }""", "authors.\"openai\"", "\"USA\" is not an ISO 3166 alpha-2")]
    [InlineData("""{ "authors": { "openai": { "origin": "US" } } }""", "authors.\"openai\"", "in lower case")]
    [InlineData("""{ "authors": { "openai": { "origin": "u1" } } }""", "authors.\"openai\"", "\"u1\"")]
    [InlineData("""{ "authors": { "openai": { "weights": "closed" } } }""", "authors.\"openai\"", "\"weights\" belongs to models only")]
    [InlineData("""{ "models": { "openai/gpt-5": { "origin": "us" } } }""", "models.\"openai/gpt-5\"", "\"origin\" belongs to authors only")]
    [InlineData("""{ "providers": { "azure": { "origin": "us" } } }""", "providers.\"azure\"", "\"origin\" belongs to authors only")]
    [InlineData("""{ "models": { "openai/gpt-5": { "weights": 1 } } }""", "not a catalog", "Expected")]
    public void Override_BadValue_SaysWhichFileEntryAndWhy(string json, string entry, string reason)
    {
        var path = WriteTemp(json);
        var e = Assert.Throws<InvalidOperationException>(() => NameCatalog.Create(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(entry, e.Message);
        Assert.Contains(reason, e.Message);
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
