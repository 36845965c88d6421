// The one bridge between charts built in C# (ChartOptions) and apexcharts 4.7.0 (loaded as a classic script).
// Statically rendered pages carry each chart's options as JSON in a data-rw-chart attribute: this module, loaded once
// by App.razor, draws them on load and again after every enhanced navigation, with no server round-trip.
// Interactive pages draw through create/update/destroy over interop. Formatter names in options are resolved here,
// since functions cannot travel as JSON. The theme is the browser's (theme.js), read at drawing time.

const compact = (v) => {
  const a = Math.abs(v);
  if (a >= 1e12) return (v / 1e12).toFixed(1) + "T";
  if (a >= 1e9) return (v / 1e9).toFixed(1) + "B";
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e3) return (v / 1e3).toFixed(1) + "K";
  return Math.round(v).toString();
};
// A fraction as a percentage: one decimal, or under 0.1% two significant digits (at most 8 decimals), so a small
// app's share of all tokens reads 0.040%, not 0.0% at every tick.
const percentOf = (v) => {
  const p = v * 100, a = Math.abs(p);
  const decimals = a === 0 || a >= 0.1 ? 1 : Math.min(8, Math.ceil(-Math.log10(a)) + 1);
  return p.toFixed(decimals) + "%";
};
const formatters = {
  compact,
  percent: (v) => (v == null ? "" : (v * 1).toFixed(1) + "%"),
  fraction: (v) => (v == null ? "" : percentOf(v)),
  // Small ratios such as tool calls per request: compact would round 0.4 to 0.
  decimal: (v) => (v == null ? "" : (+v).toFixed(2)),
  // Ranks are whole and start at 1: anything else on a rank axis is a tick between ranks, left blank.
  rank: (v) => (v >= 1 && Number.isInteger(v) ? "#" + v : ""),
  usd: (v) => "$" + (v >= 100 ? Math.round(v).toLocaleString("en-US") : (v ?? 0).toFixed(2)),
  ratio: (v) => (v == null ? "" : (v * 1).toFixed(2) + "×"),
};

// Names reach a chart raw (an app's name is whatever its X-Title said) and must show as text. apexcharts 4.7 draws
// axis labels, data labels and donut labels as SVG text (textContent: safe, and escaping there would show "&amp;"),
// but writes legend entries, tooltip titles and tooltip series names with innerHTML. So names stay raw in the
// options built in C#, and this is the one place that escapes: the formatters of exactly those HTML surfaces.
const escapeHtml = (s) =>
  String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const categoryAt = (o) => {
  const g = o?.w?.globals, i = o?.dataPointIndex;
  if (!g || i == null || i < 0) return undefined;
  return g.categoryLabels?.[i] ?? g.labels?.[i];
};

function escapeHtmlSurfaces(options) {
  options.legend = { ...options.legend, formatter: (name) => escapeHtml(name) };
  options.tooltip = options.tooltip ?? {};
  // The tooltip title, and the x-axis tooltip, which shows the same value unless it has its own formatter. On a
  // category axis with tickAmount apexcharts hands a formatter the point's position, not its label: look it up.
  options.tooltip.x = { ...options.tooltip.x, formatter: (x, o) => escapeHtml(categoryAt(o) ?? x) };
  options.tooltip.y = { ...options.tooltip.y, title: { formatter: (name) => (name ? escapeHtml(name) + ": " : "") } };
}

const isDark = () => document.documentElement.classList.contains("rw-dark");

function applyTheme(options) {
  options.theme = { ...options.theme, mode: isDark() ? "dark" : "light" };
  options.chart = { ...options.chart, background: "transparent" };
}

function resolve(options) {
  applyTheme(options);
  const yFormat = options.rwYFormat;
  const xFormat = options.rwXFormat;
  const tipFormat = options.rwTooltipFormat ?? yFormat;
  delete options.rwYFormat;
  delete options.rwXFormat;
  delete options.rwTooltipFormat;
  if (yFormat && formatters[yFormat]) {
    const axes = Array.isArray(options.yaxis) ? options.yaxis : [options.yaxis ?? (options.yaxis = {})];
    for (const axis of axes) {
      axis.labels = axis.labels ?? {};
      axis.labels.formatter = formatters[yFormat];
    }
  }
  if (tipFormat && formatters[tipFormat]) {
    options.tooltip = options.tooltip ?? {};
    options.tooltip.y = { formatter: formatters[tipFormat] };
  }
  escapeHtmlSurfaces(options);
  // A numeric x axis (scatter): its labels and the tooltip's x value in the axis' own format.
  if (xFormat && formatters[xFormat]) {
    options.xaxis = options.xaxis ?? {};
    options.xaxis.labels = { ...options.xaxis.labels, formatter: formatters[xFormat] };
    options.tooltip.x = { ...options.tooltip.x, formatter: (x) => escapeHtml(formatters[xFormat](x)) };
  }
  if (options.chart?.type === "donut" && formatters[tipFormat ?? "compact"]) {
    options.dataLabels = options.dataLabels ?? {};
    options.dataLabels.formatter = (v) => v.toFixed(1) + "%";
  }
  return options;
}

// Every live chart, so a theme switch can recolour them and charts whose element left the page can be released.
const live = new Set();

export function create(element, options) {
  const chart = new window.ApexCharts(element, resolve(options));
  chart.render();
  live.add(chart);
  return chart;
}

export function update(chart, options) {
  chart.updateOptions(resolve(options), true, false);
}

