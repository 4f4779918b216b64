/* PAC lint in the PAC panel: `window.netdiag.lintPac(src, opts)` (the JSON of
 * `netdiag pac lint --format json`), a Lint action, and the findings shown beside a numbered
 * copy of the linted source with the lines they point at marked. Lint runs by itself after
 * each evaluation of a new source, and on demand. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;

  const SEVERITIES = ["error", "warning", "info"];
  const SEVERITY_NAMES = { error: "Error", warning: "Warning", info: "Info" };

  /** Budget of one lint: parsing is fast; the probe evaluation grows with the source. */
  function budgetMs(source) {
    return 20000 + Math.ceil(source.length / 1000) * 40;
  }

  /** Domain patterns from free text (spaces, commas or new lines). */
  function parseDomains(text) {
    return String(text || "")
      .split(/[\s,;]+/)
      .map((d) => d.trim().toLowerCase())
      .filter((d) => d !== "");
  }

  // ---------------------------------------------------------------- public API
  /** `window.netdiag.lintPac(pacSource, opts)`: `{findings: [...]}` as the CLI prints it.
   * `opts` (optional): `{idp_domains, extra_idp_domains, max_bytes, max_statements}`. */
  async function lintPac(pacSource, opts) {
    if (typeof pacSource !== "string") throw new TypeError("lintPac: pacSource must be a string");
    if (opts !== undefined && opts !== null && (typeof opts !== "object" || Array.isArray(opts))) {
      throw new TypeError("lintPac: opts must be an object (every field optional)");
    }
    return app.engine.call("lintPac", [pacSource, opts || {}], { timeoutMs: budgetMs(pacSource) });
  }
  app.api.register("lintPac", lintPac);

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("lint") || {};
  app.state.lint = {
    idpText: typeof saved.idpText === "string" ? saved.idpText : "",
    running: false,
    report: null,
    source: "",
    error: null,
  };
  app.persist.register("lint", (s) => ({ idpText: s.lint.idpText }));

  const el = {};

  async function runLint(source) {
    const s = app.state.lint;
    if (!app.state.engine.ready || window.__NETDIAG_FATAL || s.running) return;
    if (source.trim() === "") {
      app.update((st) => {
        st.lint.error = "Paste, open or drop a PAC file first.";
        st.lint.report = null;
      });
      return;
    }
    app.update((st) => {
      st.lint.running = true;
      st.lint.error = null;
    });
    app.status("Linting the PAC…");
    try {
      const extra = parseDomains(s.idpText);
      const report = await lintPac(source, extra.length ? { extra_idp_domains: extra } : {});
      app.update((st) => {
        st.lint.report = report;
        st.lint.source = source;
      });
      app.status(statusLine(report));
    } catch (error) {
      app.update((st) => {
        st.lint.error = error.message;
      });
      app.status(`Lint failed: ${error.message}`);
    } finally {
      app.update((st) => {
        st.lint.running = false;
      });
    }
  }

  function counts(report) {
    const c = { error: 0, warning: 0, info: 0 };
    for (const f of report.findings) c[f.severity] = (c[f.severity] || 0) + 1;
    return c;
  }

  function statusLine(report) {
    const c = counts(report);
    if (report.findings.length === 0) return "Lint: no findings.";
    return `Lint: ${c.error} error(s), ${c.warning} warning(s), ${c.info} note(s).`;
  }

  // ---------------------------------------------------------------- init
  function init() {
    for (const [key, id] of Object.entries({
      run: "pac-lint-run", idp: "pac-lint-idp", progress: "pac-lint-progress", error: "pac-lint-error",
      summary: "pac-lint-summary", grid: "pac-lint-grid", view: "pac-lint-source", list: "pac-lint-findings",
    })) {
      el[key] = byId(id);
    }
    el.run.addEventListener("click", () => runLint(app.state.pac.source));
    const setIdp = () => app.update((st) => (st.lint.idpText = el.idp.value));
    el.idp.addEventListener("input", setIdp);
    el.idp.addEventListener("change", () => {
      setIdp();
      if (app.state.lint.source) runLint(app.state.lint.source);
    });
  }

  // ---------------------------------------------------------------- render
  function showLine(n) {
    app.pacResults.highlightLine(el.view, n);
  }

  /** One line button per evidence span: "lines 3–5". */
  function evidenceButtons(finding) {
    return finding.evidence
      .filter((e) => e.block === "pac")
      .map((e) => {
        const [a, b] = e.lines;
        const text = a === b ? `line ${a}` : `lines ${a}–${b}`;
        return h("button", {
          type: "button",
          class: "linkish",
          text,
          title: e.text,
          "aria-label": `${text}: show in the linted source`,
          dataset: { line: String(a) },
          onclick: () => showLine(a),
        });
      });
  }

  function findingItem(f) {
    const lines = evidenceButtons(f);
    return h(
      "li",
      { class: `finding sev-${f.severity}`, "data-testid": "lint-finding", dataset: { id: f.id, severity: f.severity } },
      h(
        "p",
        { class: "finding-head" },
        h("span", { class: `tag sev-${f.severity}`, text: SEVERITY_NAMES[f.severity] || f.severity }),
        " ",
        h("code", { class: "finding-id", text: f.id }),
        " ",
        h("span", { class: "finding-summary", text: f.summary }),
      ),
      lines.length ? h("p", { class: "finding-lines" }, "Evidence: ", lines.flatMap((b, i) => (i ? [", ", b] : [b]))) : null,
      h(
        "details",
        { class: "finding-more" },
        h("summary", { text: "Why, and what to do" }),
        f.detail ? h("p", { text: f.detail }) : null,
        f.actions.length
          ? h(
              "ul",
              { class: "cell-list" },
              f.actions.map((a) =>
                h("li", {}, a.text, a.uri ? [" ", h("span", { class: "muted", text: `(${a.uri})` })] : null),
              ),
            )
          : null,
      ),
    );
  }

  /** Numbered source; lines named by a finding get its severity's mark and the ids as title. */
  function renderSource(source, report) {
    const marks = new Map(); // line -> { severity, ids }
    for (const f of report.findings) {
      for (const e of f.evidence) {
        if (e.block !== "pac") continue;
        const [a, b] = e.lines;
        // Whole-file evidence (PacTooLarge) would paint every line: mark its first one only.
        const last = b - a > 50 ? a : b;
        for (let n = a; n <= last; n++) {
          const m = marks.get(n) || { severity: "info", ids: [] };
          if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(m.severity)) m.severity = f.severity;
          if (!m.ids.includes(f.id)) m.ids.push(f.id);
          marks.set(n, m);
        }
      }
    }
    const lines = source.replace(/\r\n?/g, "\n").split("\n");
    const items = lines.map((text, i) => {
      const n = i + 1;
      const m = marks.get(n);
      return h(
        "li",
        {
          id: `pac-lint-line-${n}`,
          class: m ? `lint-mark sev-${m.severity}` : "",
          tabIndex: -1,
          title: m ? m.ids.join(", ") : null,
          dataset: m ? { line: String(n), findings: m.ids.join(" ") } : { line: String(n) },
        },
        h("span", { class: "ln", "aria-hidden": "true", text: String(n) }),
        m ? h("span", { class: "visually-hidden", text: `${SEVERITY_NAMES[m.severity]}: ${m.ids.join(", ")}. ` }) : null,
        h("code", { text: text === "" ? " " : text }),
      );
    });
    replaceChildren(el.view, h("ol", { class: "code-lines" }, items));
  }

  let shown = null;
  let autoLinted = "";
  function render(state) {
    const s = state.lint;
    if (document.activeElement !== el.idp && el.idp.value !== s.idpText) el.idp.value = s.idpText;
    const blocked = !state.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.run.disabled = blocked || s.running;
    el.run.firstChild.textContent = s.running ? "Linting… " : "Lint PAC";
    el.progress.hidden = !s.running;
    el.error.hidden = !s.error;
    el.error.textContent = s.error || "";

    // After an evaluation of a source not linted yet, lint it too.
    const evaluated = state.pac.evaluatedSource;
    if (evaluated && evaluated !== autoLinted && !state.pac.running && !s.running && !blocked) {
      autoLinted = evaluated;
      queueMicrotask(() => runLint(evaluated));
    }

    if (s.report === shown) return;
    shown = s.report;
    if (!s.report) {
      el.summary.hidden = true;
      el.grid.hidden = true;
      return;
    }
    const c = counts(s.report);
    replaceChildren(
      el.summary,
      s.report.findings.length === 0
        ? h("span", { class: "tag bypass", text: "No findings" })
        : [
            h("span", { class: c.error ? "tag sev-error" : "tag", text: `${c.error} error${c.error === 1 ? "" : "s"}` }),
            " ",
            h("span", { class: c.warning ? "tag sev-warning" : "tag", text: `${c.warning} warning${c.warning === 1 ? "" : "s"}` }),
            " ",
            h("span", { class: "tag sev-info", text: `${c.info} note${c.info === 1 ? "" : "s"}` }),
          ],
    );
    el.summary.hidden = false;
    renderSource(s.source, s.report);
    replaceChildren(
      el.list,
      s.report.findings.length
        ? s.report.findings.map(findingItem)
        : h("li", { class: "hint", text: "No lint findings for this PAC." }),
    );
    el.grid.hidden = false;
  }

  app.lintView = { parseDomains };
  app.registerPanel({ id: "lint", init, render });
})();
