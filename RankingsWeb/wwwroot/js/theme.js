// Decides the colour theme in the browser, before the first paint: the visitor's saved choice, else the system's
// (prefers-color-scheme). The server sends the same HTML to everyone (it is cached), so the theme cannot be in it.
// Loaded as a blocking classic script in <head>: it only sets a class on <html>; the dark palette's CSS variables
// hang off that class (DarkThemeStyle), and charts read it when they draw (apexchart.js).
(() => {
  const key = "rw-theme";
  const root = document.documentElement;
  const system = window.matchMedia("(prefers-color-scheme: dark)");
  const saved = () => {
    try { return localStorage.getItem(key); } catch { return null; }
  };
  const apply = () => {
    const choice = saved();
    const dark = choice ? choice === "dark" : system.matches;
    if (root.classList.contains("rw-dark") === dark && root.style.colorScheme) return;
    root.classList.toggle("rw-dark", dark);
    root.style.colorScheme = dark ? "dark" : "light";
    document.dispatchEvent(new CustomEvent("rw-themechange", { detail: { dark } }));
  };
  apply();
  system.addEventListener("change", apply);
  // One listener for every toggle button, present or future (enhanced navigation replaces the page's elements).
  document.addEventListener("click", (e) => {
    if (!(e.target instanceof Element) || !e.target.closest("[data-rw-theme-toggle]")) return;
    const dark = !root.classList.contains("rw-dark");
    try { localStorage.setItem(key, dark ? "dark" : "light"); } catch { /* private mode: this page only */ }
    apply();
  });
  // Enhanced navigation merges the new page into this document; keep the class whatever it did to <html>.
  document.addEventListener("DOMContentLoaded", () => window.Blazor?.addEventListener?.("enhancedload", apply));
})();
