/* Charts: RTT distribution per check target (Checks panel). One row per target: every answered
 * sample as a dot (a strip plot; dots spread vertically in a fixed pattern so equal times stay
 * visible), the median as a bar, and the distance budget (crates/core/src/browser_checks: the
 * round trip light in fibre needs for the distance, ms_per_4000_km) as a dashed line on the
 * targets it applies to (proxies and the gateway, which the data centre serves). */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  const finite = (v) => app.charts.finite(v);

  /** Median of numbers (the same reading as the checks' stats). */
  function median(values) {
    const s = values.filter(finite).slice().sort((a, b) => a - b);
    if (s.length === 0) return null;
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  }

  /** Renders the chart into `box` from CheckResults and the LatencyBudget (either may be null). */
  function render(box, results, budget) {
    if (!box) return;
    const c = app.charts;
    const { h, replaceChildren } = app.dom;
    const checks = results && Array.isArray(results.checks) ? results.checks : [];
    if (checks.length === 0) {
      replaceChildren(box);
      box.hidden = true;
      return;
    }
    const W = 720;
    const rowH = 36;
    const top = 26;
    const labelW = 200;
    const x0 = labelW + 10;
    // Room on the right for "over budget" / "2 failed" after the axis.
    const x1 = W - 100;
    const H = top + checks.length * rowH + 30;
    const budgetOf = (ch) => (finite(ch.budget_ms) ? ch.budget_ms : null);
    const all = checks.flatMap((ch) => (Array.isArray(ch.samples_ms) ? ch.samples_ms.filter(finite) : []));
    const budgets = checks.map(budgetOf).filter((b) => b !== null);
    const maxMs = Math.max(1, ...all, ...budgets);
    const tk = c.ticks(0, maxMs, 5);
    const x = c.linear(0, tk[tk.length - 1], x0, x1);
    const marks = [c.svg("text", { x: x0, y: 12, class: "chart-axis-title", text: "Round trip per sample, ms (● sample, ┃ median, ┆ budget)" })];
    for (const t of tk) {
      marks.push(c.svg("line", { x1: x(t), x2: x(t), y1: top - 4, y2: H - 24, class: "chart-grid" }));
      marks.push(c.svg("text", { x: x(t), y: H - 10, "text-anchor": "middle", class: "chart-tick", text: c.num(t) }));
    }
    let over = 0;
    const rows = checks.map((ch, i) => {
      const y = top + i * rowH;
      const mid = y + rowH / 2;
      const samples = Array.isArray(ch.samples_ms) ? ch.samples_ms.filter(finite) : [];
      const med = ch.stats && finite(ch.stats.median) && samples.length ? ch.stats.median : median(samples);
      const b = budgetOf(ch);
      const total = Array.isArray(ch.samples) ? ch.samples.length : samples.length;
      const failed = Math.max(0, total - samples.length);
      const isOver = b !== null && med !== null && med > b;
      if (isOver) over += 1;
      const g = [c.svg("text", { x: 6, y: mid + 4, class: "chart-label", text: c.clip(ch.id, 26) })];
      if (b !== null) {
        g.push(c.svg("line", { x1: x(b), x2: x(b), y1: y + 3, y2: y + rowH - 3, class: "rtt-budget", "data-testid": "rtt-budget", "data-budget": b }));
      }
      samples.forEach((s, k) => {
        // Fixed vertical spread (no randomness: the same results draw the same picture).
        const dy = ((k % 5) - 2) * 3;
        g.push(c.svg("circle", { cx: x(s), cy: mid + dy, r: 3.2, class: "rtt-dot", "data-testid": "rtt-dot" }));
      });
      if (med !== null) {
        g.push(c.svg("line", { x1: x(med), x2: x(med), y1: y + 5, y2: y + rowH - 5, class: `rtt-median${isOver ? " is-over" : ""}`, "data-testid": "rtt-median", "data-median": med }));
      }
      const note = samples.length === 0 ? `no answer (${failed} of ${total} failed)` : failed ? `${failed} failed` : isOver ? "over budget" : "";
      if (note) g.push(c.svg("text", { x: samples.length ? x1 + 4 : x0 + 4, y: mid + 4, class: `chart-value${isOver || !samples.length ? " is-bad" : ""}`, text: note }));
      marks.push(c.svg("g", { class: "rtt-target", "data-testid": "rtt-row", "data-id": ch.id }, g));
      return {
        dataset: { id: ch.id },
        cells: [
          ch.id,
          h("code", { text: ch.target || "" }),
          samples.length ? samples.map((s) => c.num(s, 1)).join(", ") : "none answered",
          `${failed} of ${total}`,
          c.cell(med),
          c.cell(b),
          b === null || med === null ? "—" : isOver ? `over by ${c.num(med - b, 1)} ms` : "within",
        ],
      };
    });
    const summary =
      `${checks.length} target${checks.length === 1 ? "" : "s"}` +
      (budget && finite(budget.budget_ms)
        ? `; distance budget ${c.num(budget.budget_ms, 1)} ms for ${Math.round(budget.distance_km)} km (proxies and gateway): ` +
          (over ? `${over} median${over === 1 ? "" : "s"} over it.` : "every median within it.")
        : "; no distance budget set (enter the locations or a distance above to draw it).");
    replaceChildren(
      box,
      c.figure({
        testid: "rtt-chart",
        title: "Round-trip times per target",
        summary,
        viewBox: [W, H],
        marks,
        legend: [
          { cls: "rtt-dot", shape: "circle", label: "One answered sample" },
          { cls: "rtt-median-key", label: "Median" },
          { cls: "rtt-budget-key", label: "Distance budget" },
        ],
        table: {
          caption: "Samples per target (ms)",
          columns: ["Check", "Target", "Samples (ms)", "Failed", "Median", "Budget", "Against the budget"],
          rows,
        },
      }),
    );
    box.hidden = false;
  }

  app.chartRtt = { median, render };
})();
