/* PAC panel: inputs (source, file open/drop, macros, environment, test URLs), the Evaluate
 * action, and `window.netdiag.evaluatePac`. Output rendering lives in pac-results.js. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const input = app.pacInput;
  const out = app.pacResults;

  const MAX_PAC_BYTES = 10 * 1048576;
  const KEEP_URL_NOTES = {
    off:
      "Unticked: https:// URLs reach the PAC without path and query where the selected client strips them " +
      "(Chromium does); the results show what the PAC saw.",
    on: "Ticked: every URL reaches the PAC exactly as written, path and query included.",
  };

  /** Wall-clock budget of one evaluation: the engine's own limits stop a hostile PAC first;
   * this only catches what they cannot (e.g. a slow parse of a huge file). */
  function budgetMs(urlCount) {
    return 20000 + 25 * urlCount;
  }

  // ---------------------------------------------------------------- public API
  /** `window.netdiag.evaluatePac(pacSource, urls, env)`: the CLI's JSON for the same inputs.
   * `env` fields are optional; `now` and `tz` default to this browser's clock and zone, as the
   * CLI takes the system's. */
  async function evaluatePac(pacSource, urls, env) {
    if (typeof pacSource !== "string") throw new TypeError("evaluatePac: pacSource must be a string");
    if (!Array.isArray(urls) || urls.some((u) => typeof u !== "string")) {
      throw new TypeError("evaluatePac: urls must be an array of strings");
    }
    if (env !== undefined && env !== null && (typeof env !== "object" || Array.isArray(env))) {
      throw new TypeError("evaluatePac: env must be an object (every field optional)");
    }
    const full = input.withDefaults(env, app.util.localTimeZone);
    return app.engine.call("evaluatePac", [pacSource, urls, full], { timeoutMs: budgetMs(urls.length) });
  }
  app.api.register("evaluatePac", evaluatePac);

  // ---------------------------------------------------------------- state
  /** RFC 3339 for now, to the second (what a person types). */
  function nowText() {
    return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  const saved = app.persist.load("pac") || {};
  const str = (v, d) => (typeof v === "string" ? v : d);
  app.state.pac = {
    source: str(saved.source, ""),
    fileName: str(saved.fileName, ""),
    urlsText: str(saved.urlsText, ""),
    dnsText: str(saved.dnsText, ""),
    myIpText: str(saved.myIpText, ""),
    now: nowText(),
    tz: str(saved.tz, "") || app.util.localTimeZone(),
    client: ["chromium", "firefox", "winhttp"].includes(saved.client) ? saved.client : "chromium",
    keepUrl: saved.keepUrl === true,
    macros: saved.macros && typeof saved.macros === "object" ? saved.macros : {},
    running: false,
    rerun: false,
    report: null,
    evaluatedSource: "",
    callError: null,
    inputErrors: [],
  };
  app.persist.register("pac", (s) => ({
    source: s.pac.source,
    fileName: s.pac.fileName,
    urlsText: s.pac.urlsText,
    dnsText: s.pac.dnsText,
    myIpText: s.pac.myIpText,
    tz: s.pac.tz,
    client: s.pac.client,
    keepUrl: s.pac.keepUrl,
    macros: s.pac.macros,
  }));

  const el = {};

  // ---------------------------------------------------------------- evaluate
  async function evaluate() {
    const s = app.state.pac;
    if (!app.state.engine.ready || window.__NETDIAG_FATAL) return;
    if (s.running) {
      s.rerun = true; // e.g. a macro changed mid-run: evaluate again with the new value
      return;
    }
    const { urls } = input.extractUrls(s.urlsText);
    const { env, errors } = input.envFromForm(s);
    if (s.source.trim() === "") errors.unshift({ message: "Paste, open or drop a PAC file first." });
    if (errors.length) {
      app.update((st) => {
        st.pac.inputErrors = errors;
        st.pac.callError = null;
      });
      app.status("Nothing evaluated: check the inputs.");
      return;
    }
    const source = s.source;
    app.update((st) => {
      st.pac.running = true;
      st.pac.inputErrors = [];
    });
    app.status(`Evaluating ${urls.length} URL${urls.length === 1 ? "" : "s"}…`);
    try {
      const report = await evaluatePac(source, urls, env);
      app.update((st) => {
        st.pac.report = report;
        st.pac.evaluatedSource = source;
        st.pac.callError = null;
      });
      app.status(out.statusLine(report));
    } catch (error) {
      app.update((st) => {
        st.pac.callError = { name: error.name, message: error.message };
      });
      app.status(`Evaluation failed: ${error.message}`);
    } finally {
      const again = app.state.pac.rerun;
      app.update((st) => {
        st.pac.running = false;
        st.pac.rerun = false;
      });
      if (again) queueMicrotask(evaluate);
    }
  }

  // ---------------------------------------------------------------- file open / drop
  async function loadFile(file) {
    try {
      const text = await app.util.readTextFile(file, MAX_PAC_BYTES);
      app.update((st) => {
        st.pac.source = text;
        st.pac.fileName = file.name;
        st.pac.inputErrors = [];
      });
      app.status(`Loaded ${file.name}.`);
      evaluate();
    } catch (error) {
      app.update((st) => {
        st.pac.inputErrors = [{ message: `Could not open ${file.name}: ${error.message}` }];
      });
    }
  }

  function bindDrop(panel) {
    // A file dropped outside the panel would make the browser navigate away and lose the work.
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    panel.addEventListener("dragover", (e) => {
      if (e.dataTransfer && [...e.dataTransfer.types].includes("Files")) {
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
        panel.classList.add("dropping");
      }
    });
    panel.addEventListener("dragleave", (e) => {
      if (!panel.contains(e.relatedTarget)) panel.classList.remove("dropping");
    });
    panel.addEventListener("drop", (e) => {
      panel.classList.remove("dropping");
      const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (file) {
        e.preventDefault();
        loadFile(file);
      }
    });
  }

  // ---------------------------------------------------------------- init
  function bindField(node, key, transform) {
    const read = () => (transform ? transform(node) : node.value);
    node.addEventListener("input", () => app.update((st) => (st.pac[key] = read())));
    node.addEventListener("change", () => app.update((st) => (st.pac[key] = read())));
  }

  function fillTimeZones(datalist) {
    let zones = [];
    try {
      zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
    } catch {
      zones = [];
    }
    replaceChildren(datalist, ["UTC", ...zones].map((z) => h("option", { value: z })));
  }

  function init() {
    for (const [key, id] of Object.entries({
      panel: "pac-panel", source: "pac-source", open: "pac-open", file: "pac-file",
      fileName: "pac-file-name", urls: "pac-urls", urlsHint: "pac-urls-hint", dns: "pac-dns",
      myIp: "pac-myip", now: "pac-now", nowReset: "pac-now-reset", tz: "pac-tz",
      tzList: "pac-tz-list", client: "pac-client", keepUrl: "pac-keep-url",
      keepUrlNote: "pac-keep-url-note", macros: "pac-macros", evaluate: "pac-evaluate",
      cancel: "pac-cancel", progress: "pac-progress", forget: "pac-forget", output: "pac-output",
      error: "pac-error", summary: "pac-summary", table: "pac-results", body: "pac-results-body",
      viewSection: "pac-source-view-section", view: "pac-source-view",
    })) {
      el[key] = byId(id);
    }
    bindField(el.source, "source");
    bindField(el.urls, "urlsText");
    bindField(el.dns, "dnsText");
    bindField(el.myIp, "myIpText");
    bindField(el.now, "now");
    bindField(el.tz, "tz");
    bindField(el.client, "client");
    bindField(el.keepUrl, "keepUrl", (node) => node.checked);
    el.nowReset.addEventListener("click", () => app.update((st) => (st.pac.now = nowText())));
    el.open.addEventListener("click", () => el.file.click());
    el.file.addEventListener("change", () => {
      const file = el.file.files && el.file.files[0];
      if (file) loadFile(file);
      el.file.value = "";
    });
    el.evaluate.addEventListener("click", evaluate);
    el.cancel.addEventListener("click", () => app.engine.cancel());
    el.forget.addEventListener("click", () => {
      app.persist.clear();
      app.status("Saved inputs removed from this browser; the fields keep their values until you reload.");
    });
    el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        evaluate();
      }
    });
    bindDrop(el.panel);
    fillTimeZones(el.tzList);
  }

  // ---------------------------------------------------------------- render
  function setValue(node, value) {
    if (node.value !== value) node.value = value;
  }

  let macroKey = null;
  function renderMacros(s) {
    const uses = s.report ? s.report.macros : null;
    const key = uses ? JSON.stringify(uses.map((m) => m.name)) : null;
    if (key !== macroKey) {
      macroKey = key;
      if (!uses) return;
      if (uses.length === 0) {
        replaceChildren(el.macros, h("p", { class: "hint", text: "No ${NAME} macros in this PAC." }));
        return;
      }
      const rows = uses.map((m, i) => {
        const id = `pac-macro-${i}`;
        const field = h("input", {
          id,
          type: "text",
          spellcheck: false,
          autocomplete: "off",
          placeholder: "unbound: stays literal",
          dataset: { macro: m.name },
          "data-testid": "pac-macro",
        });
        field.addEventListener("input", () => app.update((st) => (st.pac.macros[m.name] = field.value)));
        field.addEventListener("change", () => {
          app.update((st) => (st.pac.macros[m.name] = field.value));
          evaluate();
        });
        const lines = m.lines.length ? `line${m.lines.length > 1 ? "s" : ""} ${m.lines.join(", ")}` : "";
        return h(
          "div",
          { class: "macro-row" },
          h("label", { for: id }, h("code", { text: "${" + m.name + "}" })),
          field,
          h("span", { class: "hint", text: lines }),
        );
      });
      replaceChildren(
        el.macros,
        h("p", { class: "hint", text: "Bind a value and press Enter (or leave the field) to evaluate again." }),
        rows,
      );
    }
    for (const field of el.macros.querySelectorAll("input[data-macro]")) {
      if (document.activeElement !== field) setValue(field, s.macros[field.dataset.macro] || "");
    }
  }

  let shownReport = null;
  function render(state) {
    const s = state.pac;
    setValue(el.source, s.source);
    setValue(el.urls, s.urlsText);
    setValue(el.dns, s.dnsText);
    setValue(el.myIp, s.myIpText);
    setValue(el.now, s.now);
    setValue(el.tz, s.tz);
    setValue(el.client, s.client);
    el.keepUrl.checked = s.keepUrl;
    el.keepUrlNote.textContent = s.keepUrl ? KEEP_URL_NOTES.on : KEEP_URL_NOTES.off;
    el.fileName.textContent = s.fileName ? `Loaded from ${s.fileName}.` : "";

    const { urls, ignored } = input.extractUrls(s.urlsText);
    el.urlsHint.textContent =
      `${urls.length} URL${urls.length === 1 ? "" : "s"} to test` +
      (ignored.length ? `; ${ignored.length} line${ignored.length === 1 ? "" : "s"} without a URL ignored.` : ".") +
      " One URL or host per line (hosts get http://), or paste ticket text.";

    const blocked = !state.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.evaluate.disabled = blocked || s.running;
    el.evaluate.firstChild.textContent = s.running ? "Evaluating… " : "Evaluate ";
    el.cancel.hidden = !s.running;
    el.progress.hidden = !s.running;
    el.output.setAttribute("aria-busy", String(s.running));
    el.output.classList.toggle("stale", s.running);

    renderMacros(s);
    out.renderErrors(el.error, s, showLine);
    if (s.report !== shownReport) {
      shownReport = s.report;
      out.renderSummary(el.summary, s.report);
      out.renderTable(el.table, el.body, s.report, showLine);
      out.renderSourceView(el.viewSection, el.view, s.evaluatedSource, s.report);
    }
  }

  function showLine(n) {
    out.highlightLine(el.view, n);
  }

  app.registerPanel({ id: "pac", init, render });
})();
