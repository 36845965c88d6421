using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// <c>/api/v1/growth/{dimension}</c> (contract v1.1, "Growth drivers") and the <c>weights</c>/<c>origins</c> dimensions,
/// over real HTTP: every figure is checked against sums and splits computed here from the records sent, with an
/// unlisted app, an approved alias, a model that is gone and one that is new.
/// </summary>
public class GrowthApiTests : IClassFixture<GrowthApiTests.LoadedApp>
{
    private const string Hidden = "hidden.example", Alias = "alias.example", AliasOf = "cline.bot";

    public sealed class LoadedApp : RankingsAppFactory, IAsyncLifetime
    {
        public static readonly DateOnly LastDay = new(2026, 11, 20);
        public List<TestRecord> Records { get; } = Make();

        private static List<TestRecord> Make()
        {
            var records = RecordMaker.Make(3000, LastDay, 30, seed: 14, prefix: "g");
            var rng = new Random(14);
            DateTimeOffset At(int daysBack) => new DateTimeOffset(LastDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-daysBack).AddSeconds(rng.Next(86_400));
            TestRecord Extra(string id, int daysBack, string model, string? appUrl = null, string? category = null)
            {
                var completion = rng.Next(0, 3000);
                return new(id, At(daysBack), model, rng.Next(0, 9000), completion, Reasoning: rng.Next(0, completion + 1), AppUrl: appUrl, Category: category);
            }
            for (var i = 0; i < 40; i++)
            {
                records.Add(Extra($"gone-{i}", 7 + i % 7, "mistralai/mistral-nemo"));              // previous week only
                records.Add(Extra($"new-{i}", i % 7, "moonshotai/kimi-k2", category: "programming")); // this week only
                records.Add(Extra($"mystery-{i}", i % 14, "acme/mystery-1:free"));                 // unknown weights and origin
                records.Add(Extra($"hidden-{i}", i % 14, "openai/gpt-5", appUrl: $"https://{Hidden}/"));
                records.Add(Extra($"alias-{i}", i % 14, "qwen/qwen3-coder", appUrl: $"https://{Alias}/", category: "programming"));
            }
            return records;
        }

