/* Findings panel: Diagnose runs the rules over the pastes of the Outputs panel, the PAC
 * evaluator's last results and the browser check results (each can be left out), and shows
 * the overall code (Healthy / UnHealthy) and the findings by severity, each expandable to its
 * evidence (a click jumps to the lines: Outputs panel, PAC source or check row) and actions.
 * "Copy as Markdown" uses the core's Markdown (`netdiag diagnose --format md`).
 *
 * `window.netdiag.diagnose({pastes, pac, checks, cloud, distance_km, options})` returns the JSON
 * of `netdiag diagnose --format json`; `window.netdiag.diagnoseMarkdown(report)` its Markdown. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const rec = app.outputsRecords;

  const SEVERITY_TEXT = { error: "Error", warning: "Warning", info: "Info" };

  function budgetMs(chars) {
    return 30000 + Math.ceil(chars / 1048576) * 20000;
  }

  // ---------------------------------------------------------------- public API
  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  /** Checks and normalises the argument of `diagnose` into the core's DiagnoseInput. */
  function diagnoseInput(input) {
    const i = input === undefined || input === null ? {} : input;
    if (!isObject(i)) throw new TypeError("diagnose: the argument must be an object {pastes, pac, checks, cloud, options}");
    let pastes = i.pastes === undefined || i.pastes === null ? [] : i.pastes;
    if (typeof pastes === "string") pastes = [pastes];
    if (!Array.isArray(pastes) || pastes.some((p) => typeof p !== "string" && !(isObject(p) && typeof p.text === "string"))) {
      throw new TypeError("diagnose: pastes must be a string or an array of strings or {name, text} objects");
    }
    for (const key of ["pac", "checks", "options"]) {
      if (i[key] !== undefined && i[key] !== null && !isObject(i[key])) throw new TypeError(`diagnose: ${key} must be an object`);
    }
    if (i.cloud !== undefined && i.cloud !== null && typeof i.cloud !== "string") throw new TypeError("diagnose: cloud must be a string");
    const options = Object.assign({}, i.options || {});
    if (typeof i.cloud === "string" && i.cloud.trim() !== "") options.cloud = i.cloud.trim();
    if (i.distance_km !== undefined && i.distance_km !== null) {
      if (typeof i.distance_km !== "number" || !(i.distance_km >= 0)) throw new TypeError("diagnose: distance_km must be a number of km (0 or more)");
      options.distance_km = i.distance_km;
    }
    const chars = pastes.reduce((n, p) => n + (typeof p === "string" ? p.length : p.text.length), 0);
    return { body: { pastes, pac: i.pac || null, checks: i.checks || null, options }, chars };
  }

  async function diagnose(input) {
    const { body, chars } = diagnoseInput(input);
    return app.engine.call("diagnose", [body], { timeoutMs: budgetMs(chars) });
  }
  app.api.register("diagnose", diagnose);

  async function diagnoseMarkdown(report) {
    if (!isObject(report) || !Array.isArray(report.findings)) throw new TypeError("diagnoseMarkdown: report must be the result of diagnose()");
    return app.engine.call("diagnoseMarkdown", [report], { timeoutMs: 20000 });
  }
  app.api.register("diagnoseMarkdown", diagnoseMarkdown);
  app.diagnosisInput = diagnoseInput;

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("findings") || {};
  app.state.findings = {
    cloud: typeof saved.cloud === "string" ? saved.cloud : "",
    distanceKm: typeof saved.distanceKm === "string" ? saved.distanceKm : "",
    includePac: saved.includePac !== false,
    includeChecks: saved.includeChecks !== false,
    running: false,
    report: null,
    inputKey: null, // what the shown report was made from
    error: null,
    markdown: "",
  };
  app.persist.register("findings", (s) => ({
    cloud: s.findings.cloud,
    distanceKm: s.findings.distanceKm,
    includePac: s.findings.includePac,
    includeChecks: s.findings.includeChecks,
  }));

  // Identity numbers of result objects, so "changed since" is cheap to tell.
  const ids = new WeakMap();
  let nextId = 1;
  function idOf(obj) {
    if (!obj || typeof obj !== "object") return 0;
    if (!ids.has(obj)) ids.set(obj, nextId++);
    return ids.get(obj);
  }

  /** The cloud the diagnosis uses: typed here, else the Browser checks panel's. */
  function cloudOf(st) {
    const typed = st.findings.cloud.trim();
    if (typed) return typed;
    const c = st.checks && st.checks.inputs && typeof st.checks.inputs.cloud === "string" ? st.checks.inputs.cloud.trim() : "";
    return c;
  }

  /** What the page would diagnose now: `{ input, key, parts }`. */
  function pageInput(st) {
    const f = st.findings;
    const pastes = app.outputs ? app.outputs.pastesForDiagnosis() : [];
    const pac = f.includePac && st.pac && st.pac.report ? st.pac.report : null;
    const checks = f.includeChecks && st.checks && st.checks.results && st.checks.results.checks.length ? st.checks.results : null;
    const km = f.distanceKm.trim() === "" ? null : Number(f.distanceKm);
    const input = { pastes, pac, checks, cloud: cloudOf(st) || undefined };
    if (km !== null && Number.isFinite(km) && km >= 0) input.distance_km = km;
    const key = JSON.stringify([st.outputs ? st.outputs.version : 0, pastes.map((p) => p.name), idOf(pac), idOf(checks), input.cloud, input.distance_km]);
    return { input, key, km };
  }
  app.findingsInput = pageInput;

  // ---------------------------------------------------------------- diagnose
  async function run() {
    const st = app.state;
    if (st.findings.running || !st.engine.ready || window.__NETDIAG_FATAL) return;
    const { input, key, km } = pageInput(st);
    if (km !== null && !(Number.isFinite(km) && km >= 0)) {
      app.update((s) => (s.findings.error = "Distance: enter a number of kilometres (0 or more), or leave it empty."));
      return;
    }
    if (!input.pastes.length && !input.pac && !input.checks) {
      app.update((s) => (s.findings.error = "Nothing to diagnose yet: paste device outputs in the Outputs panel, evaluate a PAC, or run browser checks."));
      return;
    }
    app.update((s) => {
      s.findings.running = true;
      s.findings.error = null;
    });
    app.status("Diagnosing…");
    try {
      const report = await diagnose(input);
      app.update((s) => {
        s.findings.report = report;
        s.findings.inputKey = key;
        s.findings.markdown = "";
      });
      const c = report.counts;
      app.status(`Diagnosis: ${report.code}, ${c.error} error(s), ${c.warning} warning(s), ${c.info} info.`);
    } catch (error) {
      app.update((s) => (s.findings.error = `Diagnosis failed (${error.name}): ${error.message}`));
      app.status(`Diagnosis failed: ${error.message}`);
    } finally {
      app.update((s) => (s.findings.running = false));
    }
  }

  async function copyMarkdown() {
    const report = app.state.findings.report;
    if (!report) return;
    try {
      const md = await diagnoseMarkdown(report);
      app.update((s) => (s.findings.markdown = md));
      el.markdown.value = md;
      try {
        await navigator.clipboard.writeText(md);
        app.status("Findings copied as Markdown.");
      } catch {
        el.markdown.focus();
        el.markdown.select();
        app.status("The browser did not allow copying: the Markdown is selected below, press Ctrl+C.");
      }
    } catch (error) {
      app.update((s) => (s.findings.error = `Markdown failed: ${error.message}`));
    }
  }

  // ---------------------------------------------------------------- evidence jumps
  /** Shows the lines of one piece of evidence where they come from. */
  async function jump(ev) {
    if (ev.block === "pac") {
      const viewEl = document.getElementById("pac-source-view");
      const ok = viewEl && app.pacResults && app.pacResults.highlightLine(viewEl, ev.lines[0]);
      if (!ok) app.status("The evaluated PAC source is not shown: evaluate the PAC again to see the line.");
      return;
    }
    if (ev.block.startsWith("check:")) {
      const id = ev.block.slice("check:".length);
      const row = [...document.querySelectorAll('[data-testid="check-row"]')].find((r) => r.dataset.id === id);
      if (!row) {
        app.status(`Check ${id} is not shown in the Browser checks panel any more.`);
        return;
      }
      for (const r of document.querySelectorAll("tr.is-target")) r.classList.remove("is-target");
      row.classList.add("is-target");
      row.setAttribute("tabindex", "-1");
      row.scrollIntoView({ block: "center" });
      row.focus({ preventScroll: true });
      return;
    }
    if (!app.outputs || !(await app.outputs.showEvidence(ev))) {
      app.status("Those lines are not in the Outputs panel any more (the paste was changed or removed).");
    }
  }

  app.findings = { run, jump };

  // ---------------------------------------------------------------- init + render
  const el = {};
  function init() {
    for (const [key, id] of Object.entries({
      panel: "findings-panel", cloud: "findings-cloud", cloudHint: "findings-cloud-hint", km: "findings-km",
      pac: "findings-include-pac", checks: "findings-include-checks", inputs: "findings-inputs",
      run: "findings-run", progress: "findings-progress", copy: "findings-copy", expand: "findings-expand",
      collapse: "findings-collapse", error: "findings-error", output: "findings-output", verdict: "findings-verdict",
      stale: "findings-stale", list: "findings-list", markdown: "findings-markdown",
    })) {
      el[key] = byId(id);
    }
    el.cloud.addEventListener("input", () => app.update((s) => (s.findings.cloud = el.cloud.value)));
    el.km.addEventListener("input", () => app.update((s) => (s.findings.distanceKm = el.km.value)));
    el.pac.addEventListener("change", () => app.update((s) => (s.findings.includePac = el.pac.checked)));
    el.checks.addEventListener("change", () => app.update((s) => (s.findings.includeChecks = el.checks.checked)));
    el.run.addEventListener("click", run);
    el.copy.addEventListener("click", copyMarkdown);
    el.expand.addEventListener("click", () => el.list.querySelectorAll("details").forEach((d) => (d.open = true)));
    el.collapse.addEventListener("click", () => el.list.querySelectorAll("details").forEach((d) => (d.open = false)));
    if (app.share) {
      app.share.register("diagnosis", {
        save: (s) => {
          const km = Number(s.findings.distanceKm);
          return { cloud: s.findings.cloud, distance_km: s.findings.distanceKm.trim() !== "" && Number.isInteger(km) && km >= 0 ? km : null };
        },
        load(part, s) {
          s.findings.cloud = typeof part.cloud === "string" ? part.cloud : "";
          s.findings.distanceKm = Number.isFinite(part.distance_km) ? String(part.distance_km) : "";
          s.findings.report = null;
        },
        exportInputs: (s) => ({ findings: s.findings.report ? s.findings.report.findings : null }),
      });
    }
  }

  function inputsSummary(st) {
    const { input } = pageInput(st);
    const parts = [];
    const n = input.pastes.length;
    parts.push(n ? `${n} paste${n === 1 ? "" : "s"} (${input.pastes.map((p) => p.name).join(", ")})` : "no pastes");
    const pac = st.pac && st.pac.report;
    if (pac) {
      const stale = st.pac.evaluatedSource !== st.pac.source ? ", the PAC was edited since" : "";
      parts.push(st.findings.includePac ? `PAC results for ${pac.results.length} URL${pac.results.length === 1 ? "" : "s"}${stale}` : "PAC results left out");
    } else parts.push("no PAC results (evaluate a PAC to include them)");
    const checks = st.checks && st.checks.results ? st.checks.results.checks.length : 0;
    if (checks) parts.push(st.findings.includeChecks ? `${checks} browser check result${checks === 1 ? "" : "s"}` : "browser checks left out");
    else parts.push("no browser check results");
    if (input.cloud) parts.push(`cloud ${input.cloud}`);
    return `Diagnoses: ${parts.join(" · ")}.`;
  }

  function evidenceLabel(report, ev) {
    if (ev.block === "pac") return `PAC source, ${rec.spanText(ev.lines)}`;
    if (ev.block.startsWith("check:")) return `Browser check ${ev.block.slice(6)}`;
    const b = report.blocks.find((x) => x.block === ev.block && (x.source || null) === (ev.source || null));
    const kind = b ? (b.kind === "unrecognised" ? "not recognised" : rec.kindLabel(b.kind).text) : "block";
    return `${ev.source ? `${ev.source}, ` : ""}block #${ev.block} (${kind}), ${rec.spanText(ev.lines)}`;
  }

  function findingItem(report, f, i) {
    const conf = f.confidence < 1 ? h("span", { class: "muted", text: ` · ${Math.round(f.confidence * 100)} % confidence` }) : null;
    const evidence = f.evidence.map((ev) =>
      h(
        "li",
        { class: "dx-evidence" },
        h("button", {
          type: "button",
          class: "linkish",
          "data-testid": "finding-evidence",
          dataset: { block: ev.block, source: ev.source || "", start: String(ev.lines[0]), end: String(ev.lines[1]) },
          onclick: () => jump(ev),
          text: `Show ${evidenceLabel(report, ev)}`,
        }),
        h("pre", { class: "dx-quote" }, h("code", { text: ev.text })),
      ),
    );
    const actions = f.actions.map((a) =>
      h("li", {}, a.text, a.uri ? [" ", h("a", { href: a.uri, target: "_blank", rel: "noopener noreferrer", text: "(reference)" })] : null),
    );
    return h(
      "li",
      { class: `dx-finding sev-${f.severity}`, "data-testid": "finding", dataset: { id: f.id, severity: f.severity } },
      h(
        "details",
        { open: i < 3 && f.severity !== "info" },
        h(
          "summary",
          {},
          h("span", { class: `badge sev-${f.severity}`, text: SEVERITY_TEXT[f.severity] || f.severity }),
          " ",
          h("code", { class: "dx-id", text: f.id }),
          " ",
          h("span", { class: "dx-summary", text: f.summary }),
          conf,
        ),
        f.detail ? h("p", { class: "dx-detail", text: f.detail }) : null,
        evidence.length ? [h("h4", { text: "Evidence" }), h("ul", { class: "dx-evidence-list" }, evidence)] : null,
        actions.length ? [h("h4", { text: "Recommended actions" }), h("ol", { class: "dx-actions" }, actions)] : null,
      ),
    );
  }

  let shownReport = null;
  function render(st) {
    const f = st.findings;
    if (document.activeElement !== el.cloud && el.cloud.value !== f.cloud) el.cloud.value = f.cloud;
    if (document.activeElement !== el.km && el.km.value !== f.distanceKm) el.km.value = f.distanceKm;
    const fromChecks = !f.cloud.trim() && cloudOf(st);
    el.cloudHint.textContent = fromChecks
      ? `Empty: the Browser checks panel's cloud (${fromChecks}) is used.`
      : "Turns on the Zscaler rules (also on when the paste names Zscaler).";
    // Shown unticked while there is nothing to include; the choice is kept for when there is.
    el.pac.disabled = !(st.pac && st.pac.report);
    el.checks.disabled = !(st.checks && st.checks.results && st.checks.results.checks.length);
    el.pac.checked = f.includePac && !el.pac.disabled;
    el.checks.checked = f.includeChecks && !el.checks.disabled;
    el.inputs.textContent = inputsSummary(st);

    const blocked = !st.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.run.disabled = blocked || f.running;
    el.run.textContent = f.running ? "Diagnosing…" : "Diagnose";
    el.progress.hidden = !f.running;
    el.output.setAttribute("aria-busy", String(f.running));
    el.copy.disabled = !f.report || blocked;
    el.expand.disabled = el.collapse.disabled = !f.report || !f.report.findings.length;
    el.error.hidden = !f.error;
    el.error.textContent = f.error || "";
    el.markdown.hidden = !f.markdown;
    el.stale.hidden = !f.report || pageInput(st).key === f.inputKey;

    if (f.report === shownReport) return;
    shownReport = f.report;
    const r = f.report;
    el.verdict.hidden = !r;
    if (!r) {
      replaceChildren(el.list);
      return;
    }
    const c = r.counts;
    const healthy = r.code === "Healthy";
    replaceChildren(
      el.verdict,
      h("span", { class: `badge verdict-${healthy ? "ok" : "bad"}`, "data-testid": "findings-code", text: r.code }),
      " ",
      h("span", { text: `${c.error} error${c.error === 1 ? "" : "s"}, ${c.warning} warning${c.warning === 1 ? "" : "s"}, ${c.info} info` }),
      r.usable ? null : h("p", { class: "note", text: "Nothing in the input could be diagnosed: no recognised output or configuration, no PAC results, no checks." }),
      healthy && r.usable ? h("p", { class: "hint", text: "No rule found a fault in what was given. Missing outputs are not checked: see the Triage panel for what else to collect." }) : null,
    );
    replaceChildren(
      el.list,
      r.findings.length ? r.findings.map((x, i) => findingItem(r, x, i)) : h("li", { class: "hint", text: "No findings." }),
    );
  }

  app.registerPanel({ id: "findings", init, render });
})();
