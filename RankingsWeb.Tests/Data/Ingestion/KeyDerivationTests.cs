using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Tests.Data.Ingestion;

public class KeyDerivationTests
{
    [Theory]
    [InlineData("https://WWW.Example.com:443/Tools/", "example.com/tools")]
    [InlineData("https://example.com", "example.com")]
    [InlineData("https://example.com/", "example.com")]
    [InlineData("http://sub.example.com:8080/a/b/?q=1#frag", "sub.example.com/a/b")]
    [InlineData("example.com/app", "example.com/app")]
    [InlineData("https://www.cline.bot/?utm_source=x", "cline.bot")]
    [InlineData("HTTPS://WWW.KILOCODE.AI", "kilocode.ai")]
    [InlineData("https://wwwx.example.com/", "wwwx.example.com")]
    // What IDNA maps to nothing is dropped, as a browser drops it from a host: no look-alike key (found by an outsider).
    [InlineData("https://cl\u200Bine.bot/", "cline.bot")]
    [InlineData("https://\uFEFFkilo\u00ADcode.ai/to\u200Dols", "kilocode.ai/tools")]
    public void AppKeyFromUrl_Cases(string url, string expected) => Assert.Equal(expected, KeyDerivation.AppKeyFromUrl(url));

    [Theory]
    [InlineData("mailto:someone@example.com")]
    [InlineData("ftp://example.com")]
    [InlineData("   ")]
    public void AppKeyFromUrl_NotHttp_Null(string url) => Assert.Null(KeyDerivation.AppKeyFromUrl(url));

    [Theory]
    [InlineData("My App!", "my-app")]
    [InlineData("  --Roo   Code--  ", "roo-code")]
    [InlineData("SillyTavern", "sillytavern")]
    [InlineData("Ünïcode Tool 2", "n-code-tool-2")]
    public void AppKeyFromTitle_Cases(string title, string expected) => Assert.Equal(expected, KeyDerivation.AppKeyFromTitle(title));

    [Fact]
    public void AppKeyFromTitle_NothingLeft_Null() => Assert.Null(KeyDerivation.AppKeyFromTitle("!!!"));

    [Theory]
    [InlineData("Amazon Bedrock", "amazon-bedrock")]
    [InlineData("  Google  Vertex (EU) ", "google-vertex-eu")]
    [InlineData("DeepInfra", "deepinfra")]
    public void ProviderKey_Cases(string provider, string expected) => Assert.Equal(expected, KeyDerivation.ProviderKey(provider));

    [Theory]
    [InlineData("openai/gpt-4o", "openai/gpt-4o", "openai", "none")]
    [InlineData("OpenAI/GPT-4o:Free", "openai/gpt-4o", "openai", "free")]
    [InlineData("deepseek/deepseek-r1-0528:nitro", "deepseek/deepseek-r1-0528", "deepseek", "nitro")]
    [InlineData("meta-llama/llama-3.3-70b-instruct:floor", "meta-llama/llama-3.3-70b-instruct", "meta-llama", "floor")]
    [InlineData("a.b/c_d-e.f", "a.b/c_d-e.f", "a.b", "none")]
    public void ParseModel_Cases(string model, string key, string author, string variant)
    {
        var parts = KeyDerivation.ParseModel(model);
        Assert.Equal(new KeyDerivation.ModelParts(key, author, variant), parts);
    }

    [Theory]
    [InlineData("gpt-4o")]
    [InlineData("a/b/c")]
    [InlineData("a/b:c:d")]
    [InlineData("a/")]
    [InlineData("a/b:")]
    [InlineData("a b/c")]
    public void ParseModel_Invalid_Null(string model) => Assert.Null(KeyDerivation.ParseModel(model));

    [Fact]
    public void ParseModel_PartLongerThan100_Null()
    {
        Assert.NotNull(KeyDerivation.ParseModel("a/" + new string('b', 100)));
        Assert.Null(KeyDerivation.ParseModel("a/" + new string('b', 101)));
    }

    [Theory]
    [InlineData("Programming", "programming")]
    [InlineData("web-dev", "web-dev")]
    [InlineData("web dev", null)]
    [InlineData("", null)]
    public void NormalizeCategory_Cases(string category, string? expected) => Assert.Equal(expected, KeyDerivation.NormalizeCategory(category));

    [Theory]
    [InlineData("anthropic/claude-sonnet-4", "Anthropic: Claude Sonnet 4")]
    [InlineData("openai/gpt-4o-mini", "OpenAI: GPT-4o-mini")]
    [InlineData("acme/super-model-2", "Acme: Super Model 2")]
    public void ModelName_CatalogOrSlug(string key, string expected) => Assert.Equal(expected, ModelCatalog.ModelName(key));
}
