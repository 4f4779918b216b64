/* Charts, shared part: SVG element builder (createElementNS, text only through textContent),
 * linear scales with round ticks, and the figure every chart sits in: a caption, the picture
 * (role="img", named by its title and described by its summary) and a real data table behind
 * it. The table stays in the accessibility tree at all times (visually hidden until "Show data
 * table"), so screen readers and copy-paste get the numbers whether or not it is shown. */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});
  const NS = "http://www.w3.org/2000/svg";

  /** createElementNS with attributes and children; strings become text nodes (never markup). */
  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") el.textContent = String(value);
      else if (key === "class") el.setAttribute("class", value);
      else el.setAttribute(key, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
  function linear(d0, d1, r0, r1) {
    const span = d1 - d0;
    const f = (v) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0));
    f.domain = [d0, d1];
    return f;
  }

  /** About `count` round tick values (1, 2, 5 × 10^n steps) from 0 or `min` up to at least `max`. */
  function ticks(min, max, count) {
    if (!(max > min)) return [min];
    const raw = (max - min) / Math.max(1, count);
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || raw;
    const out = [];
    for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
    if (out[out.length - 1] < max) out.push(Number((out[out.length - 1] + step).toFixed(10)));
    return out;
  }

  /** A number for axis labels and tables: no trailing zeros, at most one decimal above 10. */
  /** True for a real number (absent values are null in the records). */
  function finite(v) {
    return typeof v === "number" && Number.isFinite(v);
  }

  /** A table cell for a number that may be absent: "—" when it is. */
  function cell(v, digits = 1) {
    return finite(v) ? num(v, digits) : "—";
  }

  function num(v, digits) {
    if (!Number.isFinite(v)) return "";
    const d = digits === undefined ? (Math.abs(v) >= 10 ? 0 : 1) : digits;
    return String(Number(v.toFixed(d)));
  }

  let serial = 0;
  /** A fresh id prefix, so several figures of one kind can share the page. */
  function uid(prefix) {
    serial += 1;
    return `${prefix}-${serial}`;
  }

  /**
   * The figure around a chart: `{ testid, title, summary, viewBox: [w, h], marks (SVG nodes),
   * legend: [{ cls, shape, label }], table: { caption, columns: [label], rows: [{ cells, cls,
   * dataset }] }, notes: [text or node] }`. Returns a <figure> with the SVG (role="img",
   * aria-labelledby its <title> and the visible summary) and the data table.
   */
  function figure(spec) {
    const { h } = app.dom;
    const id = uid(spec.testid || "chart");
    const [w, hgt] = spec.viewBox;
    const titleId = `${id}-title`;
    const descId = `${id}-desc`;
    const picture = svg(
      "svg",
      {
        class: "chart-svg",
        viewBox: `0 0 ${w} ${hgt}`,
        role: "img",
        "aria-labelledby": `${titleId} ${descId}`,
        preserveAspectRatio: "xMinYMin meet",
        "data-testid": `${spec.testid}-svg`,
      },
      svg("title", { id: titleId, text: spec.title }),
      svg("desc", { text: spec.summary }),
      spec.marks,
    );
    const tableId = `${id}-table`;
    const table = h(
      "table",
      { id: tableId, class: "records chart-table", "data-testid": `${spec.testid}-table` },
      h("caption", { text: spec.table.caption }),
      h("thead", {}, h("tr", {}, spec.table.columns.map((c) => h("th", { scope: "col", text: c })))),
      h(
        "tbody",
        {},
        spec.table.rows.map((r) =>
          h(
            "tr",
            { class: r.cls || null, dataset: r.dataset || {} },
            r.cells.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))),
          ),
        ),
      ),
    );
    // The table is always in the accessibility tree; the button only changes whether sighted
    // users see it (a closed <details> would hide it from screen readers too).
    const tableWrap = h("div", { class: "table-wrap chart-data visually-hidden", "data-testid": `${spec.testid}-data` }, table);
    const toggle = h("button", {
      type: "button",
      class: "linkish chart-toggle",
      "aria-pressed": "false",
      "aria-controls": tableId,
      "data-testid": `${spec.testid}-toggle`,
      text: "Show data table",
    });
    toggle.addEventListener("click", () => {
      const show = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(show));
      toggle.textContent = show ? "Hide data table" : "Show data table";
      tableWrap.classList.toggle("visually-hidden", !show);
      // A shown table is scrollable: give keyboard users a stop on it.
      if (show) {
        tableWrap.tabIndex = 0;
        tableWrap.setAttribute("role", "region");
        tableWrap.setAttribute("aria-label", spec.table.caption);
      } else {
        tableWrap.removeAttribute("tabindex");
        tableWrap.removeAttribute("role");
        tableWrap.removeAttribute("aria-label");
      }
    });
    const legend = (spec.legend || []).length
      ? h(
          "ul",
          { class: "chart-legend", "aria-label": "Legend" },
          spec.legend.map((l) =>
            h(
              "li",
              {},
              svg("svg", { class: "chart-key", viewBox: "0 0 14 14", "aria-hidden": "true", focusable: "false" }, shape(l.shape || "square", 7, 7, 6, l.cls)),
              l.label,
            ),
          ),
        )
      : null;
    return h(
      "figure",
      { class: "chart", "data-testid": spec.testid },
      h("figcaption", {}, h("strong", { class: "chart-title", text: spec.title }), " ", h("span", { id: descId, class: "chart-summary", "data-testid": `${spec.testid}-summary`, text: spec.summary })),
      // The frame scrolls sideways on narrow windows: it takes focus so the keyboard can too.
      h("div", { class: "chart-frame", tabIndex: 0, role: "group", "aria-label": `${spec.title} (scrolls sideways on narrow windows)` }, picture),
      legend,
      (spec.notes || []).map((n) => h("p", { class: "hint chart-note" }, n)),
      h("p", { class: "chart-tools" }, toggle),
      tableWrap,
    );
  }

  /** A marker centred on (x, y) with radius `r`: circle, square, diamond, triangle or cross. */
  function shape(kind, x, y, r, cls, extra) {
    const attrs = Object.assign({ class: cls }, extra || {});
    switch (kind) {
      case "circle":
        return svg("circle", Object.assign(attrs, { cx: x, cy: y, r }));
      case "diamond":
        return svg("path", Object.assign(attrs, { d: `M${x} ${y - r}L${x + r} ${y}L${x} ${y + r}L${x - r} ${y}Z` }));
      case "triangle":
        return svg("path", Object.assign(attrs, { d: `M${x} ${y - r}L${x + r} ${y + r * 0.8}L${x - r} ${y + r * 0.8}Z` }));
      case "cross": {
        const k = r * 0.8;
        return svg(
          "path",
          Object.assign(attrs, { d: `M${x - k} ${y - k}L${x + k} ${y + k}M${x + k} ${y - k}L${x - k} ${y + k}`, "stroke-width": Math.max(2, r / 2.5) }),
        );
      }
      default:
        return svg("rect", Object.assign(attrs, { x: x - r * 0.85, y: y - r * 0.85, width: r * 1.7, height: r * 1.7 }));
    }
  }

  /** Shortens a label to `max` characters with an ellipsis (the table keeps the full text). */
  function clip(text, max) {
    const s = String(text === null || text === undefined ? "" : text);
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
  }

  app.charts = Object.assign(app.charts || {}, { svg, linear, ticks, num, finite, cell, uid, figure, shape, clip });
})();
