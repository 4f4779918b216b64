/* Browser checks panel: inputs, the plan (wasm checkPlan), the run (checks-run.js) with
 * progress and cancel, summaries (wasm summarizeCheck), the PAC download into the PAC panel,
 * DNS over HTTPS into the PAC DNS table, the latency budget, exports, and the public API
 * window.netdiag.runChecks / checkPlan / latencyBudget / cancelChecks.
 *
 * Network policy: nothing here sends a request on its own. Only Run checks, Download PAC,
 * Resolve names (opt-in) and window.netdiag.runChecks fetch anything.
 *
 * State: app.state.checks holds what is shared and exported — `inputs` (the share link's
 * CheckInputs shape), `results` (the CheckResults DTO of crates/core/src/checks.rs), `budget`,
 * `dns`, `pac_download`, `taken_at` — plus `form` (the raw field texts). Presentation state is
 * in app.state.checksUi. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId } = app.dom;
  const run = app.checksRun;
  const out = app.checksResults;

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("checks") || {};
  const str = (v, d = "") => (typeof v === "string" ? v : d);
  const FORM_KEYS = ["cloud", "pac_url", "proxies", "targets", "samples", "timeout_ms", "dpp_port", "from", "to", "distance_km", "compare"];
  const form = {};
  for (const k of FORM_KEYS) form[k] = str((saved.form || {})[k]);
  form.region = (saved.form || {}).region === "other" ? "other" : "developed";

  app.state.checks = {
    form,
    inputs: null,
    results: null,
    taken_at: null,
    budget: null,
    dns: null,
    pac_download: null,
    // The DoH opt-in is never restored: every session starts with it off.
    doh: { enabled: false, resolver: ["google", "cloudflare", "custom"].includes(saved.resolver) ? saved.resolver : "google", custom_url: str(saved.custom_url) },
  };
  app.state.checksUi = {
    plan: null,
    planKey: null,
    planError: null,
    inputErrors: [],
    running: false,
    done: 0,
    total: 0,
    live: "",
    error: null,
    budgetKey: null,
    budgetError: null,
    budgetCheck: null,
    dohRunning: false,
    dohError: null,
    pacBody: null,
    pacBackup: null,
    paste: str(saved.paste),
    pasteNote: "",
    pastedText: "",
    findings: null,
    findingsError: null,
    useNote: "",
  };
  app.state.checks.inputs = readForm(form).inputs;
  app.persist.register("checks", (s) => ({
    form: s.checks.form,
    resolver: s.checks.doh.resolver,
    custom_url: s.checks.doh.custom_url,
    paste: s.checksUi.paste,
  }));

  // ---------------------------------------------------------------- inputs
  function lines(text) {
    return String(text || "").split(/\r?\n/);
  }

  /** A whole number from a field, or null when empty; errors name the field. */
  function integer(text, label, errors) {
    const t = String(text || "").trim();
    if (t === "") return null;
    if (!/^\d+$/.test(t)) {
      errors.push(`${label}: "${t}" is not a whole number.`);
      return null;
    }
    return Number(t);
  }

  function coordinates(text, label, errors) {
    const t = String(text || "").trim();
    if (t === "") return null;
    const parts = t.split(/[\s,;]+/).filter(Boolean);
    const nums = parts.map(Number);
    if (parts.length !== 2 || nums.some((n) => !Number.isFinite(n))) {
      errors.push(`${label}: write "latitude, longitude" in decimal degrees, e.g. 59.33, 18.07 (got "${t}").`);
      return null;
    }
    return { lat: nums[0], lon: nums[1] };
  }

  /** Plan input and the share-link inputs from the form; `errors` lists unusable fields. */
  function readForm(f) {
    const errors = [];
    const samples = integer(f.samples, "Samples per target", errors);
    const timeout = integer(f.timeout_ms, "Timeout per sample", errors);
    const dpp = integer(f.dpp_port, "Dedicated proxy port", errors);
    if (dpp !== null && (dpp < 1 || dpp > 65535)) errors.push(`Dedicated proxy port: ${dpp} is not a port (1–65535).`);
    const planInput = {
      cloud: f.cloud.trim(),
      pac_url: f.pac_url.trim(),
      proxies: lines(f.proxies),
      extra_urls: lines(f.targets),
      samples,
      timeout_ms: timeout,
      dpp_port: dpp !== null && dpp >= 1 && dpp <= 65535 ? dpp : null,
      page_scheme: window.location.protocol.replace(/:$/, ""),
    };
    const inputs = {
      cloud: planInput.cloud,
      pac_url: planInput.pac_url,
      targets: f.targets,
      proxies: f.proxies,
      samples,
      timeout_ms: timeout,
      dpp_port: planInput.dpp_port,
    };
    return { planInput, inputs, errors };
  }

  function budgetInput(f, errors) {
    const from = coordinates(f.from, "Your location", errors);
    const to = coordinates(f.to, "Data centre", errors);
    const d = String(f.distance_km || "").trim();
    let distance = null;
    if (d !== "") {
      distance = Number(d);
      if (!Number.isFinite(distance)) {
        errors.push(`Distance: "${d}" is not a number.`);
        distance = null;
      }
    }
    if (!from && !to && distance === null) return null;
    // Both given: the coordinates win only when complete; the distance otherwise.
    if (from && to) return { from, to, distance_km: null, region: f.region };
    return { from: null, to: null, distance_km: distance, region: f.region, partial: Boolean(from || to) };
  }

  // ---------------------------------------------------------------- engine calls
  async function call(op, args, timeoutMs = 10000) {
    return app.engine.call(op, args, { timeoutMs });
  }

  /** window.netdiag.checkPlan(input): the plan for a PlanInput (see README). */
  async function checkPlan(input) {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new TypeError("checkPlan: input must be an object like { cloud, pac_url, proxies: [], extra_urls: [] }");
    }
    return call("checkPlan", [input]);
  }

  /** window.netdiag.latencyBudget(input): distance, expected RTT and verdict. */
  async function latencyBudget(input) {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new TypeError("latencyBudget: input must be an object like { from: {lat, lon}, to: {lat, lon} } or { distance_km }");
    }
    return call("latencyBudget", [input]);
  }

  let planTimer = 0;
  let scheduledKey = null;
  function planKeyOf(f) {
    return JSON.stringify(readForm(f).planInput);
  }
  /** Plans again shortly after the form changed (typing, PAC proxies, a share link). */
  function schedulePlan() {
    clearTimeout(planTimer);
    planTimer = setTimeout(refreshPlan, 120);
  }

  async function refreshPlan() {
    const { planInput, inputs, errors } = readForm(app.state.checks.form);
    const key = JSON.stringify(planInput);
    app.state.checksUi.planKey = key;
    app.update((st) => {
      st.checks.inputs = inputs;
      st.checksUi.inputErrors = errors;
    });
    try {
      const plan = await checkPlan(planInput);
      if (app.state.checksUi.planKey !== key) return; // a newer edit is on its way
      app.update((st) => {
        st.checksUi.plan = plan;
        st.checksUi.planError = null;
      });
    } catch (error) {
      app.update((st) => (st.checksUi.planError = error.message));
    }
  }

  /** The plan for the current form, waiting for a pending refresh. */
  async function currentPlan() {
    clearTimeout(planTimer);
    const { planInput } = readForm(app.state.checks.form);
    if (app.state.checksUi.plan && app.state.checksUi.planKey === JSON.stringify(planInput)) return app.state.checksUi.plan;
    await refreshPlan();
    return app.state.checksUi.plan;
  }

  // ---------------------------------------------------------------- the run
  let controller = null;

  /** Runs `plan` (all targets, or `only`); summarises each target in the engine. Returns the
   * CheckResult list, also stored in app.state.checks.results (merged when `merge`). */
  async function execute(plan, { only = null, samples = plan.samples, merge = false } = {}) {
    if (app.state.checksUi.running) throw new Error("a check run is already in progress: cancel it or wait");
    const targets = only ? plan.targets.filter(only) : plan.targets;
    if (targets.length === 0) throw new Error("nothing to check: enter a cloud name, a PAC URL, proxies or URLs");
    controller = new AbortController();
    const env = run.browserEnv();
    env.prepare();
    app.update((st) => {
      Object.assign(st.checksUi, { running: true, done: 0, total: targets.length * samples, error: null });
      st.checksUi.live = `Checking ${targets.length} target${targets.length === 1 ? "" : "s"}…`;
    });
    let lastIndex = -1;
    try {
      const outcome = await run.runPlan(targets, {
        samples,
        timeoutMs: plan.timeout_ms,
        signal: controller.signal,
        env,
        onProgress(p) {
          app.update((st) => {
            st.checksUi.done = p.done;
            if (p.target && p.index !== lastIndex) {
              lastIndex = p.index;
              st.checksUi.live = `Checking ${p.index + 1} of ${targets.length}: ${p.target.url}`;
            }
          });
        },
      });
      const budget = app.state.checks.budget;
      const checks = [];
      for (const r of outcome.runs) {
        checks.push(
          await call("summarizeCheck", [
            {
              id: r.target.id,
              target: r.target.url,
              kind: r.target.kind,
              reason: r.target.why,
              samples: r.samples,
              timeout_ms: plan.timeout_ms,
              planned: r.planned,
              budget_ms: budget && servedByDataCentre(r.target.kind) ? budget.budget_ms : null,
            },
          ]),
        );
        if (r.target.download) recordDownload(r.body, checks[checks.length - 1]);
      }
      const done = outcome.runs.reduce((n, r) => n + r.samples.length, 0);
      app.update((st) => {
        // A partial run (the PAC download alone) replaces its checks in place, keeps the rest.
        let merged = checks;
        if (merge && st.checks.results) {
          const fresh = new Map(checks.map((c) => [c.id, c]));
          merged = st.checks.results.checks.map((c) => fresh.get(c.id) || c);
          for (const c of checks) if (!merged.includes(c)) merged.push(c);
        }
        st.checks.results = { checks: merged };
        st.checks.taken_at = new Date().toISOString();
        st.checksUi.live = outcome.cancelled
          ? `Cancelled after ${done} of ${targets.length * samples} samples; the results so far are shown.`
          : `Done: ${checks.length} target${checks.length === 1 ? "" : "s"}, ${summaryLine(checks)}.`;
      });
      app.status(app.state.checksUi.live);
      return { checks, cancelled: outcome.cancelled };
    } finally {
      controller = null;
      app.update((st) => (st.checksUi.running = false));
    }
  }

  function servedByDataCentre(kind) {
    return kind === "proxy" || kind === "gateway";
  }

  function summaryLine(checks) {
    const counts = {};
    for (const c of checks) counts[c.verdict] = (counts[c.verdict] || 0) + 1;
    return run.VERDICTS.filter((v) => counts[v]).map((v) => `${counts[v]} ${v}`).join(", ") || "no results";
  }

  /** The PAC download box: what the body was, or why there is none. */
  function recordDownload(body, check) {
    app.update((st) => {
      st.checksUi.pacBody = body && body.text !== null ? body : null;
      st.checks.pac_download = body
        ? { url: body.url, status: body.status, ms: body.ms, size: body.size, type: body.type, readable: body.readable, error: body.error || null }
        : { url: check.target, status: null, ms: null, size: null, type: null, readable: false, failed: `The download failed: ${check.note}` };
    });
  }

  async function runFromPanel() {
    try {
      const plan = await currentPlan();
      if (!plan) throw new Error(app.state.checksUi.planError || "the plan could not be built");
      await execute(plan);
    } catch (error) {
      app.update((st) => (st.checksUi.error = error.message));
      app.status(`Checks not run: ${error.message}`);
    }
  }

  async function downloadPac() {
    try {
      const plan = await currentPlan();
      const target = plan && plan.targets.find((t) => t.download);
      if (!target) throw new Error("enter a PAC URL first");
      await execute(plan, { only: (t) => t.download, samples: 1, merge: true });
    } catch (error) {
      app.update((st) => (st.checksUi.error = error.message));
    }
  }

  /** window.netdiag.runChecks({ targets, samples, timeout_ms, cloud?, pac_url?, proxies? }). */
  async function runChecks(options) {
    const o = options;
    if (o === null || typeof o !== "object" || Array.isArray(o)) {
      throw new TypeError("runChecks: pass an object like { targets: [url, ...], samples, timeout_ms }");
    }
    const list = (name) => {
      if (o[name] === undefined) return [];
      if (!Array.isArray(o[name]) || o[name].some((u) => typeof u !== "string")) {
        throw new TypeError(`runChecks: ${name} must be an array of strings`);
      }
      return o[name];
    };
    const targets = list("targets");
    const proxies = list("proxies");
    for (const k of ["samples", "timeout_ms"]) {
      if (o[k] !== undefined && o[k] !== null && !(Number.isInteger(o[k]) && o[k] > 0)) {
        throw new TypeError(`runChecks: ${k} must be a positive whole number`);
      }
    }
    const plan = await checkPlan({
      cloud: typeof o.cloud === "string" ? o.cloud : "",
      pac_url: typeof o.pac_url === "string" ? o.pac_url : "",
      proxies,
      extra_urls: targets,
      samples: o.samples === undefined ? null : o.samples,
      timeout_ms: o.timeout_ms === undefined ? null : o.timeout_ms,
      page_scheme: window.location.protocol.replace(/:$/, ""),
    });
    if (plan.problems.length) {
      throw new Error(`runChecks: ${plan.problems.map((p) => p.message).join("; ")}`);
    }
    const { checks, cancelled } = await execute(plan);
    return { results: checks, cancelled };
  }

  function cancelChecks() {
    if (controller) controller.abort();
    return Promise.resolve(Boolean(controller));
  }

  app.api.register("runChecks", runChecks);
  app.api.register("checkPlan", checkPlan);
  app.api.register("latencyBudget", latencyBudget);
  app.api.register("cancelChecks", cancelChecks);
  /** The stored check results (the CheckResults DTO), or null before a run. */
  app.api.register("checkResults", () => Promise.resolve(app.state.checks.results));

  // ---------------------------------------------------------------- diagnosis
  let findingsKey = null;
  /** Runs the diagnosis rules on the results (and a sent paste) when the engine has them. */
  async function refreshFindings(state) {
    if (!(state.engine.ops || []).includes("diagnose")) return;
    const c = state.checks;
    const paste = state.checksUi.pastedText;
    const options = {
      cloud: c.inputs && c.inputs.cloud ? c.inputs.cloud : null,
      distance_km: c.budget ? c.budget.distance_km : null,
    };
    const key = [c.results, paste, JSON.stringify(options)];
    if (findingsKey && key.every((v, i) => v === findingsKey[i])) return;
    findingsKey = key;
    if (!c.results && !paste) {
      app.update((st) => (st.checksUi.findings = null));
      return;
    }
    const input = {
      pastes: paste ? [{ name: "Browser checks: command output", text: paste }] : [],
      checks: c.results,
      options,
    };
    try {
      const report = await call("diagnose", [input], 20000);
      if (findingsKey !== key) return;
      app.update((st) => {
        st.checksUi.findings = report;
        st.checksUi.findingsError = null;
      });
    } catch (error) {
      app.update((st) => (st.checksUi.findingsError = error.message));
    }
  }

  // ---------------------------------------------------------------- budget
  /** The check whose median is judged: the chosen one, else the first answered proxy, gateway. */
  function budgetCheck(state) {
    const checks = state.checks.results ? state.checks.results.checks : [];
    const answered = checks.filter((c) => c.samples_ms && c.samples_ms.length);
    const chosen = answered.find((c) => c.id === state.checks.form.compare);
    if (chosen) return chosen;
    return (
      answered.find((c) => c.kind === "proxy") ||
      answered.find((c) => c.id === "gateway-https") ||
      answered.find((c) => c.kind === "gateway") ||
      answered[0] ||
      null
    );
  }

  async function refreshBudget() {
    const state = app.state;
    const errors = [];
    const input = budgetInput(state.checks.form, errors);
    const check = budgetCheck(state);
    const key = JSON.stringify([input, errors, check && check.id, check && check.stats && check.stats.median]);
    if (key === state.checksUi.budgetKey) return;
    state.checksUi.budgetKey = key;
    if (errors.length || !input) {
      app.update((st) => {
        st.checks.budget = null;
        st.checksUi.budgetError = errors.length ? errors.join(" ") : null;
      });
      return;
    }
    if (input.partial && input.distance_km === null) {
      app.update((st) => {
        st.checks.budget = null;
        st.checksUi.budgetError = "Enter both locations (yours and the data centre's), or a distance.";
      });
      return;
    }
    delete input.partial;
    input.measured_ms = check && check.stats ? check.stats.median : null;
    try {
      const budget = await latencyBudget(input);
      if (state.checksUi.budgetKey !== key) return;
      app.update((st) => {
        st.checks.budget = budget;
        st.checksUi.budgetCheck = check ? check.id : null;
        st.checksUi.budgetError = null;
        // The bound applies to what the data centre serves: proxies and the gateway.
        for (const c of st.checks.results ? st.checks.results.checks : []) {
          if (servedByDataCentre(c.kind)) c.budget_ms = budget.budget_ms;
        }
      });
    } catch (error) {
      app.update((st) => {
        st.checks.budget = null;
        st.checksUi.budgetError = error.message;
      });
    }
  }

  // PAC panel links, DNS over HTTPS, exports, copy and paste: checks-tools.js.
  const tools = app.checksTools({ call, currentPlan });
  const { useProxiesFromPac, loadPacIntoEvaluator, restorePac, resolveNames, copyDnsToPac } = tools;
  const { exportJson, exportMarkdown, markdown, copyText, sendPaste } = tools;

  // ---------------------------------------------------------------- init
  const el = {};
  const FIELDS = {
    cloud: "checks-cloud", pac_url: "checks-pac-url", proxies: "checks-proxies", targets: "checks-urls",
    samples: "checks-samples", timeout_ms: "checks-timeout", dpp_port: "checks-dpp", from: "checks-from",
    to: "checks-to", distance_km: "checks-distance", region: "checks-region", compare: "checks-compare",
  };

  function init() {
    for (const [key, id] of Object.entries({
      panel: "checks-panel", useNote: "checks-use-pac-note", useBtn: "checks-use-pac", budget: "checks-budget",
      dohOn: "checks-doh-on", dohResolver: "checks-doh-resolver", dohUrl: "checks-doh-url", dohRun: "checks-doh-run",
      dohCopy: "checks-doh-copy", dohError: "checks-doh-error", dohTable: "checks-doh-table", dohBody: "checks-doh-body",
      problems: "checks-problems", planSummary: "checks-plan-summary", plan: "checks-plan", planBody: "checks-plan-body",
      method: "checks-method", readings: "checks-readings", readingsBody: "checks-readings-body",
      run: "checks-run", cancel: "checks-cancel", pacDownload: "checks-pac-download", progress: "checks-progress",
      count: "checks-count", live: "checks-live", output: "checks-output", error: "checks-error", pac: "checks-pac",
      results: "checks-results", resultsBody: "checks-results-body", exportBar: "checks-export-bar",
      exportJson: "checks-export-json", exportMd: "checks-export-md", copyMd: "checks-copy-md", manual: "checks-manual",
      paste: "checks-paste", pasteNote: "checks-paste-note", pasteSend: "checks-paste-send",
      findingsWrap: "checks-findings-wrap", findings: "checks-findings", findingsError: "checks-findings-error",
      findingsHint: "checks-findings-hint",
    })) {
      el[key] = byId(id);
    }
    for (const [key, id] of Object.entries(FIELDS)) {
      const node = (el[`f_${key}`] = byId(id));
      const write = () => app.update((st) => (st.checks.form[key] = node.value));
      node.addEventListener("input", write);
      node.addEventListener("change", write);
    }
    el.dohOn.addEventListener("change", () => app.update((st) => (st.checks.doh.enabled = el.dohOn.checked)));
    el.dohResolver.addEventListener("change", () => app.update((st) => (st.checks.doh.resolver = el.dohResolver.value)));
    el.dohUrl.addEventListener("input", () => app.update((st) => (st.checks.doh.custom_url = el.dohUrl.value)));
    el.paste.addEventListener("input", () => app.update((st) => (st.checksUi.paste = el.paste.value)));
    el.useBtn.addEventListener("click", useProxiesFromPac);
    el.run.addEventListener("click", runFromPanel);
    el.cancel.addEventListener("click", cancelChecks);
    el.pacDownload.addEventListener("click", downloadPac);
    el.dohRun.addEventListener("click", resolveNames);
    el.dohCopy.addEventListener("click", copyDnsToPac);
    el.exportJson.addEventListener("click", exportJson);
    el.exportMd.addEventListener("click", exportMarkdown);
    el.copyMd.addEventListener("click", async () => {
      try {
        await copyText(await markdown(), null);
      } catch (error) {
        app.update((st) => (st.checksUi.error = error.message));
      }
    });
    el.pasteSend.addEventListener("click", sendPaste);
    el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && app.state.checksUi.running) cancelChecks();
    });
  }

  // ---------------------------------------------------------------- render
  function setValue(node, value) {
    if (node.value !== value) node.value = value;
  }

  function renderCompare(select, state) {
    const checks = state.checks.results ? state.checks.results.checks : [];
    const options = [["", "Automatic"]].concat(checks.map((c) => [c.id, `${c.id} — ${c.target}`]));
    const key = JSON.stringify(options);
    if (select.dataset.key !== key) {
      select.dataset.key = key;
      app.dom.replaceChildren(select, options.map(([v, t]) => app.dom.h("option", { value: v, text: t })));
    }
    const want = state.checks.form.compare;
    select.value = options.some(([v]) => v === want) ? want : "";
  }

  // Last rendered inputs per output block: rebuild a block only when one of them changed.
  const shown = {};
  function once(key, values, fn) {
    const list = Array.isArray(values) ? values : [values];
    const last = shown[key];
    if (last && last.length === list.length && last.every((v, i) => v === list[i])) return;
    shown[key] = list;
    fn();
  }

  function render(state) {
    const c = state.checks;
    const ui = state.checksUi;
    for (const key of Object.keys(FIELDS)) {
      if (key !== "compare") setValue(el[`f_${key}`], c.form[key]);
    }
    renderCompare(el.f_compare, state);
    el.dohOn.checked = c.doh.enabled;
    setValue(el.dohResolver, c.doh.resolver);
    setValue(el.dohUrl, c.doh.custom_url);
    el.dohResolver.disabled = !c.doh.enabled;
    el.dohUrl.disabled = !c.doh.enabled || c.doh.resolver !== "custom";
    setValue(el.paste, ui.paste);
    el.pasteNote.textContent = ui.pasteNote;
    el.useNote.textContent = ui.useNote;

    const ready = state.engine.ready && !window.__NETDIAG_FATAL;
    if (ready) {
      const key = planKeyOf(c.form);
      if (key !== ui.planKey && key !== scheduledKey) {
        scheduledKey = key;
        schedulePlan();
      }
    }
    const plan = ui.plan;
    const hasTargets = Boolean(plan && plan.targets.length);
    el.run.disabled = !ready || ui.running || !hasTargets;
    el.run.textContent = ui.running ? "Running…" : "Run checks";
    el.pacDownload.disabled = !ready || ui.running || !(plan && plan.targets.some((t) => t.download));
    el.cancel.hidden = !ui.running;
    el.progress.hidden = !ui.running;
    el.progress.max = Math.max(1, ui.total);
    el.progress.value = ui.done;
    el.count.textContent = ui.running ? `${ui.done} / ${ui.total} samples` : "";
    if (el.live.textContent !== ui.live) el.live.textContent = ui.live;
    el.output.setAttribute("aria-busy", String(ui.running));
    el.dohRun.disabled = !ready || !c.doh.enabled || ui.dohRunning;
    el.dohRun.textContent = ui.dohRunning ? "Resolving…" : "Resolve names";

    el.error.hidden = !ui.error;
    el.error.textContent = ui.error ? `Checks not run: ${ui.error}` : "";
    el.dohError.hidden = !ui.dohError;
    el.dohError.textContent = ui.dohError || "";

    once("plan", [plan, ui.planError, ui.inputErrors.join("|")], () => {
      const problems = plan ? { ...plan, problems: ui.inputErrors.map((m) => ({ field: "form", message: m })).concat(plan.problems) } : plan;
      out.renderPlan(el, problems, ui.planError);
    });
    once("manual", plan && plan.manual, () => out.renderManual(el.manual, plan ? plan.manual : [], copyText));
    once("results", c.results, () => out.renderResults(el, c.results));
    // Budget ids in the results change on a run; re-judge when inputs or the median change.
    if (ready) refreshBudget();
    once("budget", [c.budget, ui.budgetError], () => out.renderBudget(el.budget, c.budget, ui.budgetError, ui.budgetCheck));
    once("pac", [c.pac_download, ui.pacBody, ui.pacBackup], () =>
      out.renderPacDownload(el.pac, c.pac_download, ui.pacBody ? ui.pacBody.text : null, {
        load: loadPacIntoEvaluator,
        restore: restorePac,
        backup: ui.pacBackup,
      }),
    );
    once("dns", c.dns, () => out.renderDoh(el, c.dns));
    if (ready) refreshFindings(state);
    once("findings", [ui.findings, ui.findingsError], () =>
      out.renderFindings(el, ui.findings, ui.findingsError, Boolean(ui.pastedText)),
    );
  }

  app.registerPanel({ id: "checks", init, render });
})();