export function destroy(chart) {
  if (!chart) return;
  live.delete(chart);
  try {
    chart.destroy();
  } catch (e) {
    // A chart whose elements a merge already took away: nothing is left to release, and the next page must still draw.
    console.warn("rw-chart: destroy", e);
  }
}

// Static placeholders: each chart drawn from one, with the element and the options it was drawn from.
const drawn = new Map();

export function drawAll(retry) {
  // Enhanced navigation merges the next page into this one and reuses elements by tag: a chart's <rw-chart> may now
  // be another chart's placeholder (its own tag keeps it from becoming anything else: destroying a chart empties its
  // element). Release every chart whose element no longer carries its options, before apexcharts' resize handler
  // redraws it.
  for (const [chart, state] of drawn) {
    if (state.element.isConnected && state.element.getAttribute("data-rw-chart") === state.json) continue;
    drawn.delete(chart);
    destroy(chart);
  }
  for (const chart of live) {
    if (!chart.el?.isConnected) destroy(chart);
  }
  const current = new Map([...drawn].map(([chart, state]) => [state.element, chart]));
  const pending = [];
  for (const element of document.querySelectorAll("[data-rw-chart]")) {
    const chart = current.get(element);
    // The merge also drops what apexcharts added to an element it kept: redraw unless the drawing survived.
    if (chart && element.querySelector(".apexcharts-canvas")) continue;
    if (chart) {
      drawn.delete(chart);
      destroy(chart);
    }
    pending.push(element);
  }
  // What the visitor sees first is drawn first: the charts in the viewport now, then the others one at a time when
  // the browser is idle, so the first screen is painted, and the page answers input, before the rest of the page's
  // charts are built (each takes 100-250 ms of the main thread and lays the page out again).
  const height = window.innerHeight;
  const visible = pending.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.bottom > 0 && r.top < height;
  });
  const rest = pending.filter((e) => !visible.includes(e));
  const round = ++drawRound;
  watchScrolling(rest);
  visible.forEach(drawOne);
  // The frame that paints them: a mark a visitor's own tools (and scripts/visits) can read, so measuring the first
  // screen needs no polling that forces layouts on the page it measures.
  if (retry !== true) requestAnimationFrame(() => performance.mark(firstScreenMark, { detail: { charts: visible.length, round } }));
  const next = () => {
    if (round !== drawRound) return; // a newer page (enhanced navigation) took over; it draws its own
    if (rest.length === 0) {
      watchScrolling(rest);
      // Every placeholder on the page now is drawn, or the page is looked at once more: an update that replaced
      // placeholders after this round began left them empty (a browser test once waited 30 s for one).
      const missed = [...document.querySelectorAll("[data-rw-chart]")].some((e) => !e.querySelector(".apexcharts-canvas"));
      if (!missed) retries = 0;
      else if (retries++ < 3) return later(() => drawAll(true));
      document.documentElement.dataset.rwCharts = String(drawn.size);
      return;
    }
    drawOne(rest.shift());
    later(next);
  };
  later(next);
}

// A visitor who scrolls before the rest are drawn: the charts coming into view (or within a quarter screen of it) go
// to the front of the queue, in page order, so the next idle period draws what is being looked at rather than the
// next chart down the page.
let watcher;
function watchScrolling(rest) {
  watcher?.disconnect();
  watcher = undefined;
  if (rest.length === 0 || !window.IntersectionObserver) return;
  watcher = new IntersectionObserver((entries) => {
    const near = new Set(entries.filter((e) => e.isIntersecting).map((e) => e.target));
    if (near.size === 0) return;
    rest.sort((a, b) => near.has(b) - near.has(a)); // stable: page order within each group
    for (const e of near) watcher.unobserve(e);
  }, { rootMargin: "25% 0px" });
  rest.forEach((e) => watcher.observe(e));
}

let drawRound = 0;
let retries = 0;
const firstScreenMark = "rw-first-screen-drawn";
const chartMark = "rw-chart-drawn";
// In the browser's next idle period (after the load event and whatever input is waiting; at most a second late), or
// where there is no requestIdleCallback (Safari), after the next frame is painted (a timeout queued from an animation
// frame runs after that frame). Measured on / (scripts/visits): the first screen's charts are seen drawn sooner,
// since the charts below it no longer queue ahead of everything else.
const later = window.requestIdleCallback
  ? (f) => requestIdleCallback(f, { timeout: 1000 })
  : (f) => requestAnimationFrame(() => setTimeout(f, 0));

function drawOne(element) {
  if (!element.isConnected) return;
  element.replaceChildren();
  const json = element.getAttribute("data-rw-chart");
  let options;
  try {
    options = JSON.parse(json);
    drawn.set(create(element, options), { element, json });
    // The frame that paints it, by the chart's place on the page: for a visitor's tools (scripts/visits).
    const chart = [...document.querySelectorAll("[data-rw-chart]")].indexOf(element);
    const round = drawRound; // this draw's round, not the one current when the frame comes
    requestAnimationFrame(() => performance.mark(chartMark, { detail: { chart, round } }));
  } catch (e) {
    // One chart that cannot be drawn must not stop the ones after it.
    console.error("rw-chart: draw", e);
  }
}

document.addEventListener("rw-themechange", () => {
  for (const chart of live) chart.updateOptions({ theme: { mode: isDark() ? "dark" : "light" } }, false, false);
});

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
else drawAll();
// Blazor's script is deferred behind this module (App.razor): it exists by DOMContentLoaded, not yet now.
const onEnhancedLoad = () => window.Blazor?.addEventListener?.("enhancedload", drawAll);
if (window.Blazor) onEnhancedLoad();
else document.addEventListener("DOMContentLoaded", onEnhancedLoad, { once: true });
