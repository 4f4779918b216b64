/* PAC panel output: the error region, the summary line, the results table and the read-only
 * numbered source view with the deciding line highlighted. Everything user-supplied (URLs,
 * PAC text, alerts) goes in through textContent via app.dom.h. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { h, replaceChildren } = app.dom;

  const ERROR_KINDS = {
    syntax: "Syntax error",
    runtime: "Runtime error",
    limit: "Stopped by a limit",
    bad_return: "Bad return value",
    no_entry_point: "No FindProxyForURL",
    unsupported: "Unsupported",
    bad_env: "Environment problem",
    too_deep: "Source nested too deeply",
  };
  const CLIENT_NAMES = { chromium: "Chromium", firefox: "Firefox", winhttp: "Windows WinHTTP" };

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many || `${one}s`}`;
  }

  function dash() {
    return h("span", { class: "muted", text: "—", "aria-label": "none" });
  }

  /** "line 3, column 7" with a button that jumps to the line in the source view. */
  function lineButton(line, column, onLine, label) {
    const where = column ? `line ${line}, column ${column}` : `line ${line}`;
    const text = label || where;
    return h("button", {
      type: "button",
      class: "linkish",
      text,
      // The accessible name starts with the visible text (WCAG 2.5.3).
      "aria-label": `${text}: show in the evaluated source`,
      dataset: { line: String(line) },
      onclick: () => onLine(line),
    });
  }

  // ---------------------------------------------------------------- error region
  /** Describes a PacErrorInfo: kind, position, message and the offending source line. */
  function errorInfo(error, onLine) {
    const kind = ERROR_KINDS[error.kind] || error.kind || "Error";
    const parts = [h("strong", { text: kind })];
    if (error.line) {
      parts.push(" at ", lineButton(error.line, error.column, onLine));
      parts.push(h("span", { class: "pos", text: ` (${error.line}:${error.column || 1})` }));
    }
    parts.push(": ", h("span", { class: "message", text: error.message }));
    const block = [h("p", {}, parts)];
    if (error.source_line) block.push(h("pre", { class: "source-line", text: error.source_line }));
    return block;
  }

  /** Shows input problems, a failed call, or the PAC-level error of the report. */
  function renderErrors(box, { inputErrors, callError, report }, onLine) {
    const blocks = [];
    if (inputErrors && inputErrors.length) {
      blocks.push(
        h("p", {}, h("strong", { text: "Check the inputs:" })),
        h("ul", {}, inputErrors.map((e) => h("li", { text: e.message }))),
      );
    }
    if (callError) {
      blocks.push(
        h("p", {}, h("strong", { text: "Evaluation failed: " }), h("span", { text: callError.message })),
      );
    }
    if (report && report.error) blocks.push(...errorInfo(report.error, onLine));
    replaceChildren(box, blocks);
    box.hidden = blocks.length === 0;
  }

  // ---------------------------------------------------------------- summary
  /** Bypassed (first entry DIRECT), proxied (a proxy first) and errored results. */
  function tally(results) {
    const errors = results.filter((r) => r.error).length;
    const bypassed = results.filter((r) => !r.error && r.bypass).length;
    const proxied = results.filter((r) => !r.error && !r.bypass && r.entries.length > 0).length;
    return { errors, bypassed, proxied };
  }

  function countBy(results, key) {
    const counts = new Map();
    for (const r of results) {
      if (r[key]) counts.set(r[key], (counts.get(r[key]) || 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  function proxyList(label, counts, testid) {
    const items = counts.map(([proxy, n]) =>
      h("li", {}, h("code", { text: proxy }), ` (${plural(n, "URL")})`),
    );
    return h(
      "div",
      { class: "dc", "data-testid": testid },
      h("span", { class: "dc-label", text: label }),
      items.length ? h("ul", { class: "inline-list" }, items) : h("span", { class: "muted", text: " none" }),
    );
  }

  /** Which evaluator answered: netdiag's native subset evaluator, or boa and why. */
  function evaluatorLine(ev) {
    if (!ev) return null;
    let text =
      ev.kind === "native_subset"
        ? "Evaluator: native (the PAC is in the subset netdiag runs without a JavaScript engine)"
        : `Evaluator: boa JavaScript engine${ev.fallback_reason ? ` (outside the native subset: ${ev.fallback_reason})` : ""}`;
    if (ev.boa_urls > 0) {
      text += ` · ${plural(ev.boa_urls, "URL")} handed to boa (${ev.boa_url_reason || "a value the subset does not model"})`;
    }
    return h("p", { class: "hint", "data-testid": "pac-evaluator", text });
  }

  /** Counts of bypassed / proxied / errors, and the primary and secondary data centres. */
  function renderSummary(box, report) {
    if (!report) {
      box.hidden = true;
      return;
    }
    const results = report.results;
    const { errors, bypassed, proxied } = tally(results);
    const env = report.env || {};
    const counts = h(
      "p",
      { class: "counts", "data-testid": "pac-counts" },
      h("strong", { text: plural(results.length, "URL") }),
      ": ",
      h("span", { class: "tag bypass", text: `${bypassed} bypass (DIRECT)` }),
      " ",
      h("span", { class: "tag proxied", text: `${proxied} proxied` }),
      " ",
      h("span", { class: errors ? "tag error" : "tag", text: plural(errors, "error") }),
    );
    const context = h("p", {
      class: "hint",
      text:
        `Entry point ${report.entry_point || "none"} · client ${CLIENT_NAMES[env.client] || env.client} · ` +
        `${env.keep_url ? "full URLs passed" : "https:// stripping as the client does"} · ` +
        `time ${env.now || "?"} (${env.tz || "?"})`,
    });
    const blocks = [counts, context];
    const evaluator = evaluatorLine(report.evaluator);
    if (evaluator) blocks.push(evaluator);
    if (results.length === 0) {
      blocks.push(h("p", { class: "hint", text: "No test URLs given: add some to see what the PAC answers." }));
    }
    blocks.push(
      proxyList("Primary proxies (data centres):", countBy(results, "primary"), "pac-primaries"),
      proxyList("Secondary proxies:", countBy(results, "secondary"), "pac-secondaries"),
    );
    if (report.warnings.length) {
      blocks.push(
        h(
          "ul",
          { class: "warnings", "data-testid": "pac-warnings" },
          report.warnings.map((w) => h("li", { text: w })),
        ),
      );
    }
    replaceChildren(box, blocks);
    box.hidden = false;
  }

  // ---------------------------------------------------------------- results table
  function code(text) {
    return text === null || text === undefined || text === "" ? dash() : h("code", { text });
  }

  function list(items, cls) {
    return items.length ? h("ul", { class: `cell-list ${cls || ""}` }, items.map((t) => h("li", { text: t }))) : dash();
  }

  function urlCell(r) {
    const parts = [h("div", { class: "url", text: r.url })];
    if (r.pac_url !== r.url) {
      parts.push(h("div", { class: "sub" }, "PAC saw ", h("code", { "data-testid": "pac-url", text: r.pac_url })));
    }
    parts.push(h("div", { class: "sub" }, "host ", h("code", { text: r.host })));
    return parts;
  }

  /** The ordered proxy chain, one entry per line; the raw string when it parsed to nothing. */
  function answerCell(r) {
    const parts = [];
    if (r.entries.length) {
      parts.push(
        h(
          "ol",
          { class: "chain", title: r.result || "" },
          r.entries.map((e) => h("li", { class: e.problem ? "warn" : "" }, h("code", { text: e.raw }))),
        ),
      );
    } else {
      parts.push(code(r.result));
    }
    const bad = r.entries.filter((e) => e.problem);
    if (bad.length) {
      parts.push(
        h("ul", { class: "cell-list problems" }, bad.map((e) => h("li", { text: `"${e.raw}": ${e.problem}` }))),
      );
    }
    return parts;
  }

  function bypassCell(r) {
    if (r.error) return dash();
    if (!r.bypass) return h("span", { text: "No" });
    return [h("strong", { class: "yes", text: "Yes (DIRECT)" }), r.bypass_reason ? h("div", { class: "sub", text: r.bypass_reason }) : null];
  }

  function fallbackCell(r) {
    if (r.error || r.bypass) return dash();
    return h("span", { class: r.fallback_direct ? "" : "warn", text: r.fallback_direct ? "Yes" : "No" });
  }

  function ruleCell(r, onLine) {
    if (!r.rule) return dash();
    return [lineButton(r.rule.line, r.rule.column, onLine, `line ${r.rule.line}:${r.rule.column}`), h("code", { class: "rule-text", text: r.rule.text, title: r.rule.text })];
  }

  function dnsCell(r) {
    const lookups = r.dns_lookups;
    if (!lookups.length) return h("span", { class: "muted", text: "0" });
    const items = lookups.map((l) => {
      const answer = l.answer ? l.answer.join(", ") : "does not resolve";
      return h("li", {}, h("code", { text: `${l.helper}(${l.host})` }), ` → ${answer}`, h("span", { class: "muted", text: ` [${l.source}]` }));
    });
    return h(
      "details",
      { class: lookups.length > 3 ? "many" : "" },
      h("summary", { text: plural(lookups.length, "lookup") }),
      h("ul", { class: "cell-list" }, items),
    );
  }

  function errorCell(r, onLine) {
    if (!r.error) return dash();
    return h("div", { class: "cell-error" }, errorInfo(r.error, onLine));
  }

  function resultRow(r, onLine) {
    const cell = (col, content) => h("td", { dataset: { col } }, content);
    // Selecting a result with the pointer (anywhere but its controls) shows its deciding line;
    // keyboard users have the line button in the "Deciding line" cell.
    const select = (event) => {
      if (!r.rule || event.target.closest("button, a, summary, details")) return;
      if (window.getSelection && String(window.getSelection())) return;
      onLine(r.rule.line);
    };
    return h(
      "tr",
      {
        class: (r.error ? "row-error" : r.bypass ? "row-bypass" : "row-proxy") + (r.rule ? " selectable" : ""),
        "data-testid": "pac-result-row",
        dataset: r.rule ? { bypass: String(r.bypass), line: String(r.rule.line) } : { bypass: String(r.bypass) },
        onclick: select,
      },
      cell("url", urlCell(r)),
      cell("answer", answerCell(r)),
      cell("primary", code(r.primary)),
      cell("secondary", code(r.secondary)),
      cell("bypass", bypassCell(r)),
      cell("fallback", fallbackCell(r)),
      cell("rule", ruleCell(r, onLine)),
      cell("dns", dnsCell(r)),
      cell("alerts", list(r.alerts)),
      cell("warnings", list(r.warnings, "warn")),
      cell("error", errorCell(r, onLine)),
    );
  }

  function renderTable(table, body, report, onLine) {
    // The result map (chart-pac.js) sits above the table and shows the same report.
    app.chartPac.render(document.getElementById("pac-map"), report, onLine);
    if (!report || report.results.length === 0) {
      table.hidden = true;
      body.replaceChildren();
      return;
    }
    replaceChildren(body, report.results.map((r) => resultRow(r, onLine)));
    table.hidden = false;
  }

  // ---------------------------------------------------------------- source view
  /** Numbered, read-only lines of the evaluated source; deciding and error lines are marked. */
  function renderSourceView(section, view, source, report) {
    if (!report || !source) {
      section.hidden = true;
      view.replaceChildren();
      return;
    }
    const deciding = new Map();
    for (const r of report.results) if (r.rule) deciding.set(r.rule.line, (deciding.get(r.rule.line) || 0) + 1);
    const errorLines = new Set(
      [report.error, ...report.results.map((r) => r.error)].filter((e) => e && e.line).map((e) => e.line),
    );
    const lines = source.replace(/\r\n?/g, "\n").split("\n");
    const items = lines.map((text, i) => {
      const n = i + 1;
      const cls = [deciding.has(n) ? "decides" : "", errorLines.has(n) ? "has-error" : ""].join(" ").trim();
      return h(
        "li",
        { id: `pac-line-${n}`, class: cls, tabIndex: -1, dataset: { line: String(n) } },
        h("span", { class: "ln", "aria-hidden": "true", text: String(n) }),
        h("code", { text: text === "" ? " " : text }),
        deciding.has(n) ? h("span", { class: "decides-note", "data-testid": "decides-note", text: `decides ${plural(deciding.get(n), "URL")}` }) : null,
      );
    });
    replaceChildren(view, h("ol", { class: "code-lines" }, items));
    section.hidden = false;
  }

  /** Highlights line `n` in the source view, scrolls to it and moves focus there. */
  function highlightLine(view, n) {
    for (const el of view.querySelectorAll("li.is-target")) {
      el.classList.remove("is-target");
      el.removeAttribute("aria-current");
    }
    const li = view.querySelector(`li[data-line="${Number(n)}"]`);
    if (!li) return false;
    li.classList.add("is-target");
    li.setAttribute("aria-current", "true");
    li.scrollIntoView({ block: "center" });
    li.focus({ preventScroll: true });
    return true;
  }

  /** One line for the status region after an evaluation. */
  function statusLine(report) {
    if (report.error) return `The PAC could not be used: ${report.error.message}`;
    const { errors, bypassed, proxied } = tally(report.results);
    const n = report.results.length;
    return `Evaluated ${plural(n, "URL")}: ${bypassed} bypass, ${proxied} proxied, ${plural(errors, "error")}.`;
  }

  app.pacResults = { renderErrors, renderSummary, renderTable, renderSourceView, highlightLine, statusLine };
})();
