/* Charts: the PAC result map. Test URLs grouped by where the browser sends them: DIRECT, each
 * primary proxy (data centre) with its secondary, answers without a usable proxy, and errors;
 * one bar per group with its count, and a table listing every group's URLs with a button to
 * the line that decided each. `groupResults` is pure (no DOM). */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  const OUTCOME_TEXT = { direct: "DIRECT (bypass)", proxy: "Proxy", other: "No usable proxy", error: "Error" };
  const ORDER = { direct: 0, proxy: 1, other: 2, error: 3 };

  /** Groups PAC results: `[{ key, outcome, primary, secondary, results }]`, DIRECT first, then
   * proxies by size, then answers without a proxy, then errors. */
  function groupResults(results) {
    const groups = new Map();
    for (const r of Array.isArray(results) ? results : []) {
      let outcome;
      if (r.error) outcome = "error";
      else if (r.bypass) outcome = "direct";
      else if (r.primary) outcome = "proxy";
      else outcome = "other";
      const primary = outcome === "proxy" ? r.primary : null;
      const secondary = outcome === "proxy" ? r.secondary || null : null;
      const key = outcome === "proxy" ? `proxy ${primary} ${secondary || ""}` : outcome;
      if (!groups.has(key)) groups.set(key, { key, outcome, primary, secondary, results: [] });
      groups.get(key).results.push(r);
    }
    return [...groups.values()].sort(
      (a, b) => ORDER[a.outcome] - ORDER[b.outcome] || b.results.length - a.results.length || a.key.localeCompare(b.key),
    );
  }

  function groupLabel(g) {
    if (g.outcome !== "proxy") return OUTCOME_TEXT[g.outcome];
    return g.secondary ? `${g.primary}, then ${g.secondary}` : `${g.primary} (no secondary)`;
  }

  /** Renders the map into `box` (emptied and hidden without results). */
  function render(box, report, onLine) {
    if (!box) return;
    const c = app.charts;
    const { h, replaceChildren } = app.dom;
    const results = report && Array.isArray(report.results) ? report.results : [];
    if (results.length === 0) {
      replaceChildren(box);
      box.hidden = true;
      return;
    }
    const groups = groupResults(results);
    const W = 720;
    const rowH = 34;
    const top = 10;
    const labelW = 300;
    const barX0 = labelW + 10;
    const barW = W - barX0 - 50;
    const H = top + groups.length * rowH + 10;
    const max = Math.max(...groups.map((g) => g.results.length));
    const x = c.linear(0, max, barX0, barX0 + barW);
    const marks = groups.map((g, i) => {
      const y = top + i * rowH;
      const n = g.results.length;
      return c.svg(
        "g",
        { class: "pac-group", "data-testid": "pac-map-group", "data-outcome": g.outcome, "data-count": n },
        c.svg("text", { x: 6, y: y + rowH / 2 + 4, class: "chart-label", text: c.clip(groupLabel(g), 40) }),
        c.svg("rect", { x: barX0, y: y + 6, width: Math.max(2, x(n) - barX0), height: rowH - 12, rx: 3, class: `pac-bar pac-${g.outcome}` }),
        c.svg("text", { x: x(n) + 6, y: y + rowH / 2 + 4, class: "chart-value", text: String(n) }),
      );
    });
    const urlList = (g) =>
      h(
        "ul",
        { class: "cell-list pac-map-urls" },
        g.results.map((r) =>
          h(
            "li",
            {},
            h("code", { text: r.url }),
            r.rule
              ? [
                  " ",
                  h("button", {
                    type: "button",
                    class: "linkish",
                    text: `line ${r.rule.line}`,
                    "aria-label": `line ${r.rule.line}: show the line that decided ${r.url}`,
                    dataset: { line: String(r.rule.line) },
                    onclick: () => onLine(r.rule.line),
                  }),
                ]
              : null,
            r.error ? h("span", { class: "cell-error", text: ` ${r.error.message || r.error.kind || "error"}` }) : null,
          ),
        ),
      );
    const rows = groups.map((g) => ({
      dataset: { outcome: g.outcome },
      cells: [
        OUTCOME_TEXT[g.outcome],
        g.primary ? h("code", { text: g.primary }) : "—",
        g.secondary ? h("code", { text: g.secondary }) : "—",
        String(g.results.length),
        urlList(g),
      ],
    }));
    const direct = groups.filter((g) => g.outcome === "direct").reduce((n, g) => n + g.results.length, 0);
    const proxies = groups.filter((g) => g.outcome === "proxy");
    const errors = groups.filter((g) => g.outcome === "error").reduce((n, g) => n + g.results.length, 0);
    const summary =
      `${results.length} URL${results.length === 1 ? "" : "s"}: ${direct} DIRECT, ` +
      `${proxies.reduce((n, g) => n + g.results.length, 0)} through ${proxies.length} proxy group${proxies.length === 1 ? "" : "s"}` +
      (proxies.length ? ` (${proxies.map((g) => `${g.primary} ${g.results.length}`).join(", ")})` : "") +
      `, ${errors} error${errors === 1 ? "" : "s"}.`;
    replaceChildren(
      box,
      c.figure({
        testid: "pac-map",
        title: "Where each test URL goes",
        summary,
        viewBox: [W, H],
        marks,
        legend: [
          { cls: "pac-bar pac-direct", label: "DIRECT (bypass)" },
          { cls: "pac-bar pac-proxy", label: "Primary proxy, then secondary" },
          { cls: "pac-bar pac-other", label: "No usable proxy in the answer" },
          { cls: "pac-bar pac-error", label: "Error" },
        ].filter((l) => groups.some((g) => l.cls.endsWith(`pac-${g.outcome}`))),
        table: { caption: "URLs by outcome", columns: ["Outcome", "Primary", "Secondary", "URLs", "Which URLs (deciding line)"], rows },
      }),
    );
    box.hidden = false;
  }

  app.chartPac = { groupResults, render };
})();
