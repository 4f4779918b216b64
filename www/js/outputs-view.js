/* Outputs panel, rendering: the list of detected blocks, one block's details (kind,
 * confidence, alternatives, lines, truncation, warnings, skipped lines), its source lines
 * with line numbers and the block highlighted, and its records as tables. Everything user
 * supplied goes in as text (app.dom.h); nothing here calls the engine. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { h, replaceChildren } = app.dom;
  const rec = app.outputsRecords;

  /** Blocks listed before "Show more" (a 10 MB paste can hold thousands). */
  const LIST_PAGE = 300;
  /** Table rows shown before "Show all rows". */
  const ROW_PAGE = 200;
  /** Source lines shown for one block (plus context) before the view says it is cut. */
  const MAX_SOURCE_LINES = 2500;
  /** Lines of context shown around a block. */
  const CONTEXT = 2;
  /** Records turned into tables (and charted) at once. One block of a long log can hold
   * 50,000: building all of them took 0.4 s in one main-thread task, so they come a page at a
   * time ("Show more records"). */
  const RECORD_PAGE = 1000;

  function pct(confidence) {
    return `${Math.round((Number(confidence) || 0) * 100)} %`;
  }

  function badge(text, tone, extra) {
    return h("span", Object.assign({ class: `badge tone-${tone || "neutral"}`, text }, extra || {}));
  }

  // ------------------------------------------------------------------ block list
  /** The block list; `onSelect(index)` on choice. `limit` grows with "Show more". */
  function renderBlockList(list, report, { selected, filter, limit, onSelect, onMore }) {
    const blocks = report ? report.blocks : [];
    const shown = blocks.filter((b) => !filter || (filter === "unrecognised" ? b.kind === "unrecognised" : b.kind === filter));
    const items = shown.slice(0, limit).map((b) => {
      const label = rec.kindLabel(b.kind);
      const unrec = b.kind === "unrecognised";
      const flags = [];
      if (unrec) flags.push(badge("unrecognised", "neutral"));
      else flags.push(badge(`${pct(b.confidence)} sure`, b.confidence >= 0.8 ? "good" : "warn"));
      if (b.truncated) flags.push(badge("truncated", "warn"));
      if (b.error) flags.push(badge("unreadable", "bad"));
      if (b.warnings.length) flags.push(badge(`${b.warnings.length} warning${b.warnings.length > 1 ? "s" : ""}`, "warn"));
      if (b.skipped.length) flags.push(badge(`${b.skipped.length} skipped`, "warn"));
      return h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: `block-item${unrec ? " unrec" : ""}`,
            "data-testid": "outputs-block",
            dataset: { index: String(b.index), kind: b.kind, lines: `${b.lines[0]}-${b.lines[1]}` },
            "aria-current": b.index === selected ? "true" : null,
            onclick: () => onSelect(b.index),
          },
          h("span", { class: "block-title" }, h("span", { class: "block-no", text: `#${b.index}` }), " ", label.text),
          h("span", { class: "block-meta" }, h("code", { text: unrec ? "unrecognised" : b.kind }), ` · ${rec.spanText(b.lines)}`),
          b.command ? h("span", { class: "block-cmd" }, h("code", { text: (b.prompt ? `${b.prompt}# ` : "") + b.command })) : null,
          h("span", { class: "block-flags" }, flags),
        ),
      );
    });
    const more =
      shown.length > limit
        ? h("li", {}, h("button", { type: "button", class: "linkish", onclick: onMore, text: `Show ${Math.min(LIST_PAGE, shown.length - limit)} more of ${shown.length - limit} hidden blocks` }))
        : null;
    replaceChildren(list, items, more);
  }

  /** The kind filter's options: all, then each kind present with its count. */
  function renderFilter(select, report, value) {
    const counts = new Map();
    for (const b of report ? report.blocks : []) counts.set(b.kind, (counts.get(b.kind) || 0) + 1);
    const key = JSON.stringify([...counts]);
    if (select.dataset.key !== key) {
      select.dataset.key = key;
      const options = [h("option", { value: "", text: `All blocks (${report ? report.blocks.length : 0})` })];
      for (const [kind, n] of [...counts].sort((a, b) => a[0].localeCompare(b[0]))) {
        options.push(h("option", { value: kind, text: `${kind === "unrecognised" ? "Not recognised" : rec.kindLabel(kind).text} (${n})` }));
      }
      replaceChildren(select, options);
    }
    if (select.value !== (value || "")) select.value = value || "";
  }

  // ------------------------------------------------------------------ block detail
  function renderHeader(box, block, onLines) {
    const label = rec.kindLabel(block.kind);
    const unrec = block.kind === "unrecognised";
    const facts = [
      h("dt", { text: "Kind" }),
      h("dd", {}, unrec ? "Not recognised: shown as pasted" : label.text, " ", h("code", { "data-testid": "block-kind", text: block.kind })),
      h("dt", { text: "Lines" }),
      h("dd", { "data-testid": "block-lines", text: `${block.lines[0]}–${block.lines[1]}` }),
    ];
    if (!unrec) {
      facts.push(h("dt", { text: "Confidence" }), h("dd", { text: pct(block.confidence) }));
    }
    if (block.alternatives.length) {
      facts.push(
        h("dt", { text: "Could also be" }),
        h("dd", {}, block.alternatives.map((a, i) => [i ? ", " : "", rec.kindLabel(a.kind).text, " ", h("code", { text: a.kind }), ` (${pct(a.confidence)})`])),
      );
    }
    if (block.command) {
      facts.push(h("dt", { text: "Command" }), h("dd", {}, h("code", { text: block.command }), block.prompt ? ` on ${block.prompt}` : ""));
    }
    facts.push(h("dt", { text: "Truncated" }), h("dd", {}, block.truncated ? badge("yes: the output stops early; what is there was read", "warn") : "no"));
    const notes = [];
    if (block.error) notes.push(h("p", { class: "cell-error", text: `Could not be read: ${block.error}` }));
    if (block.warnings.length) {
      notes.push(h("ul", { class: "warnings", "data-testid": "block-warnings" }, block.warnings.map((w) => h("li", { text: w }))));
    }
    if (block.skipped.length) {
      notes.push(
        h(
          "p",
          { class: "note", "data-testid": "block-skipped" },
          `Lines the parser did not understand (${block.skipped.length}): `,
          block.skipped.map((s, i) => [i ? ", " : "", h("button", { type: "button", class: "linkish", onclick: () => onLines(s), text: rec.spanText(s) })]),
        ),
      );
    }
    replaceChildren(box, h("dl", { class: "block-facts" }, facts), notes);
  }

  /** Source lines of a block with context; `highlight` (a span) is marked and scrolled to. */
  function renderSource(view, lines, block, highlight, skipped) {
    let first = Math.max(1, block.lines[0] - CONTEXT);
    const end = Math.min(lines.length, block.lines[1] + CONTEXT);
    if (highlight && highlight[0] - first >= MAX_SOURCE_LINES - 50) {
      // A highlight far into a long block: start the window just above it.
      first = Math.max(1, highlight[0] - 50);
    }
    let last = end;
    let cut = 0;
    if (last - first + 1 > MAX_SOURCE_LINES) {
      last = first + MAX_SOURCE_LINES - 1;
      cut = end - last;
    }
    const inSkipped = (n) => (skipped || []).some((s) => n >= s[0] && n <= s[1]);
    const items = [];
    for (let n = first; n <= last; n++) {
      const inBlock = n >= block.lines[0] && n <= block.lines[1];
      const target = highlight && n >= highlight[0] && n <= highlight[1];
      const cls = [inBlock ? "in-block" : "context", target ? "is-target" : "", inSkipped(n) ? "skipped" : ""].join(" ").trim();
      const text = lines[n - 1];
      items.push(
        h(
          "li",
          { class: cls, tabIndex: -1, dataset: { line: String(n) }, "aria-current": target ? "true" : null },
          h("span", { class: "ln", "aria-hidden": "true", text: String(n) }),
          h("code", { text: text === undefined || text === "" ? " " : text }),
        ),
      );
    }
    replaceChildren(
      view,
      h("ol", { class: "code-lines", start: first, "aria-label": `Lines ${first} to ${last}` }, items),
      cut ? h("p", { class: "hint cut", text: `${cut} more lines of this block are not shown.` }) : null,
    );
    if (highlight) {
      const li = view.querySelector(`li[data-line="${highlight[0]}"]`);
      if (li) {
        // Scroll inside the view only; the page itself is scrolled by the caller.
        view.scrollTop = Math.max(0, li.offsetTop - view.clientHeight / 3);
      }
    }
  }

  // ------------------------------------------------------------------ records tables
  function spanButton(span, onLines) {
    return h("button", {
      type: "button",
      class: "linkish lines-link",
      "aria-label": `Show ${rec.spanText(span)} in the source`,
      onclick: () => onLines(span),
      text: span[0] === span[1] ? String(span[0]) : `${span[0]}–${span[1]}`,
    });
  }

  function cellContent(col, value, onLines) {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) {
      return h("span", { class: "muted", title: "not in the output", text: "—" });
    }
    if (rec.isSpan(value) && (col.span || col.key.endsWith("lines"))) return spanButton(value, onLines);
    if (typeof value === "object" && !Array.isArray(value) && "table" in value) {
      return h("span", { class: "muted", text: `${value.count} → ${value.table}` });
    }
    if (col.state && typeof value === "string") return badge(value, rec.stateTone(value), { "data-testid": "state-badge" });
    return rec.formatValue(value);
  }

  function renderTable(t, kindText, onLines, expanded, onExpand) {
    const showEmpty = expanded.has(`${t.path}:empty`);
    const allRows = expanded.has(`${t.path}:rows`);
    const columns = t.columns.filter((c) => showEmpty || !c.empty);
    const hidden = t.columns.length - columns.length;
    const title = t.path === "records" || t.path === "fields" ? `${kindText}: records` : `${kindText}: ${t.path}`;
    const tools = [];
    if (hidden > 0 || showEmpty) {
      const emptyCount = t.columns.filter((c) => c.empty).length;
      tools.push(
        h("button", {
          type: "button",
          class: "linkish",
          "aria-pressed": String(showEmpty),
          onclick: () => onExpand(`${t.path}:empty`),
          text: showEmpty ? `Hide ${emptyCount} empty fields` : `Show ${hidden} empty fields (absent from the output)`,
        }),
      );
    }
    let table;
    if (t.single) {
      const row = t.rows[0];
      const body = [];
      if (row.lines) body.push(h("tr", {}, h("th", { scope: "row", text: "lines" }), h("td", {}, spanButton(row.lines, onLines))));
      for (const c of columns) {
        body.push(
          h(
            "tr",
            { dataset: { key: c.key } },
            h("th", { scope: "row", text: c.label }),
            h("td", { class: c.numeric ? "num" : null }, cellContent(c, row.cells[c.key], onLines)),
          ),
        );
      }
      table = h(
        "table",
        { class: "records kv", "data-testid": "records-table", dataset: { table: t.path } },
        h("caption", { text: title }),
        h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Field" }), h("th", { scope: "col", text: "Value" }))),
        h("tbody", {}, body),
      );
    } else {
      const rows = allRows ? t.rows : t.rows.slice(0, ROW_PAGE);
      const head = [];
      if (t.hasParent) head.push(h("th", { scope: "col", text: "record" }));
      if (t.hasLines) head.push(h("th", { scope: "col", text: "lines" }));
      for (const c of columns) head.push(h("th", { scope: "col", class: c.numeric ? "num" : null, text: c.label }));
      const body = rows.map((r) =>
        h(
          "tr",
          {},
          t.hasParent ? h("td", { class: "num", text: String(r.parent) }) : null,
          t.hasLines ? h("td", {}, r.lines ? spanButton(r.lines, onLines) : "—") : null,
          columns.map((c) => h("td", { class: c.numeric ? "num" : null, dataset: { col: c.key } }, cellContent(c, r.cells[c.key], onLines))),
        ),
      );
      table = h(
        "table",
        { class: "records", "data-testid": "records-table", dataset: { table: t.path } },
        h("caption", { text: `${title} (${t.rows.length})` }),
        h("thead", {}, h("tr", {}, head)),
        h("tbody", {}, body),
      );
      if (t.rows.length > ROW_PAGE) {
        tools.push(
          h("button", {
            type: "button",
            class: "linkish",
            onclick: () => onExpand(`${t.path}:rows`),
            text: allRows ? `Show the first ${ROW_PAGE} rows` : `Show all ${t.rows.length} rows`,
          }),
        );
      }
    }
    return h(
      "div",
      { class: "records-wrap" },
      h("div", { class: "table-wrap", tabIndex: 0, role: "region", "aria-label": title }, table),
      tools.length ? h("p", { class: "table-tools" }, tools) : null,
    );
  }

  /** The picture for blocks that have one (chart-*.js): MTR hops, IKE timelines; else null. */
  function chartOf(block, kindText, onLines) {
    if (block.kind === "linux.mtr_report" || block.kind === "windows.winmtr_text") return app.chartMtr.render(block.records, kindText);
    if (app.chartTimeline.KINDS.includes(block.kind)) return app.chartTimeline.render(block, kindText, onLines);
    return null;
  }

  /** The records of a block as tables (nothing for unrecognised blocks). */
  function renderRecords(box, block, onLines, expanded, onExpand) {
    if (block.kind === "unrecognised") {
      replaceChildren(box, h("p", { class: "hint", text: "No parser recognised these lines; they are shown as pasted above and are not diagnosed." }));
      return;
    }
    const all = Array.isArray(block.records) ? block.records : null;
    const pages = recordPages(expanded);
    const limit = RECORD_PAGE * pages;
    const cut = Boolean(all && all.length > limit);
    const records = cut ? all.slice(0, limit) : block.records;
    const tables = rec.tablesOf(records);
    if (tables.length === 0 || tables.every((t) => t.rows.length === 0)) {
      replaceChildren(box, h("p", { class: "hint", "data-testid": "no-records", text: "No records: the output is empty (for example, no SA at all)." }));
      return;
    }
    const kindText = rec.kindLabel(block.kind).text;
    const more = cut
      ? h(
          "p",
          { class: "table-tools", "data-testid": "records-more" },
          `Showing the first ${limit.toLocaleString("en")} of ${all.length.toLocaleString("en")} records in the tables. `,
          h("button", {
            type: "button",
            class: "linkish",
            // recordPages() reads the largest page count among the toggles, so the earlier
            // ones may stay (and the panel sees the toggles change on every click).
            onclick: () => onExpand(`records:pages=${pages + 1}`),
            text: `Show ${Math.min(RECORD_PAGE, all.length - limit).toLocaleString("en")} more records`,
          }),
        )
      : null;
    replaceChildren(
      box,
      more,
      // The chart reads every record (it caps what it draws itself and counts them all).
      chartOf(block, kindText, onLines),
      tables.map((t) => renderTable(t, kindText, onLines, expanded, onExpand)),
    );
  }

  /** How many pages of records the user asked for (`records:pages=N` in the toggles). */
  function recordPages(expanded) {
    let pages = 1;
    for (const k of expanded) {
      const m = /^records:pages=(\d+)$/.exec(k);
      if (m) pages = Math.max(pages, Number(m[1]));
    }
    return pages;
  }

  app.outputsView = { LIST_PAGE, renderBlockList, renderFilter, renderHeader, renderSource, renderRecords, badge };
})();