        public async Task InitializeAsync()
        {
            var client = IngestClient();
            foreach (var chunk in Records.Chunk(1000)) await client.PostNdjsonAsync(TestRecord.Ndjson(chunk));
            await client.WaitForPendingZeroAsync(Records.Count);

            var admin = CreateClient();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var unlist = await admin.PutAsync($"/api/v1/admin/apps/{Hidden}", new StringContent("{\"listed\":false}", Encoding.UTF8, "application/json"));
            Assert.Equal(204, (int)unlist.StatusCode);
            var owners = Service<AppOwners>();
            Assert.Null(await owners.RequestAliasAsync(AliasOf, $"https://{Alias}/", "owner@test"));
            await owners.DecideAliasAsync(Alias, approve: true, "admin");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly LoadedApp _app;

    public GrowthApiTests(LoadedApp app) => _app = app;

    private static readonly DateOnly WeekFrom = LoadedApp.LastDay.AddDays(-6), WeekTo = LoadedApp.LastDay.AddDays(1);

    /// <summary>The catalog's facts about the models sent, written out here rather than read from the product.</summary>
    private static readonly Dictionary<string, string> WeightsOf = new()
    {
        ["anthropic/claude-sonnet-4"] = "closed", ["google/gemini-2.5-flash"] = "closed", ["deepseek/deepseek-r1"] = "open",
        ["openai/gpt-5"] = "closed", ["qwen/qwen3-coder"] = "open", ["x-ai/grok-4"] = "closed", ["mistralai/mistral-nemo"] = "open",
        ["moonshotai/kimi-k2"] = "open", ["acme/mystery-1"] = "unknown",
    };

    private static readonly Dictionary<string, string> OriginOf = new()
    {
        ["anthropic"] = "us", ["google"] = "us", ["deepseek"] = "cn", ["openai"] = "us", ["qwen"] = "cn", ["x-ai"] = "us",
        ["mistralai"] = "fr", ["moonshotai"] = "cn", ["acme"] = "unknown",
    };

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly DateOf(TestRecord r) => DateOnly.FromDateTime(r.CreatedAt.UtcDateTime);

    /// <summary>The app a record counts for in public: the alias as its app, the unlisted app as nobody's.</summary>
    private static string? App(TestRecord r)
    {
        var key = r.AppUrl is not null ? KeyDerivation.AppKeyFromUrl(r.AppUrl) : r.AppTitle is not null ? KeyDerivation.AppKeyFromTitle(r.AppTitle) : null;
        if (key == Alias) key = AliasOf;
        return key == Hidden ? null : key;
    }

    private static string? KeyOf(TestRecord r, string dimension) => dimension switch
    {
        "models" => r.ModelKey,
        "authors" => r.Author,
        "apps" => App(r),
        "categories" => r.Category ?? "uncategorized",
        "providers" => r.Provider is null ? null : KeyDerivation.ProviderKey(r.Provider),
        "variants" => r.Variant,
        "weights" => WeightsOf[r.ModelKey],
        _ => OriginOf[r.Author],
    };

    /// <summary>Sums of one side, computed from the records; requests are records (each sent without <c>requests</c>, so 1).</summary>
    private sealed record Fig(long T1, long T0, long Q1, long Q0, long P1, long P0, long C1, long C0, long Z1, long Z0)
    {
        public static Fig Of(IEnumerable<TestRecord> current, IEnumerable<TestRecord> previous)
        {
            var c = current.ToList();
            var p = previous.ToList();
            return new(c.Sum(r => r.Tokens), p.Sum(r => r.Tokens), c.Count, p.Count, c.Sum(r => r.Prompt), p.Sum(r => r.Prompt),
                c.Sum(r => r.Completion), p.Sum(r => r.Completion), c.Sum(r => r.Reasoning), p.Sum(r => r.Reasoning));
        }

        public long Delta => T1 - T0;

        /// <summary>The contract's midpoint split, written out from its text.</summary>
        public (double More, double Larger) Split()
        {
            double? s1 = Q1 > 0 ? (double)T1 / Q1 : null, s0 = Q0 > 0 ? (double)T0 / Q0 : null;
            s0 ??= s1;
            s1 ??= s0;
            double a = s0 ?? 0, b = s1 ?? 0;
            return ((Q1 - Q0) * (a + b) / 2, (b - a) * (Q0 + Q1) / 2);
        }
    }

    private static void AssertFigures(Fig e, JsonElement j, string what)
    {
        Assert.True(e.T1 == j.GetProperty("tokens").GetInt64(), $"{what}: tokens");
        Assert.True(e.T0 == j.GetProperty("previous_tokens").GetInt64(), $"{what}: previous_tokens");
        Assert.True(e.Delta == j.GetProperty("delta").GetInt64(), $"{what}: delta");
        Assert.True(e.Q1 == j.GetProperty("requests").GetInt64(), $"{what}: requests");
        Assert.True(e.Q0 == j.GetProperty("previous_requests").GetInt64(), $"{what}: previous_requests");
        long dp = j.GetProperty("delta_prompt").GetInt64(), dr = j.GetProperty("delta_regular_output").GetInt64(), dz = j.GetProperty("delta_reasoning").GetInt64();
        Assert.Equal(e.P1 - e.P0, dp);
        Assert.Equal((e.C1 - e.Z1) - (e.C0 - e.Z0), dr);
        Assert.Equal(e.Z1 - e.Z0, dz);
        Assert.Equal(e.Delta, dp + dr + dz);
        var (more, larger) = e.Split();
        double gotMore = j.GetProperty("more_requests").GetDouble(), gotLarger = j.GetProperty("larger_requests").GetDouble();
        AssertClose(more, gotMore, $"{what}: more_requests");
        AssertClose(larger, gotLarger, $"{what}: larger_requests");
        AssertClose(e.Delta, gotMore + gotLarger, $"{what}: more + larger = delta");
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");

    private List<TestRecord> In(DateOnly from, DateOnly to) => _app.Records.Where(r => DateOf(r) >= from && DateOf(r) < to).ToList();

    /// <summary>Every entity's expected figures in the growth order (|delta| descending, then key), and the total's.</summary>
    private (List<(string Key, Fig Fig)> Entities, Fig Total) Expected(string dimension, DateOnly from, DateOnly to, Func<TestRecord, bool>? filter = null)
    {
        var length = to.DayNumber - from.DayNumber;
        var current = In(from, to).Where(filter ?? (_ => true)).ToList();
        var previous = In(from.AddDays(-length), from).Where(filter ?? (_ => true)).ToList();
        var keys = current.Concat(previous).Select(r => KeyOf(r, dimension)).OfType<string>().Distinct();
        var entities = keys
            .Select(k => (Key: k, Fig: Fig.Of(current.Where(r => KeyOf(r, dimension) == k), previous.Where(r => KeyOf(r, dimension) == k))))
            .Where(x => x.Fig.T1 != 0 || x.Fig.T0 != 0)
            .OrderByDescending(x => Math.Abs(x.Fig.Delta)).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        return (entities, Fig.Of(current, previous));
    }

    [Theory]
    [InlineData("models")]
    [InlineData("authors")]
    [InlineData("apps")]
    [InlineData("categories")]
    [InlineData("providers")]
    [InlineData("variants")]
    [InlineData("weights")]
    [InlineData("origins")]
    public async Task Growth_Week_MatchesIndependentSums(string dimension)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/growth/{dimension}?period=week&limit=1000");
        Assert.Equal(dimension, answer.GetProperty("dimension").GetString());
        Assert.Equal(Day(WeekFrom), answer.GetProperty("from").GetString());
        Assert.Equal(Day(WeekTo), answer.GetProperty("to").GetString());
        Assert.Equal(Day(WeekFrom.AddDays(-7)), answer.GetProperty("previous_from").GetString());
        Assert.Equal(Day(WeekFrom), answer.GetProperty("previous_to").GetString());

        var (entities, total) = Expected(dimension, WeekFrom, WeekTo);
        AssertFigures(total, answer.GetProperty("total"), "total");
        Assert.False(answer.TryGetProperty("others", out _), "every entity is listed: no others");
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entities.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        for (var i = 0; i < items.Count; i++)
        {
            var (key, fig) = entities[i];
            AssertFigures(fig, items[i], key);
            Assert.Equal(fig.T0 == 0, items[i].GetProperty("new").GetBoolean());
            Assert.Equal(fig.T1 == 0, items[i].GetProperty("gone").GetBoolean());
        }

        // The listed deltas and those of records with no key (unattributed, the unlisted app's, no provider) make the total's.
        var keyless = Fig.Of(In(WeekFrom, WeekTo).Where(r => KeyOf(r, dimension) is null), In(WeekFrom.AddDays(-7), WeekFrom).Where(r => KeyOf(r, dimension) is null));
        Assert.Equal(total.Delta, items.Sum(i => i.GetProperty("delta").GetInt64()) + keyless.Delta);
    }

    [Fact]
    public async Task Growth_NewGoneAndNames_AreThoseOfTheRecords()
    {
        var models = await _app.CreateClient().GetJsonAsync("/api/v1/growth/models?period=week&limit=1000");
        var byKey = models.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("key").GetString()!);
        Assert.True(byKey["mistralai/mistral-nemo"].GetProperty("gone").GetBoolean());
        Assert.False(byKey["mistralai/mistral-nemo"].GetProperty("new").GetBoolean());
        Assert.True(byKey["moonshotai/kimi-k2"].GetProperty("new").GetBoolean());
        Assert.Equal(ModelCatalog.ModelName("openai/gpt-5"), byKey["openai/gpt-5"].GetProperty("name").GetString());

        var weights = await _app.CreateClient().GetJsonAsync("/api/v1/growth/weights?period=week");
        Assert.Equal(["Closed weights", "Open weights", "Unknown"],
            weights.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var origins = await _app.CreateClient().GetJsonAsync("/api/v1/growth/origins?period=week");
        Assert.Equal(["China", "France", "United States", "Unknown"],
            origins.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("models", 2)]
    [InlineData("apps", 1)]
    [InlineData("weights", 1)]
    public async Task Growth_Limit_ListsTheFirstAndSumsTheRestInOthers(string dimension, int limit)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/growth/{dimension}?period=week&limit={limit}");
        var (entities, total) = Expected(dimension, WeekFrom, WeekTo);
        Assert.True(entities.Count > limit);
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entities.Take(limit).Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        for (var i = 0; i < limit; i++) AssertFigures(entities[i].Fig, items[i], entities[i].Key);

        // Others: the rest's sums, and its split computed from those sums (not the sum of their splits).
        var rest = entities.Skip(limit).Select(e => e.Fig).ToList();
        var others = new Fig(rest.Sum(f => f.T1), rest.Sum(f => f.T0), rest.Sum(f => f.Q1), rest.Sum(f => f.Q0), rest.Sum(f => f.P1), rest.Sum(f => f.P0),
            rest.Sum(f => f.C1), rest.Sum(f => f.C0), rest.Sum(f => f.Z1), rest.Sum(f => f.Z0));
        var o = answer.GetProperty("others");
        AssertFigures(others, o, "others");
        Assert.False(o.TryGetProperty("key", out _));
        Assert.False(o.TryGetProperty("new", out _));
        AssertFigures(total, answer.GetProperty("total"), "total");

        var keyless = Fig.Of(In(WeekFrom, WeekTo).Where(r => KeyOf(r, dimension) is null), In(WeekFrom.AddDays(-7), WeekFrom).Where(r => KeyOf(r, dimension) is null));
        Assert.Equal(total.Delta, items.Sum(i => i.GetProperty("delta").GetInt64()) + o.GetProperty("delta").GetInt64() + keyless.Delta);
    }

    [Fact]
    public async Task Growth_EmptyPreviousWindow_EveryEntityNew_AllOfItMoreRequests()
    {
        var from = LoadedApp.LastDay.AddDays(-29);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/growth/models?from={Day(from)}&to={Day(WeekTo)}");
        var (entities, total) = Expected("models", from, WeekTo);
        Assert.Equal(0, total.T0);
        AssertFigures(total, answer.GetProperty("total"), "total");
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entities.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        foreach (var item in items)
        {
            Assert.True(item.GetProperty("new").GetBoolean());
            Assert.False(item.GetProperty("gone").GetBoolean());
            Assert.Equal(0, item.GetProperty("previous_requests").GetInt64());
            AssertClose(item.GetProperty("delta").GetInt64(), item.GetProperty("more_requests").GetDouble(), "more_requests");
            Assert.Equal(0, item.GetProperty("larger_requests").GetDouble());
        }
    }

    [Fact]
    public async Task Growth_WindowAfterTheData_EveryEntityGone()
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/growth/authors?period=week&as_of={Day(LoadedApp.LastDay.AddDays(7))}");
        var (entities, total) = Expected("authors", WeekTo, WeekTo.AddDays(7));
        Assert.Equal(0, total.T1);
        AssertFigures(total, answer.GetProperty("total"), "total");
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entities.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        Assert.All(items, i =>
        {
            Assert.True(i.GetProperty("gone").GetBoolean());
            Assert.Equal(0, i.GetProperty("larger_requests").GetDouble());
        });
    }

