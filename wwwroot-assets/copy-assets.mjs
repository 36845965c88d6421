// Copies the pinned apexcharts dist files into the web app, so `dotnet build` needs no Node, and applies the
// patches below to apexcharts.min.js (MIT allows it; the version stays 4.7.0).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "node_modules/apexcharts/package.json"), "utf8"));
if (pkg.version !== "4.7.0") {
  throw new Error(`apexcharts must be 4.7.0 (MIT); found ${pkg.version}`);
}

// Each patch replaces exact pieces of the minified file, each found exactly once, or the copy fails. Each removes work
// from a chart's draw without changing what it draws (screenshots are byte-identical); what they save is in
// docs/performance.md, "seventh pass".
export const patches = [
  {
    // With animations off, every bar path drawn calls showDelayedElements, which took the hidden class off every
    // element delayed so far, again: 308 bars re-touched the class list of each earlier element, and each touch left
    // the page's style dirty for the next forced layout. Each element is now shown once.
    why: "show each delayed element once",
    edits: [[
      'this.w.globals.delayedElements.forEach((function(t){var e=t.el;e.classList.remove("apexcharts-element-hidden"),e.classList.add("apexcharts-hidden-element-shown")}))',
      'this.w.globals.delayedElements.forEach((function(t){if(t.rwShown)return;t.rwShown=!0;var e=t.el;e.classList.remove("apexcharts-element-hidden"),e.classList.add("apexcharts-hidden-element-shown")}))',
    ]],
  },
  {
    // svg.js dispatches a DOM CustomEvent "rebuild" each time a text's x or font size is set (every axis label, several
    // times). Nothing in apexcharts (or here) listens for it.
    why: "no rebuild event nobody listens to",
    edits: [['this.fire("rebuild")}return this}', '0}return this}']],
  },
  {
    // An x-axis label was measured off-screen (a text added, its bounding box read, which forces a layout, then
    // removed) for every tick, but only the check for overlapping labels of an axis without a tick amount reads it:
    // the measurement is now made when read. The text and transform measured are the ones at the call, as before.
    why: "x-axis labels measured only when read",
    edits: [[
      'var b=new Mi(this.ctx),m={};m=o.globals.rotateXLabels&&n?b.getTextRects(h,parseInt(r,10),null,"rotate(".concat(o.config.xaxis.labels.rotate," 0 0)"),!1):b.getTextRects(h,parseInt(r,10));',
      'var b=new Mi(this.ctx),m=null,mh=h,mt=o.globals.rotateXLabels&&n?"rotate(".concat(o.config.xaxis.labels.rotate," 0 0)"):null;',
    ], [
      "{x:i,text:h,textRect:m,isBold:u}",
      "{x:i,text:h,get textRect(){return m||(m=mt?b.getTextRects(mh,parseInt(r,10),null,mt,!1):b.getTextRects(mh,parseInt(r,10)))},isBold:u}",
    ]],
  },
  {
    // svg.js rebuilds a text after each change of its x or font size, and read each line's computed font size (a
    // forced style recalculation, after the write before it) for every line, though only a text of several lines
    // uses it. It is now read for those only.
    why: "font size read only for texts of several lines",
    edits: [[
      'const s=O.window.getComputedStyle(this.node).getPropertyValue("font-size"),r=i*new _t(s);this.dom.newLined&&(this.attr("x",t.attr("x")),"\\n"===this.text()?e+=r:(this.attr("dy",a?r+e:0),e=0))',
      'if(!this.dom.newLined)return;const s=O.window.getComputedStyle(this.node).getPropertyValue("font-size"),r=i*new _t(s);this.attr("x",t.attr("x")),"\\n"===this.text()?e+=r:(this.attr("dy",a?r+e:0),e=0)',
    ]],
  },
  {
    // Rotated x-axis labels: each label's box was read (a forced layout) right after the label before it was turned,
    // one layout per label. A label's box is in its own coordinates, which turning another label does not change:
    // every box is now read first, then every label turned.
    why: "rotated labels measured before any is turned",
    edits: [[
      "for(var n=0;n<a.length;n++){var o=e.rotateAroundCenter(a[n]);",
      "for(var rwBoxes=Array.prototype.map.call(a,(function(x){return e.rotateAroundCenter(x)})),n=0;n<a.length;n++){var o=rwBoxes[n];",
    ]],
  },
  {
    // Every text drawn with a maximum width (each y-axis label: 160 px by default) was measured off-screen, one forced
    // layout each, to be trimmed with "..." if wider. A text of printable ASCII no wider than 1.25 em a character
    // cannot be wider than its maximum (no such glyph is wider than an em in a text font): it is kept unmeasured, as
    // the measurement would have kept it. Any other text, or a font size not in px, is measured as before.
    why: "short texts kept without measuring them against their maximum width",
    edits: [[
      '{key:"getTextBasedOnMaxWidth",value:function(t){var e=t.text,i=t.maxWidth,a=t.fontSize,s=t.fontFamily,r=this.getTextRects(e,a,s)',
      '{key:"getTextBasedOnMaxWidth",value:function(t){var e=t.text,i=t.maxWidth,a=t.fontSize,s=t.fontFamily;if("string"==typeof e&&/^[ -~]*$/.test(e)&&/^\\d+(\\.\\d+)?(px)?$/.test(String(a))&&1.25*parseFloat(a)*e.length<=i)return e;var r=this.getTextRects(e,a,s)',
    ]],
  },
  {
    // Every bar drawn got a group for its goal markers, hidden until drawn and clipped to the grid, also when the data
    // has no goals: 308 empty groups in the top-models chart of /, a third of its elements. Every caller adds the group
    // only if there is one: without goals there is none now.
    why: "no empty goal-marker group per bar",
    edits: [[
      'o=new Mi(this.barCtx.ctx),l=o.group({className:"apexcharts-bar-goals-groups"});',
      'o=new Mi(this.barCtx.ctx);if(!(Array.isArray(a)&&a.length)&&!(Array.isArray(s)&&s.length))return null;var l=o.group({className:"apexcharts-bar-goals-groups"});',
    ]],
  },
  {
    // Options for narrow screens (ChartOptions' "responsive"): at every draw, wider than every breakpoint included, the
    // whole configuration was cloned, merged and initialised again, to restore the wide one after a narrow one. It is
    // now skipped while the chart has never had narrow options applied and the draw brings no new options: there is
    // nothing to restore. A narrow screen, a resize across a breakpoint and every update take the same path as before.
    why: "wide configuration not rebuilt when no narrow one was ever applied",
    edits: [[
      "s.sort((function(t,e){return t.breakpoint>e.breakpoint?1:e.breakpoint>t.breakpoint?-1:0})).reverse();",
      "s.sort((function(t,e){return t.breakpoint>e.breakpoint?1:e.breakpoint>t.breakpoint?-1:0})).reverse();if(!e.ctx.rwNarrow&&(!t||0===Object.keys(t).length)&&(window.innerWidth>0?window.innerWidth:screen.width)>s[0].breakpoint)return;",
    ], [
      "for(var h=0;h<s.length;h++)n<s[h].breakpoint&&(t=Pi.extendArrayProps(r,s[h].options,i)",
      "for(var h=0;h<s.length;h++)n<s[h].breakpoint&&(e.ctx.rwNarrow=!0,t=Pi.extendArrayProps(r,s[h].options,i)",
    ]],
  },
];

