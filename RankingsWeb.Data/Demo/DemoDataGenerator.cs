using System.Globalization;
using System.Text.Json;

namespace RankingsWeb.Data.Demo;

/// <summary>
/// Deterministic demo traffic for the <paramref name="days"/> days ending on <paramref name="endDay"/>, at real scale:
/// each record is an aggregate of many generations of one model, variant, provider, app and use case (contract v1.1's
/// <c>requests</c>), so a few hundred thousand records carry trillions of tokens a day with realistic sizes per
/// generation. The shapes (<see cref="DemoShapes"/>, <see cref="DemoModels"/>) follow the real sample and the public
/// figures: programming rising, prompts growing, reasoning rising, open Chinese models rising, free variants, cheaper
/// hosts winning share, launches and fades, weekday seasonality. Emits NDJSON so it goes through the same parser and
/// validation as real traffic. The same arguments give the same bytes.
/// </summary>
/// <param name="endDayFraction">How much of the end day has passed: its traffic is cut to that share, times within it.</param>
/// <param name="targetRecords">About how many records in all; the volume does not depend on it, only the granularity.</param>
public sealed class DemoDataGenerator(int endDay, double endDayFraction, int days, int targetRecords, int seed = 20261128)
{
    public static readonly string[] Categories = DemoShapes.Categories;

    private static readonly int Slots = DemoShapes.Categories.Length + 1;

    /// <summary>Yields NDJSON chunks of about <paramref name="chunkRecords"/> lines each.</summary>
    public IEnumerable<byte[]> NdjsonChunks(int chunkRecords = 20_000)
    {
        var rng = new Random(seed);
        var firstDay = endDay - days + 1;
        var buffer = new MemoryStream();
        var writer = new Utf8JsonWriter(buffer);
        var inChunk = 0;

        // Records per day grow with the span (more models and apps later), and sum to about targetRecords.
        double RecordWeight(int day) => (0.5 + Fraction(day)) * (day == endDay ? endDayFraction : 1.0);
        var weightTotal = 0.0;
        for (var day = firstDay; day <= endDay; day++) weightTotal += RecordWeight(day);

        var shares = new double[Slots];
        var pairs = new List<(int Category, DemoModel Model, double Tokens)>();
        for (var day = firstDay; day <= endDay; day++)
        {
            var f = Fraction(day);
            var dayFraction = day == endDay ? endDayFraction : 1.0;
            var dayTokens = DemoShapes.Volume(f) * DemoShapes.Weekday(Queries.Days.ToDate(day).DayOfWeek) * (0.96 + 0.08 * rng.NextDouble()) * dayFraction;
            Pairs(f, dayTokens, shares, pairs);

            // Records go to (use case, model) pairs by the square root of their tokens: the big ones are split into many
            // aggregates (hours, apps, providers), the small ones still show up most days. A pair whose share comes to
            // less than one record gets one with that probability, carrying its tokens divided by it (unbiased).
            var quota = targetRecords * RecordWeight(day) / weightTotal;
            var rootTotal = 0.0;
            foreach (var p in pairs) rootTotal += Math.Sqrt(p.Tokens);
            var index = 0;
            foreach (var (category, model, tokens) in pairs)
            {
                var q = quota * Math.Sqrt(tokens) / rootTotal;
                var k = (int)Math.Floor(q + rng.NextDouble());
                if (k == 0) continue;
                var each = q >= 1 ? tokens / k : tokens / q;
                for (var r = 0; r < k; r++)
                {
                    WriteRecord(writer, rng, day, index++, dayFraction, f, category, model, each * (0.7 + 0.6 * rng.NextDouble()));
                    writer.Flush();
                    buffer.WriteByte((byte)'\n');
                    writer.Reset(buffer);
                    if (++inChunk >= chunkRecords)
                    {
                        yield return buffer.ToArray();
                        buffer.SetLength(0);
                        writer.Reset(buffer);
                        inChunk = 0;
                    }
                }
            }
        }
        if (inChunk > 0) yield return buffer.ToArray();
    }

    private double Fraction(int day) => (day - (endDay - days + 1)) / (double)Math.Max(1, days - 1);

    /// <summary>The day's tokens spread over (use case, model): use-case shares times each model's share within the use case.</summary>
    private static void Pairs(double f, double dayTokens, double[] shares, List<(int, DemoModel, double)> pairs)
    {
        pairs.Clear();
        DemoShapes.TokenShares(f, shares);
        var weights = new double[DemoModels.All.Length];
        for (var c = 0; c < Slots; c++)
        {
            var total = 0.0;
            for (var i = 0; i < weights.Length; i++)
            {
                var m = DemoModels.All[i];
                var affinity = c switch { 0 => m.Coding, 1 => m.Roleplay, _ => 0.5 + 0.25 * (m.Coding + m.Roleplay) };
                weights[i] = m.Weight * Availability(m, f) * affinity;
                total += weights[i];
            }
            for (var i = 0; i < weights.Length; i++)
                if (weights[i] > 0) pairs.Add((c, DemoModels.All[i], dayTokens * shares[c] * weights[i] / total));
        }
    }

    /// <summary>A month's ramp after launch; after its fade point a model loses its users over ~3 months, to a trickle.</summary>
    private static double Availability(DemoModel m, double f)
    {
        if (f < m.Launch) return 0;
        var ramp = m.Launch < 0 ? 1 : Math.Min(1, (f - m.Launch) / 0.04 + 0.05);
        var fade = f <= m.Fade ? 1 : Math.Max(0.02, 1 - (f - m.Fade) / 0.15);
        return ramp * fade;
    }

