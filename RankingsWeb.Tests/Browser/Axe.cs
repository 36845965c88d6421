using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Browser;

/// <summary>One element axe flagged: its selector path (shadow/iframe hops joined by " >>> "), its markup and axe's summary.</summary>
public sealed record AxeNode(string Target, string Html, string Summary);

/// <summary>One broken rule: id (<c>color-contrast</c>), impact (minor, moderate, serious, critical), what to fix, where.</summary>
public sealed record AxeViolation(string Id, string Impact, string Help, string HelpUrl, IReadOnlyList<AxeNode> Nodes)
{
    public bool IsSeriousOrCritical => Impact is "serious" or "critical";
}

/// <summary>
/// axe-core (Deque, MPL-2.0) run inside a Playwright page. The engine is the unmodified <c>axe.min.js</c> of the npm package,
/// committed under <c>Browser/axe/</c> with its licence header and licence files, so the tests need neither Node nor the
/// network. To move to another version: <c>npm pack axe-core@VERSION</c>, then copy <c>package/axe.min.js</c>,
/// <c>LICENSE</c> and <c>LICENSE-3RD-PARTY.txt</c> over.
/// </summary>
public static class Axe
{
    public const string Version = "4.14.1";

    private static readonly Lazy<string> Source = new(() =>
        File.ReadAllText(RepoPaths.File("RankingsWeb.Tests", "Browser", "axe", "axe.min.js")));

    /// <summary>
    /// Injects axe (once per document) and runs the WCAG 2.0 A and AA rules over the whole page. The site's CSP allows no
    /// inline script, so no script tag is added: the source is evaluated through DevTools, which CSP does not govern.
    /// </summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page, params string[] tags)
    {
        if (tags.Length == 0) tags = ["wcag2a", "wcag2aa"];
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await page.EvaluateAsync("() => {\n" + Source.Value + "\n}");
        var result = await page.EvaluateAsync<JsonElement>("""
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations.map(v => ({
                id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({
                  target: n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t).join(' '),
                  html: n.html.length > 200 ? n.html.slice(0, 200) + '…' : n.html,
                  summary: n.failureSummary || '' })) }));
            }
            """, tags);
        return result.EnumerateArray().Select(v => new AxeViolation(
            v.GetProperty("id").GetString()!, v.GetProperty("impact").GetString()!, v.GetProperty("help").GetString()!,
            v.GetProperty("helpUrl").GetString()!,
            v.GetProperty("nodes").EnumerateArray().Select(n => new AxeNode(
                n.GetProperty("target").GetString()!, n.GetProperty("html").GetString()!, n.GetProperty("summary").GetString()!)).ToList())).ToList();
    }

    /// <summary>A message for an assertion: one paragraph per violation, with up to <paramref name="examples"/> elements each.</summary>
    public static string Format(string page, IReadOnlyCollection<AxeViolation> violations, int examples = 5)
    {
        var text = new StringBuilder($"{page}: {violations.Count} axe violation(s) (axe {Version})");
        foreach (var v in violations.OrderByDescending(v => Rank(v.Impact)).ThenBy(v => v.Id))
        {
            text.Append($"\n- {v.Id} ({v.Impact}, {v.Nodes.Count} element(s)): {v.Help} — {v.HelpUrl}");
            foreach (var n in v.Nodes.Take(examples))
                text.Append($"\n    {n.Target}   {n.Html}\n      {n.Summary.ReplaceLineEndings(" ")}");
            if (v.Nodes.Count > examples) text.Append($"\n    … and {v.Nodes.Count - examples} more");
        }
        return text.ToString();
    }

    private static int Rank(string impact) => impact switch { "critical" => 4, "serious" => 3, "moderate" => 2, "minor" => 1, _ => 0 };
}