export function patch(source) {
  let out = source;
  for (const p of patches) {
    for (const [find, replace] of p.edits) {
      const at = out.indexOf(find);
      if (at < 0 || out.indexOf(find, at + 1) >= 0) throw new Error(`apexcharts patch "${p.why}": its text is not found exactly once`);
      out = out.slice(0, at) + replace + out.slice(at + find.length);
    }
  }
  // After the licence banner, so the file says what it is.
  const banner = out.indexOf("*/") + 2;
  return out.slice(0, banner) + `\n/* Patched by wwwroot-assets/copy-assets.mjs: ${patches.map((p) => p.why).join("; ")}. */` + out.slice(banner);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = join(here, "../RankingsWeb/wwwroot/lib/apexcharts");
  mkdirSync(target, { recursive: true });
  const dist = join(here, "node_modules/apexcharts/dist");
  writeFileSync(join(target, "apexcharts.min.js"), patch(readFileSync(join(dist, "apexcharts.min.js"), "utf8")));
  cpSync(join(dist, "apexcharts.css"), join(target, "apexcharts.css"));
  cpSync(join(here, "node_modules/apexcharts/LICENSE"), join(target, "LICENSE"));
  console.log(`copied apexcharts ${pkg.version} to ${target}, with ${patches.length} patches`);
}
