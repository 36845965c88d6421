using System.Globalization;

using System.Text.Json;

namespace RankingsWeb.Data.Demo;

/// <summary>
/// Deterministic demo traffic for a year ending on a given day: volumes scaled down, shapes realistic
/// (author shares, programming rising, reasoning rising, open Chinese models rising, ~10x growth,
/// weekday seasonality, launches and fades, free variants). Emits NDJSON so it goes through the
/// same parser and validation as real traffic.
/// </summary>
public sealed class DemoDataGenerator(int endDay, double endDayFraction, int days, int targetRecords, int seed = 20261128)
{
    public static readonly string[] Categories =
        ["programming", "roleplay", "marketing", "seo", "technology", "science", "translation", "legal", "finance", "health", "trivia", "academia"];

    private const int Uncategorized = -1;

    /// <summary>Yields NDJSON chunks of about <paramref name="chunkRecords"/> lines each.</summary>
    public IEnumerable<byte[]> NdjsonChunks(int chunkRecords = 20_000)
    {
        var rng = new Random(seed);
        var firstDay = endDay - days + 1;
        // records(d) = base * 10^(f) * weekday: ~10x over the year, integral of 10^f over [0,1] = 9/ln 10,
        // and the weekday factor averages (5 + 0.78 + 0.72) / 7: about targetRecords in all.
        var baseRate = targetRecords / (days * 9 / Math.Log(10)) / ((5 + 0.78 + 0.72) / 7.0);
        var buffer = new MemoryStream();
        var writer = new Utf8JsonWriter(buffer);
        var inChunk = 0;
        var catWeights = new double[Categories.Length + 1];
        var modelCum = new double[Categories.Length + 1][];

        for (var day = firstDay; day <= endDay; day++)
        {
            var f = (day - firstDay) / (double)Math.Max(1, days - 1);
            var date = Queries.Days.ToDate(day);
            var weekday = date.DayOfWeek switch { DayOfWeek.Saturday => 0.78, DayOfWeek.Sunday => 0.72, _ => 1.0 };
            var dayFraction = day == endDay ? endDayFraction : 1.0;
            var n = (int)Math.Round(baseRate * Math.Pow(10, f) * weekday * (0.95 + 0.1 * rng.NextDouble()) * dayFraction);
            FillCategoryWeights(f, catWeights);
            for (var c = 0; c <= Categories.Length; c++) modelCum[c] = ModelCumulative(f, c == Categories.Length ? Uncategorized : c);

            for (var i = 0; i < n; i++)
            {
                var ci = Pick(rng, catWeights);
                var category = ci == Categories.Length ? Uncategorized : ci;
                var model = DemoModels.All[PickCumulative(rng, modelCum[ci])];
                var ms = (long)(rng.NextDouble() * dayFraction * 86_400_000);
                WriteRecord(writer, rng, day, i, ms, f, category, model);
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
        if (inChunk > 0) yield return buffer.ToArray();
    }

    private static void FillCategoryWeights(double f, double[] w)
    {
        // Record shares; programming prompts also grow ~4x, so its token share climbs from ~11% to ~50%.
        w[0] = 0.07 + 0.20 * f;          // programming
        w[1] = 0.30 - 0.10 * f;          // roleplay
        double[] rest = [0.05, 0.035, 0.07, 0.04, 0.05, 0.015, 0.025, 0.025, 0.035, 0.035];
        for (var i = 0; i < rest.Length; i++) w[i + 2] = rest[i] * (1 - 0.3 * f);
        w[Categories.Length] = 0.06;     // no category sent
    }

    private static double[] ModelCumulative(double f, int category)
    {
        var cum = new double[DemoModels.All.Length];
        var sum = 0.0;
        for (var i = 0; i < cum.Length; i++)
        {
            var m = DemoModels.All[i];
            var affinity = category switch { 0 => m.Coding, 1 => m.Roleplay, _ => 0.5 + 0.25 * (m.Coding + m.Roleplay) };
            var chinese = m.OpenChinese ? 0.55 + 0.9 * f : 1.0;
            sum += m.Weight * Availability(m, f) * affinity * chinese;
            cum[i] = sum;
        }
        return cum;
    }

    private static double Availability(DemoModel m, double f)
    {
        if (f < m.Launch) return 0;
        var ramp = m.Launch < 0 ? 1 : Math.Min(1, (f - m.Launch) / 0.04 + 0.05);
        var fade = f <= m.Fade ? 1 : Math.Max(0.06, 1 - (f - m.Fade) / 0.15);
        return ramp * fade;
    }

    private static int Pick(Random rng, double[] weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = rng.NextDouble() * total;
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Length - 1;
    }

    private static int PickCumulative(Random rng, double[] cum)
    {
        var x = rng.NextDouble() * cum[^1];
        var i = Array.BinarySearch(cum, x);
        return Math.Min(i < 0 ? ~i : i, cum.Length - 1);
    }

    private static double LogNormal(Random rng, double mean, double sigma)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        var z = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(Math.Log(mean) - sigma * sigma / 2 + sigma * z);
    }

    private static void WriteRecord(Utf8JsonWriter w, Random rng, int day, int i, long ms, double f, int category, DemoModel m)
    {
        string? variant = m.ExtraVariant switch
        {
            "free" when rng.NextDouble() < 0.22 => "free",
            "thinking" when rng.NextDouble() < 0.3 => "thinking",
            "online" when rng.NextDouble() < 0.5 => "online",
            _ when m.Providers.Length > 2 && rng.NextDouble() < 0.03 => "nitro",
            _ => null,
        };
        var free = variant == "free";

        var (apps, attributed) = category switch
        {
            0 => (DemoApps.Programming, 0.86),
            1 => (DemoApps.Roleplay, 0.8),
            _ => (DemoApps.General, 0.6),
        };

        double promptMean = category switch { 0 => 1500 + 4500 * f, 1 => 2800 + 800 * f, _ => 900 };
        double outMean = category switch { 0 => 420, 1 => 330, _ => 480 };
        if (free) { promptMean *= 0.55; outMean *= 0.7; }
        var prompt = (long)LogNormal(rng, promptMean, 0.8);
        var regular = (long)LogNormal(rng, outMean, 0.7);
        var reasoningShare = variant == "thinking" ? 0.7 : m.Reasoning;
        var reasoning = reasoningShare > 0 ? (long)(regular * reasoningShare / (1 - reasoningShare) * (0.6 + 0.8 * rng.NextDouble())) : 0;
        var completion = regular + reasoning;
        var cacheRate = category switch { 0 => 0.55, 1 => 0.2, _ => 0.08 };
        var cached = rng.NextDouble() < 0.7 ? (long)(prompt * cacheRate * rng.NextDouble() * 1.6) : 0;
        if (cached > prompt) cached = prompt;
        var cost = free ? 0 : ((prompt - cached) * m.PriceIn + cached * m.PriceIn * 0.25 + completion * m.PriceOut) / 1_000_000.0;

        w.WriteStartObject();
        w.WriteString("id"u8, string.Create(CultureInfo.InvariantCulture, $"demo-{day}-{i:x}"));
        w.WriteString("created_at"u8, DateTimeOffset.FromUnixTimeMilliseconds(day * 86_400_000L + ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        w.WriteString("model"u8, variant is null ? m.Key : m.Key + ":" + variant);
        if (rng.NextDouble() < 0.95) w.WriteString("provider"u8, m.Providers[rng.Next(m.Providers.Length)]);
        if (rng.NextDouble() < attributed)
        {
            var (url, title, _) = apps[PickApp(rng, apps)];
            if (url is not null)
            {
                // Referers arrive with noise (query strings, www., case); the app key absorbs it.
                var noisy = rng.NextDouble() < 0.1 ? url.Replace("https://", "https://www.", StringComparison.Ordinal) + "?utm_source=demo" : url;
                w.WriteString("app_url"u8, noisy);
            }
            if (title is not null && rng.NextDouble() < 0.9) w.WriteString("app_title"u8, title);
        }
        if (category != Uncategorized) w.WriteString("category"u8, Categories[category]);
        w.WriteNumber("tokens_prompt"u8, prompt);
        w.WriteNumber("tokens_completion"u8, completion);
        if (reasoning > 0 || rng.NextDouble() < 0.5) w.WriteNumber("tokens_reasoning"u8, reasoning);
        if (cached > 0) w.WriteNumber("tokens_cached"u8, cached);
        w.WriteNumber("cost"u8, Math.Round(cost, 9));
        w.WriteEndObject();
    }

    private static int PickApp(Random rng, (string? Url, string? Title, double Weight)[] apps)
    {
        var total = 0.0;
        foreach (var a in apps) total += a.Weight;
        var x = rng.NextDouble() * total;
        for (var i = 0; i < apps.Length; i++)
        {
            x -= apps[i].Weight;
            if (x < 0) return i;
        }
        return apps.Length - 1;
    }


}