    /// <summary>
    /// Providers of a model by share: cheaper hosts gain over the span (price-driven routing), so a model's provider
    /// mix at the end differs visibly from its start.
    /// </summary>
    private static DemoHost PickHost(Random rng, DemoModel m, double f)
    {
        var total = 0.0;
        Span<double> w = stackalloc double[m.Hosts.Length];
        for (var i = 0; i < w.Length; i++) total += w[i] = m.Hosts[i].Base * Math.Exp(-4 * f * (m.Hosts[i].Price - 1));
        var x = rng.NextDouble() * total;
        for (var i = 0; i < w.Length; i++)
        {
            x -= w[i];
            if (x < 0) return m.Hosts[i];
        }
        return m.Hosts[^1];
    }

    private static double LogNormal(Random rng, double sigma)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(-sigma * sigma / 2 + sigma * z);
    }

    private static void WriteRecord(Utf8JsonWriter w, Random rng, int day, int index, double dayFraction, double f, int category, DemoModel m, double tokens)
    {
        string? variant = m.ExtraVariant switch
        {
            // Free endpoints: a third of such a model's aggregates, smaller prompts (daily request limits, casual use).
            "free" when rng.NextDouble() < 0.33 => "free",
            "thinking" when rng.NextDouble() < 0.3 => "thinking",
            "online" when rng.NextDouble() < 0.5 => "online",
            _ when m.Hosts.Length > 2 && rng.NextDouble() < 0.03 => "nitro",
            _ => null,
        };
        var free = variant == "free";
        // Free endpoints are served by the cheapest host.
        var host = free ? m.Hosts.MinBy(h => h.Price)! : PickHost(rng, m, f);

        var g = DemoShapes.Generation(category, f);
        var reasoningShare = variant == "thinking" ? 0.7 : m.Reasoning * Math.Min(1, 0.3 + f);
        var promptEach = g.Prompt * (free ? 0.7 : 1) * LogNormal(rng, 0.3);
        // Reasoning comes on top of the regular answer: reasoning models write more.
        var completionEach = g.Completion * (1 + reasoningShare) * LogNormal(rng, 0.3);
        var requests = Math.Max(1L, (long)Math.Round(tokens / (promptEach + completionEach)));
        var prompt = (long)Math.Round(requests * promptEach);
        var completion = (long)Math.Round(requests * completionEach);
        var reasoning = (long)Math.Round(completion * reasoningShare);
        var cached = (long)Math.Round(prompt * Math.Min(0.97, g.Cached * (0.85 + 0.3 * rng.NextDouble())));
        var agentic = m.Coding >= 1.5 ? 1.3 : 0.7;
        var toolCalls = (long)Math.Round(requests * g.ToolCalls * agentic * (0.8 + 0.4 * rng.NextDouble()));
        var cost = free ? 0 : host.Price * ((prompt - cached) * m.PriceIn + cached * m.PriceIn * m.CachedPrice + completion * m.PriceOut) / 1_000_000.0;

        var ms = (long)(rng.NextDouble() * dayFraction * 86_400_000);
        w.WriteStartObject();
        w.WriteString("id"u8, string.Create(CultureInfo.InvariantCulture, $"demo-{day}-{index:x}"));
        w.WriteString("created_at"u8, DateTimeOffset.FromUnixTimeMilliseconds(day * 86_400_000L + ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        w.WriteString("model"u8, variant is null ? m.Key : m.Key + ":" + variant);
        if (rng.NextDouble() < 0.95) w.WriteString("provider"u8, host.Provider);
        if (rng.NextDouble() < DemoShapes.Attributed(category))
        {
            var apps = category switch { 0 => DemoApps.Programming, 1 => DemoApps.Roleplay, _ => DemoApps.General };
            var (url, title, _, _) = apps[PickApp(rng, apps, f)];
            if (url is not null)
            {
                // Referers arrive with noise (query strings, www., case); the app key absorbs it.
                var noisy = rng.NextDouble() < 0.1 ? url.Replace("https://", "https://www.", StringComparison.Ordinal) + "?utm_source=demo" : url;
                w.WriteString("app_url"u8, noisy);
            }
            if (title is not null && rng.NextDouble() < 0.9) w.WriteString("app_title"u8, title);
        }
        if (category != DemoShapes.Uncategorized) w.WriteString("category"u8, Categories[category]);
        w.WriteNumber("requests"u8, requests);
        w.WriteNumber("tokens_prompt"u8, prompt);
        w.WriteNumber("tokens_completion"u8, completion);
        if (reasoning > 0 || rng.NextDouble() < 0.5) w.WriteNumber("tokens_reasoning"u8, reasoning);
        if (cached > 0) w.WriteNumber("tokens_cached"u8, cached);
        w.WriteNumber("tool_calls"u8, toolCalls);
        w.WriteNumber("cost"u8, Math.Round(cost, 6));
        w.WriteEndObject();
    }

    private static int PickApp(Random rng, (string? Url, string? Title, double Weight, double Launch)[] apps, double f)
    {
        var total = 0.0;
        foreach (var a in apps) if (f >= a.Launch) total += a.Weight;
        var x = rng.NextDouble() * total;
        for (var i = 0; i < apps.Length; i++)
        {
            if (f < apps[i].Launch) continue;
            x -= apps[i].Weight;
            if (x < 0) return i;
        }
        return 0;
    }
}