    [Theory]
    [InlineData("weights", "category=programming")]
    [InlineData("origins", "provider=amazon-bedrock")]
    [InlineData("apps", "model=qwen/qwen3-coder")]
    [InlineData("models", "app=cline.bot")]
    public async Task Growth_Filtered_MatchesIndependentSums(string dimension, string filter)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/growth/{dimension}?period=week&limit=1000&{filter}");
        var value = filter.Split('=')[1];
        Func<TestRecord, bool> keep = filter.Split('=')[0] switch
        {
            "category" => r => r.Category == value,
            "provider" => r => r.Provider is not null && KeyDerivation.ProviderKey(r.Provider) == value,
            "model" => r => r.ModelKey == value,
            _ => r => App(r) == value,
        };
        var (entities, total) = Expected(dimension, WeekFrom, WeekTo, keep);
        AssertFigures(total, answer.GetProperty("total"), "total");
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(entities.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        for (var i = 0; i < items.Count; i++) AssertFigures(entities[i].Fig, items[i], entities[i].Key);
    }

    [Fact]
    public async Task Growth_UnlistedApp_NeitherListedNorFilterable_AliasCountsAsItsApp()
    {
        var client = _app.CreateClient();
        var apps = await client.GetJsonAsync("/api/v1/growth/apps?period=week&limit=1000");
        var keys = apps.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()).ToList();
        Assert.DoesNotContain(Hidden, keys);
        Assert.DoesNotContain(Alias, keys);
        Assert.Contains(AliasOf, keys);
        Assert.DoesNotContain(Hidden, apps.ToString());

