// Thin bridge between the ApexChart Blazor component and apexcharts 4.7.0 (loaded as a classic script).
// Formatter names in options are resolved here, since functions cannot cross the interop boundary.

const compact = (v) => {
  const a = Math.abs(v);
  if (a >= 1e12) return (v / 1e12).toFixed(1) + "T";
  if (a >= 1e9) return (v / 1e9).toFixed(1) + "B";
  if (a >= 1e6) return (v / 1e6).toFixed(1) + "M";
  if (a >= 1e3) return (v / 1e3).toFixed(1) + "K";
  return Math.round(v).toString();
};
const formatters = {
  compact,
  percent: (v) => (v == null ? "" : (v * 1).toFixed(1) + "%"),
  fraction: (v) => (v == null ? "" : (v * 100).toFixed(1) + "%"),
  usd: (v) => "$" + (v >= 100 ? Math.round(v).toLocaleString("en-US") : (v ?? 0).toFixed(2)),
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

function resolve(options) {
  const yFormat = options.rwYFormat;
  const tipFormat = options.rwTooltipFormat ?? yFormat;
  delete options.rwYFormat;
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
  if (options.chart?.type === "donut" && formatters[tipFormat ?? "compact"]) {
    options.dataLabels = options.dataLabels ?? {};
    options.dataLabels.formatter = (v) => v.toFixed(1) + "%";
  }
  return options;
}

export function create(element, options) {
  const chart = new window.ApexCharts(element, resolve(options));
  chart.render();
  return chart;
}

export function update(chart, options) {
  chart.updateOptions(resolve(options), true, false);
}

export function destroy(chart) {
  chart?.destroy();
}
