/* Compare versions: two PAC versions (paste or open a file) evaluated over the same URLs and
 * the environment set in the PAC evaluator; a table of only the URLs whose answer changed,
 * with bypass flips highlighted and the deciding line in each version, plus counts.
 * `window.netdiag.diffPac(old, new, urls, env)` returns the JSON of `netdiag pac diff`. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const input = app.pacInput;

  const MAX_PAC_BYTES = 10 * 1048576;

  function budgetMs(urlCount, bytes) {
    return 30000 + 50 * urlCount + Math.ceil(bytes / 1000) * 40;
  }

  // ---------------------------------------------------------------- public API
  /** `window.netdiag.diffPac(oldSource, newSource, urls, env)`: `{changed, unchanged, total,
   * generated_urls, urls, errors}`. An empty `urls` generates them from both PACs; `env` fields
   * are optional (`now`/`tz` default to this browser's clock and zone, as the CLI's do). */
  async function diffPac(oldSource, newSource, urls, env) {
    if (typeof oldSource !== "string" || typeof newSource !== "string") {
      throw new TypeError("diffPac: oldSource and newSource must be strings");
    }
    const list = urls === undefined || urls === null ? [] : urls;
    if (!Array.isArray(list) || list.some((u) => typeof u !== "string")) {
      throw new TypeError("diffPac: urls must be an array of strings (empty: generated from the PACs)");
    }
    if (env !== undefined && env !== null && (typeof env !== "object" || Array.isArray(env))) {
      throw new TypeError("diffPac: env must be an object (every field optional)");
    }
    const full = input.withDefaults(env, app.util.localTimeZone);
    const bytes = oldSource.length + newSource.length;
    return app.engine.call("diffPac", [oldSource, newSource, list, full], {
      timeoutMs: budgetMs(list.length || 200, bytes),
    });
  }
  app.api.register("diffPac", diffPac);

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("compare") || {};
  const str = (v) => (typeof v === "string" ? v : "");
  app.state.compare = {
    old: str(saved.old),
    new: str(saved.new),
    oldName: str(saved.oldName),
    newName: str(saved.newName),
    urlsText: str(saved.urlsText),
    running: false,
    report: null,
    error: null,
    inputErrors: [],
  };
  app.persist.register("compare", (s) => ({
    old: s.compare.old,
    new: s.compare.new,
    oldName: s.compare.oldName,
    newName: s.compare.newName,
    urlsText: s.compare.urlsText,
  }));

  const el = {};

  async function compare() {
    const s = app.state.compare;
    if (!app.state.engine.ready || window.__NETDIAG_FATAL || s.running) return;
    const errors = [];
    if (s.old.trim() === "") errors.push({ message: "Paste or open the old PAC version." });
    if (s.new.trim() === "") errors.push({ message: "Paste or open the new PAC version." });
    const { env, errors: envErrors } = input.envFromForm(app.state.pac);
    for (const e of envErrors) errors.push({ message: `PAC evaluator environment: ${e.message}` });
    if (errors.length) {
      app.update((st) => {
        st.compare.inputErrors = errors;
        st.compare.error = null;
      });
      app.status("Nothing compared: check the inputs.");
      return;
    }
    const { urls } = input.extractUrls(s.urlsText);
    app.update((st) => {
      st.compare.running = true;
      st.compare.inputErrors = [];
      st.compare.error = null;
    });
    app.status(urls.length ? `Comparing the versions over ${urls.length} URLs…` : "Comparing the versions over generated URLs…");
    try {
      const report = await diffPac(s.old, s.new, urls, env);
      app.update((st) => (st.compare.report = report));
      app.status(statusLine(report));
    } catch (error) {
      app.update((st) => (st.compare.error = error.message));
      app.status(`Comparison failed: ${error.message}`);
    } finally {
      app.update((st) => (st.compare.running = false));
    }
  }

  function statusLine(report) {
    if (report.errors.length) return `Comparison impossible: ${report.errors.map((e) => `${e.version}: ${e.message}`).join("; ")}`;
    return `Compared ${report.total} URLs: ${report.changed.length} changed, ${report.unchanged} unchanged.`;
  }

  // ---------------------------------------------------------------- init
  async function loadFile(side, file) {
    try {
      const text = await app.util.readTextFile(file, MAX_PAC_BYTES);
      app.update((st) => {
        st.compare[side] = text;
        st.compare[`${side}Name`] = file.name;
        st.compare.inputErrors = [];
      });
      app.status(`Loaded ${file.name} as the ${side} version.`);
    } catch (error) {
      app.update((st) => (st.compare.inputErrors = [{ message: `Could not open ${file.name}: ${error.message}` }]));
    }
  }

  function bindSide(side) {
    const area = el[side];
    const set = () => app.update((st) => (st.compare[side] = area.value));
    area.addEventListener("input", set);
    area.addEventListener("change", set);
    const picker = el[`${side}File`];
    el[`${side}Open`].addEventListener("click", () => picker.click());
    picker.addEventListener("change", () => {
      const file = picker.files && picker.files[0];
      if (file) loadFile(side, file);
      picker.value = "";
    });
    el[`${side}FromEvaluator`].addEventListener("click", () =>
      app.update((st) => {
        st.compare[side] = st.pac.source;
        st.compare[`${side}Name`] = st.pac.fileName ? `${st.pac.fileName} (from the evaluator)` : "the evaluator's PAC";
      }),
    );
  }

  function init() {
    for (const [key, id] of Object.entries({
      panel: "compare-panel", old: "cmp-old", new: "cmp-new", oldName: "cmp-old-name", newName: "cmp-new-name",
      oldOpen: "cmp-old-open", newOpen: "cmp-new-open", oldFile: "cmp-old-file", newFile: "cmp-new-file",
      oldFromEvaluator: "cmp-old-from-pac", newFromEvaluator: "cmp-new-from-pac", urls: "cmp-urls",
      urlsHint: "cmp-urls-hint", run: "cmp-run", cancel: "cmp-cancel", progress: "cmp-progress",
      output: "cmp-output", error: "cmp-error", summary: "cmp-summary", table: "cmp-results", body: "cmp-results-body",
    })) {
      el[key] = byId(id);
    }
    bindSide("old");
    bindSide("new");
    const setUrls = () => app.update((st) => (st.compare.urlsText = el.urls.value));
    el.urls.addEventListener("input", setUrls);
    el.urls.addEventListener("change", setUrls);
    el.run.addEventListener("click", compare);
    el.cancel.addEventListener("click", () => app.engine.cancel());
    el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        compare();
      }
    });
  }

  // ---------------------------------------------------------------- render
  const dash = () => h("span", { class: "muted", text: "—", "aria-label": "none" });
  const code = (t) => (t === null || t === undefined || t === "" ? dash() : h("code", { text: t }));

  /** The answer as its chain, one entry per line (the raw string as the tooltip). */
  function answerText(a) {
    if (a.error) return h("span", { class: "cell-error", text: `error: ${a.error}` });
    const entries = String(a.result || "")
      .split(";")
      .map((e) => e.trim())
      .filter((e) => e !== "");
    if (entries.length === 0) return code(a.result);
    return h("ol", { class: "chain", title: a.result }, entries.map((e) => h("li", {}, h("code", { text: e }))));
  }

  /** "old → new" for one field; marked when it changed. */
  function change(oldValue, newValue, changed, testid) {
    if (!changed) return h("span", { "data-testid": testid }, code(oldValue), h("span", { class: "muted", text: " (same)" }));
    return h("span", { class: "changed", "data-testid": testid }, code(oldValue), h("span", { class: "arrow", text: " → ", "aria-label": "becomes" }), code(newValue));
  }

  function bypassText(a) {
    if (a.error) return "error";
    return a.bypass ? "DIRECT" : "proxied";
  }

  function ruleCell(rule) {
    if (!rule) return dash();
    return [h("span", { class: "rule-line", text: `line ${rule.line}` }), h("code", { class: "rule-text", text: rule.text, title: rule.text })];
  }

  function row(c) {
    const cell = (col, content) => h("td", { dataset: { col } }, content);
    const flip = c.bypass_flip
      ? h("strong", { class: "flip", text: `${bypassText(c.old)} → ${bypassText(c.new)}` })
      : h("span", { text: `${bypassText(c.new)} (same)` });
    return h(
      "tr",
      { class: c.bypass_flip ? "cmp-flip" : "", "data-testid": "cmp-row", dataset: { flip: String(c.bypass_flip) } },
      cell("url", h("span", { class: "url", text: c.url })),
      cell("old", answerText(c.old)),
      cell("new", answerText(c.new)),
      cell("primary", change(c.old.primary, c.new.primary, c.primary_changed)),
      cell("secondary", change(c.old.secondary, c.new.secondary, c.secondary_changed)),
      cell("bypass", flip),
      cell("old-rule", ruleCell(c.old.rule)),
      cell("new-rule", ruleCell(c.new.rule)),
    );
  }

  function renderSummary(report) {
    const flips = report.changed.filter((c) => c.bypass_flip).length;
    const blocks = [
      h(
        "p",
        { class: "counts", "data-testid": "cmp-counts" },
        h("strong", { text: `${report.total} URL${report.total === 1 ? "" : "s"}` }),
        report.generated_urls ? " (generated from the PACs)" : "",
        ": ",
        h("span", { class: report.changed.length ? "tag sev-warning" : "tag", text: `${report.changed.length} changed` }),
        " ",
        h("span", { class: "tag", text: `${report.unchanged} unchanged` }),
        " ",
        h("span", { class: flips ? "tag sev-error" : "tag", text: `${flips} bypass flip${flips === 1 ? "" : "s"}` }),
      ),
    ];
    if (report.changed.length === 0 && report.errors.length === 0) {
      blocks.push(h("p", { class: "hint", text: "No URL changed: both versions give the same answer for every URL compared." }));
    }
    if (report.urls && report.urls.length) {
      blocks.push(
        h(
          "details",
          { class: "cmp-urls-used" },
          h("summary", { text: "URLs compared" }),
          h("ul", { class: "cell-list" }, report.urls.map((u) => h("li", {}, h("code", { text: u })))),
        ),
      );
    }
    replaceChildren(el.summary, blocks);
    el.summary.hidden = false;
  }

  let shown = null;
  function render(state) {
    const s = state.compare;
    for (const side of ["old", "new"]) {
      if (el[side].value !== s[side]) el[side].value = s[side];
      el[`${side}Name`].textContent = s[`${side}Name`] ? `Loaded from ${s[`${side}Name`]}.` : "";
    }
    if (el.urls.value !== s.urlsText) el.urls.value = s.urlsText;
    const { urls } = input.extractUrls(s.urlsText);
    el.urlsHint.textContent = urls.length
      ? `${urls.length} URL${urls.length === 1 ? "" : "s"} to compare.`
      : "Empty: the URLs are generated from the PACs (every host pattern and network they mention, and a few outside them).";

    const blocked = !state.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.run.disabled = blocked || s.running;
    el.run.firstChild.textContent = s.running ? "Comparing… " : "Compare ";
    el.cancel.hidden = !s.running;
    el.progress.hidden = !s.running;
    el.output.setAttribute("aria-busy", String(s.running));

    const problems = [];
    if (s.inputErrors.length) problems.push(h("ul", {}, s.inputErrors.map((e) => h("li", { text: e.message }))));
    if (s.error) problems.push(h("p", {}, h("strong", { text: "Comparison failed: " }), s.error));
    if (s.report && s.report.errors.length) {
      problems.push(
        h(
          "ul",
          {},
          s.report.errors.map((e) =>
            h("li", {}, h("strong", { text: `${e.version === "old" ? "Old" : "New"} version: ` }), e.message, e.line ? ` (line ${e.line}${e.column ? `, column ${e.column}` : ""})` : ""),
          ),
        ),
      );
    }
    replaceChildren(el.error, problems);
    el.error.hidden = problems.length === 0;

    if (s.report === shown) return;
    shown = s.report;
    if (!s.report) {
      el.summary.hidden = true;
      el.table.hidden = true;
      return;
    }
    renderSummary(s.report);
    replaceChildren(el.body, s.report.changed.map(row));
    el.table.hidden = s.report.changed.length === 0;
  }

  app.registerPanel({ id: "compare", init, render });
})();
