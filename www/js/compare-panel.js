/* Compare versions: two PAC versions (paste, open a file, or load from a link: a netdiag
 * share link or the http(s) URL of a PAC file, fetched only when the user presses Load)
 * evaluated over the same URLs and the environment set in the PAC evaluator; a table of only
 * the URLs whose answer changed, with bypass flips highlighted and the deciding line in each
 * version, which opens that version's compared source at the line; plus counts.
 * `window.netdiag.diffPac(old, new, urls, env)` returns the JSON of `netdiag pac diff`. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const input = app.pacInput;

  const MAX_PAC_BYTES = 10 * 1048576;
  const FETCH_TIMEOUT_MS = 15000;
  // The fragment of a netdiag share link (the same test as share-panel.js).
  const SHARE_LINK_RE = /#v\d+(=|%3[dD])/;

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
    compared: { old: "", new: "" }, // the sources the shown report was made from
    view: null, // { side, line }: the compared source shown, at the line picked in the table
    linkBusy: { old: false, new: false },
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
      const sources = { old: s.old, new: s.new };
      const report = await diffPac(sources.old, sources.new, urls, env);
      app.update((st) => {
        st.compare.report = report;
        st.compare.compared = sources;
        st.compare.view = null;
      });
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

  // ---------------------------------------------------------------- load from a link
  /** The PAC a netdiag share link carries: the evaluator's PAC, else this side's compared
   * version. Decoded in the Worker; nothing is fetched. */
  async function pacFromShareLink(link, side) {
    const shared = await app.engine.call("decodeLink", [link], { timeoutMs: 20000 + Math.ceil(link.length / 1000) * 20 });
    const pac = (shared && shared.pac) || {};
    if (typeof pac.source === "string" && pac.source.trim() !== "") {
      return { text: pac.source, name: `a netdiag link (its PAC${pac.source_name ? `, ${pac.source_name}` : ""})` };
    }
    const cmp = (shared && shared.pac_compare) || {};
    const other = cmp[`${side}_source`];
    if (typeof other === "string" && other.trim() !== "") {
      return { text: other, name: `a netdiag link (its ${side} compared version)` };
    }
    throw new Error("this netdiag link carries no PAC source");
  }

  /** GETs a PAC file from the user's URL (no cookies, no referrer), with a time limit and
   * errors that say what went wrong and what to do instead. */
  async function pacFromUrl(url) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    try {
      let response;
      try {
        response = await fetch(url, {
          mode: "cors",
          credentials: "omit",
          cache: "no-store",
          referrerPolicy: "no-referrer",
          signal: controller.signal,
        });
      } catch (error) {
        if (error.name === "AbortError") throw new Error(`no answer from ${url} within ${FETCH_TIMEOUT_MS / 1000} s`);
        // Browsers give no detail on purpose: unreachable and CORS-refused look the same.
        throw new Error(
          `could not fetch ${url}: the server is unreachable or does not let this page read the file ` +
            "(it sends no Access-Control-Allow-Origin header). Download the file and use Open file… instead",
        );
      }
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`);
      const declared = Number(response.headers.get("Content-Length") || 0);
      if (declared > MAX_PAC_BYTES) throw new Error(`${url} is ${(declared / 1048576).toFixed(1)} MB; the limit is ${MAX_PAC_BYTES / 1048576} MB`);
      const text = await response.text();
      if (text.length > MAX_PAC_BYTES) throw new Error(`${url} is larger than ${MAX_PAC_BYTES / 1048576} MB`);
      const type = (response.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
      // A login or error page instead of the PAC is the usual surprise: say so plainly.
      if (type === "text/html" || /^\s*<(!doctype|html|head|body)\b/i.test(text)) {
        throw new Error(`${url} is not a PAC file: the server sent an HTML page (a login, portal or error page?)`);
      }
      if (text.includes("\0")) throw new Error(`${url} is not a PAC file: it holds binary data`);
      if (text.trim() === "") throw new Error(`${url} is empty`);
      return { text, name: url };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Loads one side from the link typed beside it; only this button press makes a request. */
  async function loadLink(side) {
    const s = app.state.compare;
    const typed = el[`${side}Link`].value.trim();
    const fail = (message) =>
      app.update((st) => (st.compare.inputErrors = [{ message: `${side === "old" ? "Old" : "New"} version: ${message}.` }]));
    if (s.linkBusy[side]) return;
    if (typed === "") return fail("paste a netdiag share link or the http(s) URL of a PAC file first");
    let url;
    try {
      url = new URL(typed);
    } catch {
      return fail(`"${typed}" is not a link (a netdiag share link or an http(s) URL of a PAC file)`);
    }
    const shareLink = SHARE_LINK_RE.test(url.hash);
    if (!shareLink && url.protocol !== "http:" && url.protocol !== "https:") {
      return fail(`${url.protocol} links cannot be loaded: use a netdiag share link or an http(s) URL (or Open file…)`);
    }
    app.update((st) => {
      st.compare.linkBusy[side] = true;
      st.compare.inputErrors = [];
    });
    app.status(shareLink ? `Reading the netdiag link for the ${side} version…` : `Fetching ${url.href} for the ${side} version…`);
    try {
      const got = shareLink ? await pacFromShareLink(typed, side) : await pacFromUrl(url.href);
      app.update((st) => {
        st.compare[side] = got.text;
        st.compare[`${side}Name`] = got.name;
      });
      app.status(`Loaded the ${side} version from ${got.name}.`);
    } catch (error) {
      fail(shareLink ? `this link cannot be read: ${error.message}` : error.message);
      app.status(`The ${side} version was not loaded: ${error.message}`);
    } finally {
      app.update((st) => (st.compare.linkBusy[side] = false));
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
    el[`${side}LinkLoad`].addEventListener("click", () => loadLink(side));
    el[`${side}Link`].addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        loadLink(side);
      }
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
      oldLink: "cmp-old-link", newLink: "cmp-new-link", oldLinkLoad: "cmp-old-link-load", newLinkLoad: "cmp-new-link-load",
      sourceSection: "cmp-source-section", sourceTitle: "cmp-source-title", source: "cmp-source",
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

  /** The deciding line: a button that opens this version's compared source at the line. */
  function ruleCell(side, rule) {
    if (!rule) return dash();
    const text = `line ${rule.line}`;
    return [
      h("button", {
        type: "button",
        class: "linkish rule-line",
        text,
        "aria-label": `${text}: show in the ${side} version's source`,
        "data-testid": `cmp-${side}-rule`,
        dataset: { side, line: String(rule.line) },
        onclick: () => app.update((st) => (st.compare.view = { side, line: rule.line, at: Date.now() })),
      }),
      h("code", { class: "rule-text", text: rule.text, title: rule.text }),
    ];
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
      cell("old-rule", ruleCell("old", c.old.rule)),
      cell("new-rule", ruleCell("new", c.new.rule)),
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

  /** Numbered lines of one compared version; its deciding lines (of changed URLs) marked. */
  function sourceLines(side, source, report) {
    const deciding = new Set(report.changed.map((c) => c[side].rule && c[side].rule.line).filter(Boolean));
    const items = source
      .replace(/\r\n?/g, "\n")
      .split("\n")
      .map((text, i) => {
        const n = i + 1;
        return h(
          "li",
          { id: `cmp-line-${n}`, class: deciding.has(n) ? "decides" : "", tabIndex: -1, dataset: { line: String(n) } },
          h("span", { class: "ln", "aria-hidden": "true", text: String(n) }),
          h("code", { text: text === "" ? " " : text }),
        );
      });
    return h("ol", { class: "code-lines" }, items);
  }

  let shownView = null;
  let shownSource = null;
  /** The version picked from the table, scrolled to its deciding line, which gets the focus. */
  function renderSourceView(s) {
    if (s.view === shownView) return;
    shownView = s.view;
    if (!s.view || !s.report) {
      el.sourceSection.hidden = true;
      return;
    }
    const { side, line } = s.view;
    // The marks depend on the report (the changed URLs), and a report fixes the sources.
    if (!shownSource || shownSource.report !== s.report || shownSource.side !== side || !el.source.firstChild) {
      shownSource = { report: s.report, side };
      replaceChildren(el.source, sourceLines(side, s.compared[side], s.report));
    }
    const name = s[`${side}Name`];
    el.sourceTitle.textContent = `${side === "old" ? "Old" : "New"} version as compared${name ? ` (${name})` : ""}, line ${line}`;
    el.sourceSection.hidden = false;
    app.pacResults.highlightLine(el.source, line);
  }

  let shown = null;
  function render(state) {
    const s = state.compare;
    for (const side of ["old", "new"]) {
      if (el[side].value !== s[side]) el[side].value = s[side];
      el[`${side}Name`].textContent = s[`${side}Name`] ? `Loaded from ${s[`${side}Name`]}.` : "";
    }
    for (const side of ["old", "new"]) {
      // Share links are decoded by the engine; a URL fetch does not need it, but one rule is simpler.
      el[`${side}LinkLoad`].disabled = s.linkBusy[side] || !state.engine.ready;
      el[`${side}LinkLoad`].textContent = s.linkBusy[side] ? "Loading…" : "Load";
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

    renderSourceView(s);
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