        foreach (var app in new[] { Hidden, "never-seen.example" })
        {
            var filtered = await client.GetJsonAsync($"/api/v1/growth/models?period=week&app={app}");
            Assert.Equal(0, filtered.GetProperty("total").GetProperty("tokens").GetInt64());
            Assert.Equal(0, filtered.GetProperty("total").GetProperty("previous_tokens").GetInt64());
            Assert.Empty(filtered.GetProperty("items").EnumerateArray());
            Assert.False(filtered.TryGetProperty("others", out _));
        }
    }

    [Theory]
    [InlineData("nope", "period=week")]
    [InlineData("models", "period=fortnight")]
    [InlineData("models", "from=2026-11-10&to=2026-11-10")]
    [InlineData("models", "from=2026-13-01&to=2026-12-01")]
    [InlineData("models", "limit=0")]
    [InlineData("models", "limit=1001")]
    [InlineData("models", "limit=ten")]
    [InlineData("models", "model=a%01b")]
    [InlineData("models", "as_of=0001-01-01&period=year")]
    [InlineData("models", "from=0001-01-02&to=0001-01-09")]
    public async Task Growth_BadParameters_400WithTheRankingsMessage(string dimension, string query)
    {
        var client = _app.CreateClient();
        var growth = await client.GetJsonAsync($"/api/v1/growth/{dimension}?{query}", 400);
        var rankings = await client.GetJsonAsync($"/api/v1/rankings/{dimension}?{query}", 400);
        Assert.Equal(rankings.GetProperty("error").GetString(), growth.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(growth.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Growth_Csv_HoldsWhatTheJsonSays()
    {
        var client = _app.CreateClient();
        const string query = "period=week&limit=3";
        var json = await client.GetJsonAsync($"/api/v1/growth/models?{query}");
        using var response = await client.GetAsync($"/api/v1/growth/models?{query}&format=csv");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType?.ToString());
        var rows = CsvText.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("# Source: RankingsWeb", rows[0][0]);
        var header = rows[1];
        Assert.Equal(["row", "key", "name", "tokens", "previous_tokens", "delta", "new", "gone", "requests", "previous_requests", "more_requests",
            "larger_requests", "delta_prompt", "delta_regular_output", "delta_reasoning"], header);
        var body = rows.Skip(2).Where(r => r.Length > 1).ToList();
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([.. items.Select(_ => "item"), "others", "total"], body.Select(r => r[0]));

        void Same(string[] row, JsonElement e)
        {
            for (var c = 3; c < header.Length; c++)
            {
                if (!e.TryGetProperty(header[c], out var v)) { Assert.Equal("", row[c]); continue; }
                switch (v.ValueKind)
                {
                    case JsonValueKind.True or JsonValueKind.False: Assert.Equal(v.GetBoolean() ? "true" : "false", row[c]); break;
                    case JsonValueKind.Number when header[c] is "more_requests" or "larger_requests":
                        Assert.Equal(v.GetDouble(), double.Parse(row[c], CultureInfo.InvariantCulture)); break;
                    default: Assert.Equal(v.GetInt64(), long.Parse(row[c], CultureInfo.InvariantCulture)); break;
                }
            }
        }
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(items[i].GetProperty("key").GetString(), body[i][1]);
            Assert.Equal(items[i].GetProperty("name").GetString(), body[i][2]);
            Same(body[i], items[i]);
        }
        Same(body[^2], json.GetProperty("others"));
        Same(body[^1], json.GetProperty("total"));
    }

    [Theory]
    [InlineData("weights")]
    [InlineData("origins")]
    public async Task AttributeRankings_MatchIndependentSums(string dimension)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rankings/{dimension}?period=week&limit=1000");
        var current = In(WeekFrom, WeekTo);
        var previous = In(WeekFrom.AddDays(-7), WeekFrom);
        Assert.Equal(current.Sum(r => r.Tokens), answer.GetProperty("total_tokens").GetInt64());
        var expected = current.GroupBy(r => KeyOf(r, dimension)!)
            .Select(g => (g.Key, Tokens: g.Sum(r => r.Tokens), Reasoning: g.Sum(r => r.Reasoning), Requests: g.Count(), Cost: g.Sum(r => r.Cost),
                Previous: previous.Where(r => KeyOf(r, dimension) == g.Key).Sum(r => r.Tokens)))
            .OrderByDescending(x => x.Tokens).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var items = answer.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(expected.Select(e => e.Key), items.Select(i => i.GetProperty("key").GetString()));
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(i + 1, items[i].GetProperty("rank").GetInt32());
            Assert.Equal(expected[i].Tokens, items[i].GetProperty("tokens").GetInt64());
            Assert.Equal(expected[i].Reasoning, items[i].GetProperty("tokens_reasoning").GetInt64());
            Assert.Equal(expected[i].Requests, items[i].GetProperty("requests").GetInt64());
            Assert.Equal(expected[i].Cost, items[i].GetProperty("cost").GetDecimal());
            Assert.Equal(expected[i].Previous, items[i].GetProperty("previous_tokens").GetInt64());
        }
    }

    [Theory]
    [InlineData("weights", "")]
    [InlineData("origins", "")]
    [InlineData("origins", "&category=programming")]
    public async Task AttributeSeries_MatchIndependentSums(string dimension, string filter)
    {
        var from = LoadedApp.LastDay.AddDays(-13);
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/series/{dimension}?from={Day(from)}&to={Day(WeekTo)}&interval=day&metric=tokens_prompt&top=2{filter}");
        var records = In(from, WeekTo).Where(r => filter.Length == 0 || r.Category == "programming").ToList();
        var buckets = answer.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()!).ToList();
        Assert.Equal(Enumerable.Range(0, 14).Select(d => Day(from.AddDays(d))), buckets);
        var ranked = records.GroupBy(r => KeyOf(r, dimension)!).Select(g => (g.Key, Total: g.Sum(r => r.Prompt)))
            .Where(x => x.Total != 0).OrderByDescending(x => x.Total).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Key).ToList();
        var series = answer.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal([.. ranked.Take(2), .. ranked.Count > 2 ? ["others"] : Array.Empty<string>()], series.Select(s => s.GetProperty("key").GetString()));
        foreach (var s in series)
        {
            var key = s.GetProperty("key").GetString();
            var values = s.GetProperty("values").EnumerateArray().Select(v => v.GetDecimal()).ToList();
            for (var b = 0; b < buckets.Count; b++)
            {
                var day = from.AddDays(b);
                var expected = records.Where(r => DateOf(r) == day && (key == "others" ? !ranked.Take(2).Contains(KeyOf(r, dimension)) : KeyOf(r, dimension) == key)).Sum(r => r.Prompt);
                Assert.Equal(expected, values[b]);
            }
        }
    }

    [Theory]
    [InlineData("open")]
    [InlineData("closed")]
    [InlineData("unknown")]
    public async Task AttributeRankHistory_RanksTheAttributesValue(string key)
    {
        var answer = await _app.CreateClient().GetJsonAsync($"/api/v1/rank-history/weights?key={key}&period=day&interval=day");
        var byWeights = In(LoadedApp.LastDay, WeekTo).GroupBy(r => KeyOf(r, "weights")!).ToDictionary(g => g.Key, g => g.Sum(r => r.Tokens));
        var mine = byWeights[key];
        var rank = 1 + byWeights.Count(kv => kv.Value > mine || (kv.Value == mine && string.CompareOrdinal(kv.Key, key) < 0));
        var bucket = Assert.Single(answer.GetProperty("buckets").EnumerateArray());
        Assert.Equal(mine, bucket.GetProperty("tokens").GetInt64());
        Assert.Equal(rank, bucket.GetProperty("rank").GetInt32());
    }
}
