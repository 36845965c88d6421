using System.Collections;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RankingsWeb.Telemetry;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Telemetry;

/// <summary>
/// The app on a real Kestrel port with the product's own signals (<see cref="TelemetryExtensions.AddRankingsSignals"/>)
/// exported to memory instead of OTLP. Metrics are read only when the test flushes (the periodic export is set a day
/// apart), so a reading is exactly what was recorded up to the flush. Test classes run one at a time (AssemblyInfo),
/// so no other app's "RankingsWeb" meter or source is alive to add to these numbers.
/// </summary>
public sealed class TelemetryApp : RankingsAppFactory
{
    private readonly List<MetricSnapshot> _metrics = [];

    public LockedCollection<Activity> Spans { get; } = new();

    public TelemetryApp Start()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices((context, services) => services.AddOpenTelemetry()
            .AddRankingsSignals(context.Configuration)
            .WithMetrics(m => m.AddInMemoryExporter(_metrics, r =>
                r.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)TimeSpan.FromDays(1).TotalMilliseconds))
            .WithTracing(t => t.AddInMemoryExporter(Spans)));
    }

    /// <summary>Collects every instrument now and answers the latest reading of each (cumulative since the start).</summary>
    public Readings Flush()
    {
        lock (_metrics)
        {
            _metrics.Clear();
            Assert.True(Services.GetRequiredService<MeterProvider>().ForceFlush(), "the metrics flush timed out");
            return new Readings(_metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last()));
        }
    }
}

public sealed class Readings(Dictionary<string, MetricSnapshot> byName)
{
    /// <summary>A counter's total over the points whose tags include every one given; 0 when never recorded.</summary>
    public long Sum(string name, params (string Key, string Value)[] tags) =>
        Points(name, tags).Sum(p => p.GetSumLong());

    public long GaugeLong(string name) => Assert.Single(Points(name, [])).GetGaugeLastValueLong();

    public double GaugeDouble(string name) => Assert.Single(Points(name, [])).GetGaugeLastValueDouble();

    public long HistogramCount(string name) => Points(name, []).Sum(p => p.GetHistogramCount());

    /// <summary>The distinct values of one tag among a metric's points.</summary>
    public IReadOnlyList<string> TagValues(string name, string key) =>
        Points(name, []).Select(p => Tag(p, key)).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();

    private IEnumerable<MetricPoint> Points(string name, (string Key, string Value)[] tags) =>
        byName.TryGetValue(name, out var m) ? m.MetricPoints.Where(p => tags.All(t => Tag(p, t.Key) == t.Value)) : [];

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key) return tag.Value?.ToString();
        return null;
    }
}

/// <summary>Spans are exported on the thread that ends them (requests, the fold), so the list they go to takes a lock.</summary>
public sealed class LockedCollection<T> : ICollection<T>
{
    private readonly List<T> _items = [];

    public int Count { get { lock (_items) return _items.Count; } }
    public bool IsReadOnly => false;
    public void Add(T item) { lock (_items) _items.Add(item); }
    public void Clear() { lock (_items) _items.Clear(); }
    public bool Contains(T item) { lock (_items) return _items.Contains(item); }
    public void CopyTo(T[] array, int arrayIndex) { lock (_items) _items.CopyTo(array, arrayIndex); }
    public bool Remove(T item) { lock (_items) return _items.Remove(item); }
    public IEnumerator<T> GetEnumerator() { lock (_items) return _items.ToList().GetEnumerator(); }
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
