/* Browser checks panel output: the plan table, the results table, the PAC download box, the
 * latency budget, the DNS-over-HTTPS answers and the "what a browser cannot test" list with
 * copy buttons. Everything user-supplied goes in through textContent (app.dom.h). */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { h, replaceChildren } = app.dom;

  const VERDICT_TEXT = {
    answered: "Answered",
    answered_opaque: "Answered (opaque)",
    refused: "Refused / failed fast",
    timed_out: "Timed out",
    blocked: "Blocked by the browser",
  };
  const PLATFORM_TEXT = { windows: "Windows", macos: "macOS", linux: "Linux", device: "Tunnel gateway" };

  function dash() {
    return h("span", { class: "muted", text: "—", "aria-label": "none" });
  }

  function ms(v) {
    return Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : "";
  }

  function verdictBadge(verdict) {
    return h("span", { class: `verdict verdict-${verdict}`, text: VERDICT_TEXT[verdict] || verdict, dataset: { verdict } });
  }

  // ---------------------------------------------------------------- plan
  function renderPlan(el, plan, planError) {
    const problems = [];
    if (planError) problems.push(h("p", {}, h("strong", { text: "The plan could not be built: " }), planError));
    if (plan && plan.problems.length) {
      problems.push(
        h("p", {}, h("strong", { text: "Check the inputs:" })),
        h("ul", {}, plan.problems.map((p) => h("li", { text: p.message, dataset: { field: p.field } }))),
      );
    }
    replaceChildren(el.problems, problems);
    el.problems.hidden = problems.length === 0;

    const targets = plan ? plan.targets : [];
    el.plan.hidden = targets.length === 0;
    el.method.hidden = targets.length === 0;
    el.readings.hidden = targets.length === 0;
    if (!plan || targets.length === 0) {
      el.planSummary.textContent =
        "Enter a cloud name, a PAC URL, proxies or URLs: the targets appear here before anything is sent.";
      replaceChildren(el.planBody);
      replaceChildren(el.readingsBody);
      return;
    }
    const blocked = targets.filter((t) => t.blocked).length;
    el.planSummary.textContent =
      `${targets.length} target${targets.length === 1 ? "" : "s"} × ${plan.samples} sample${plan.samples === 1 ? "" : "s"}, ` +
      `timeout ${plan.timeout_ms} ms each` +
      (blocked ? `; ${blocked} will be recorded as blocked without a request (see the notes).` : ".");
    el.method.textContent = plan.method;
    replaceChildren(
      el.planBody,
      targets.map((t) =>
        h(
          "tr",
          { "data-testid": "checks-plan-row", dataset: { id: t.id } },
          h("th", { scope: "row", text: t.id }),
          h("td", { class: "url" }, h("code", { text: t.url }), t.blocked ? h("p", { class: "warn", text: `Blocked: ${t.blocked}` }) : null),
          h("td", { text: t.tries }),
          h("td", { text: t.why }),
        ),
      ),
    );
    // The readings depend on the kind of target: list each once, with the checks it covers.
    const groups = new Map();
    for (const t of targets) groups.set(t.reading, (groups.get(t.reading) || []).concat(t.id));
    replaceChildren(
      el.readingsBody,
      [...groups].map(([reading, ids]) => h("p", {}, h("strong", { text: `${ids.join(", ")}: ` }), reading)),
    );
  }

  // ---------------------------------------------------------------- results
  function phasesCell(c) {
    if (c.timing) {
      const t = c.timing;
      const tls = t.tls_ms === null || t.tls_ms === undefined ? "—" : ms(t.tls_ms);
      return h("td", { dataset: { col: "phases" }, text: `${ms(t.dns_ms)} / ${ms(t.connect_ms)} / ${tls} / ${ms(t.ttfb_ms)}` });
    }
    const reached = c.verdict === "answered" || c.verdict === "answered_opaque";
    return h(
      "td",
      { dataset: { col: "phases" }, class: "muted" },
      reached ? "Not available: the server sends no Timing-Allow-Origin header." : "—",
    );
  }

  function resultRows(c) {
    const s = c.stats || {};
    const answered = c.samples_ms && c.samples_ms.length > 0;
    const num = (v, col) => h("td", { class: "num", dataset: { col } }, answered ? ms(v) : dash());
    const total = c.samples ? c.samples.length : 0;
    const failed = c.samples ? c.samples.filter((x) => x.outcome !== "answered" && x.outcome !== "answered_opaque").length : 0;
    const noteId = `checks-note-${c.id}`;
    return [
      h(
        "tr",
        { "data-testid": "check-row", class: "result-row", dataset: { id: c.id, verdict: c.verdict }, "aria-describedby": noteId },
        h("th", { scope: "row", class: "url" }, c.id, h("br"), h("code", { dataset: { col: "target" }, text: c.target })),
        h("td", { dataset: { col: "verdict" } }, verdictBadge(c.verdict)),
        num(s.min, "min"),
        num(s.median, "median"),
        num(s.p95, "p95"),
        num(s.max, "max"),
        num(s.jitter, "jitter"),
        h("td", { class: "num nowrap", dataset: { col: "failed" }, text: `${failed} of ${total}` }),
        h("td", { dataset: { col: "status" } }, c.status_codes && c.status_codes.length ? c.status_codes.join(", ") : dash()),
        phasesCell(c),
      ),
      h(
        "tr",
        { class: "note-row" },
        h("td", { colSpan: 10, id: noteId, "data-testid": "check-note", dataset: { id: c.id }, text: c.note || "" }),
      ),
    ];
  }

  function renderResults(el, results) {
    const checks = results ? results.checks : [];
    el.results.hidden = checks.length === 0;
    el.exportBar.hidden = checks.length === 0;
    replaceChildren(el.resultsBody, checks.map(resultRows));
    app.chartRtt.render(document.getElementById("checks-rtt-chart"), results, app.state.checks.budget);
  }

  // ---------------------------------------------------------------- PAC download
  function renderPacDownload(box, dl, text, actions) {
    if (!dl) {
      replaceChildren(box);
      box.hidden = true;
      return;
    }
    const parts = [h("h3", { text: "PAC file download" })];
    const facts = [];
    if (dl.status !== null && dl.status !== undefined) facts.push(`HTTP ${dl.status}`);
    if (dl.size !== null && dl.size !== undefined) facts.push(`${dl.size.toLocaleString("en")} bytes`);
    if (Number.isFinite(dl.ms)) facts.push(`${ms(dl.ms)} ms`);
    if (dl.type) facts.push(dl.type);
    parts.push(
      h("p", { "data-testid": "checks-pac-facts" }, h("code", { text: dl.url }), facts.length ? ` — ${facts.join(", ")}` : ""),
    );
    if (dl.failed) {
      parts.push(h("p", { class: "warn", text: dl.failed }));
    } else if (!dl.readable) {
      parts.push(
        h(
          "p",
          { class: "warn", "data-testid": "checks-pac-cors" },
          "The server answered, but sends no CORS header (Access-Control-Allow-Origin), so this page may not read the file. ",
          "Open the URL in a new browser tab, save the file, then use ",
          h("strong", { text: "Open file…" }),
          " in the PAC evaluator, or paste its text there.",
        ),
      );
    } else if (text === null) {
      parts.push(h("p", { class: "warn", text: dl.error || "The body was not kept." }));
    } else {
      const looksPac = /FindProxyForURL/.test(text);
      parts.push(
        h(
          "p",
          {},
          looksPac
            ? "The body defines FindProxyForURL."
            : h("span", { class: "warn", text: "The body does not define FindProxyForURL: it may be an error or login page." }),
        ),
        h("button", { type: "button", "data-testid": "checks-pac-load", onclick: actions.load, text: "Load into the PAC evaluator" }),
      );
    }
    if (actions.backup) {
      parts.push(
        h(
          "p",
          { class: "note", "data-testid": "checks-pac-backup" },
          `Your previous PAC source (${actions.backup.lines} line${actions.backup.lines === 1 ? "" : "s"}) was kept. `,
          h("button", { type: "button", class: "linkish", "data-testid": "checks-pac-restore", onclick: actions.restore, text: "Restore it" }),
        ),
      );
    }
    replaceChildren(box, parts);
    box.hidden = false;
  }

  // ---------------------------------------------------------------- budget
  function renderBudget(box, budget, error, checkId) {
    // The budget is written into the results in place (checks-panel.js), so the RTT chart's
    // budget line is redrawn here, when the budget changes.
    app.chartRtt.render(document.getElementById("checks-rtt-chart"), app.state.checks.results, budget);
    if (error) {
      replaceChildren(box, h("p", { class: "warn", "data-testid": "checks-budget-error", text: error }));
      return;
    }
    if (!budget) {
      replaceChildren(box, h("p", { class: "hint", text: "Enter both locations or a distance to see the expected round trip." }));
      return;
    }
    const verdict = budget.verdict
      ? h("span", { class: `verdict budget-${budget.verdict}`, dataset: { verdict: budget.verdict }, text: budget.verdict === "within" ? "Within budget" : "Above budget" })
      : null;
    replaceChildren(
      box,
      h(
        "dl",
        { class: "facts" },
        h("dt", { text: "Distance" }),
        h("dd", { "data-testid": "checks-budget-distance", text: `${budget.distance_km.toFixed(0)} km ${budget.great_circle ? "(great circle)" : "(given)"}` }),
        h("dt", { text: "Expected round trip" }),
        h("dd", { "data-testid": "checks-budget-ms", text: `up to ${budget.budget_ms.toFixed(1)} ms (${budget.ms_per_4000_km} ms per 4,000 km)` }),
        h("dt", { text: "Measured median" }),
        h(
          "dd",
          {},
          budget.measured_ms === null ? "run the checks first" : `${budget.measured_ms.toFixed(1)} ms${checkId ? ` (${checkId})` : ""} `,
          verdict,
        ),
      ),
      h("p", { class: "hint", text: budget.explanation }),
    );
  }

  // ---------------------------------------------------------------- DoH
  function renderDoh(el, dns) {
    const answers = dns ? dns.answers : [];
    el.dohTable.hidden = answers.length === 0;
    el.dohCopy.hidden = !answers.some((a) => a.addresses.length > 0);
    replaceChildren(
      el.dohBody,
      answers.map((a) =>
        h(
          "tr",
          { "data-testid": "checks-doh-row", dataset: { name: a.name, qtype: a.qtype } },
          h("th", { scope: "row", text: a.name }),
          h("td", { text: a.qtype }),
          h("td", { text: a.error ? "error" : a.status_text }),
          h(
            "td",
            {},
            a.error
              ? h("span", { class: "warn", text: a.error })
              : a.records.length
                ? a.records.map((r, i) => [i ? ", " : "", h("code", { text: `${r.rtype} ${r.data}` }), ` (${r.ttl})`])
                : dash(),
          ),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- manual checks
  function renderManual(container, manual, copy) {
    replaceChildren(
      container,
      (manual || []).map((m) =>
        h(
          "article",
          { class: "manual", "data-testid": "checks-manual-item", dataset: { id: m.id } },
          h("h4", { text: m.title }),
          h("p", {}, h("strong", { text: "Why not here: " }), m.why_not_in_browser),
          h("p", {}, h("strong", { text: "Look for: " }), m.look_for),
          h(
            "div",
            { class: "manual-cmds" },
            m.commands.map((c) => {
              const text = c.lines.join("\n");
              const pre = h("pre", { class: "cmd", tabIndex: 0, text, "data-testid": "checks-cmd", dataset: { platform: c.platform } });
              return h(
                "div",
                { class: "manual-platform" },
                h(
                  "div",
                  { class: "field-head" },
                  h("span", { class: "platform", text: `${PLATFORM_TEXT[c.platform] || c.platform} — ${c.shell}` }),
                  h("button", {
                    type: "button",
                    class: "quiet",
                    text: "Copy",
                    "aria-label": `Copy the ${PLATFORM_TEXT[c.platform] || c.platform} commands for ${m.title}`,
                    onclick: () => copy(text, pre),
                  }),
                ),
                pre,
                c.note ? h("p", { class: "hint", text: c.note }) : null,
              );
            }),
          ),
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- findings
  /** The diagnosis of the checks (and of pasted command output, if sent): one item per finding. */
  function renderFindings(el, report, error, withPaste) {
    el.findingsWrap.hidden = !report && !error;
    el.findingsError.hidden = !error;
    el.findingsError.textContent = error ? `The diagnosis failed: ${error}` : "";
    el.findingsHint.textContent =
      "The diagnosis rules (as netdiag diagnose --checks) applied to these results" +
      (withPaste ? " and to the command output sent from the paste box." : ".");
    const findings = report ? report.findings : [];
    replaceChildren(
      el.findings,
      report && findings.length === 0
        ? h("li", { class: "hint", text: "No finding: nothing in these results points at a fault the rules know." })
        : findings.map((f) =>
            h(
              "li",
              { class: `check-finding sev-${f.severity}`, "data-testid": "checks-finding", dataset: { id: f.id, severity: f.severity } },
              h("p", {}, h("span", { class: `tag sev-${f.severity}`, text: f.severity }), " ", h("code", { text: f.id }), " — ", f.summary),
              f.actions && f.actions.length ? h("ul", { class: "actions-list" }, f.actions.map((a) => h("li", { text: a.text }))) : null,
            ),
          ),
    );
  }

  app.checksResults = { VERDICT_TEXT, renderPlan, renderResults, renderPacDownload, renderBudget, renderDoh, renderManual, renderFindings };
})();
