/* Share panel: one link that opens this page in the same state somewhere else, secrets
 * removed first (on by default, with a preview of exactly what goes), optional IP
 * anonymisation, link length against chat limits, copy with a fallback, Markdown and JSON
 * exports, an open-a-link box, `#v1=` links opened on load, and a local history of the last
 * 10 states. Public API: window.netdiag.shareLink / openLink / exportMarkdown / exportState.
 *
 * The state is the AppState DTO of crates/core/src/share/state.rs. Each page section maps its
 * part with `app.share.register(name, { save(state), load(part, state), exportInputs(state) })`
 * (call it in the panel's init); sections no panel claims are carried over from an opened link
 * unchanged, so nothing in a link is lost by re-sharing it from an older page. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;

  const HISTORY_KEY = "netdiag:v1:share-history";
  const HISTORY_MAX = 10;
  const LINK_RE = /#v\d+(=|%3[dD])/;

  // ---------------------------------------------------------------- section registry
  const sections = new Map();
  /** Maps one AppState section to and from the page's state. */
  function register(name, hooks) {
    if (!hooks || typeof hooks.save !== "function" || typeof hooks.load !== "function") {
      throw new TypeError(`share section ${name}: save(state) and load(part, state) are required`);
    }
    sections.set(name, hooks);
  }
  app.share = { register };

  const str = (v) => (typeof v === "string" ? v : "");

  /** `host = a, b` lines from an env's DNS table (for states not made by the page). */
  function dnsText(dns) {
    return Object.entries(dns || {})
      .map(([host, answer]) => `${host} = ${answer && answer.length ? answer.join(", ") : "fail"}`)
      .join("\n");
  }

  register("pac", {
    save(st) {
      const { env } = app.pacInput.envFromForm(st.pac);
      return {
        source: st.pac.source,
        source_name: st.pac.fileName,
        test_urls: st.pac.urlsText,
        env: Object.assign({}, env, { now: env.now || null, tz: env.tz || null }),
        dns_text: st.pac.dnsText,
        my_ip_text: st.pac.myIpText,
        lint_idp: st.lint ? st.lint.idpText : "",
      };
    },
    load(p, st) {
      const env = p.env || {};
      st.pac.source = str(p.source);
      st.pac.fileName = str(p.source_name);
      st.pac.urlsText = str(p.test_urls);
      st.pac.dnsText = p.dns_text || dnsText(env.dns);
      st.pac.myIpText = p.my_ip_text || (env.my_ip || []).join(", ");
      if (env.now) st.pac.now = env.now;
      if (env.tz) st.pac.tz = env.tz;
      st.pac.client = env.client || "chromium";
      st.pac.keepUrl = Boolean(env.keep_url);
      st.pac.macros = Object.assign({}, env.macros || {});
      st.pac.report = null;
      st.pac.callError = null;
      st.pac.inputErrors = [];
      if (st.lint) {
        st.lint.idpText = str(p.lint_idp);
        st.lint.report = null;
      }
    },
    exportInputs(st) {
      const fresh = st.pac.report && st.pac.evaluatedSource === st.pac.source;
      const lint = st.lint && st.lint.report && st.lint.source === st.pac.source ? st.lint.report : null;
      return { pac: fresh ? st.pac.report : null, findings: lint ? lint.findings : null };
    },
  });

  if (app.state.compare) register("pac_compare", {
    save: (st) => ({
      old_source: st.compare.old,
      new_source: st.compare.new,
      old_name: st.compare.oldName,
      new_name: st.compare.newName,
      urls_text: st.compare.urlsText,
    }),
    load(p, st) {
      st.compare.old = str(p.old_source);
      st.compare.new = str(p.new_source);
      st.compare.oldName = str(p.old_name);
      st.compare.newName = str(p.new_name);
      st.compare.urlsText = str(p.urls_text);
      st.compare.report = null;
      st.compare.error = null;
    },
  });

  /** The typed CheckInputs from the checks form (what `netdiag` and the diagnosis read). */
  function checkInputs(form) {
    const f = form || {};
    const int = (v) => (/^\s*\d+\s*$/.test(str(v)) && Number(v) <= 4294967295 ? Number(v) : null);
    return {
      cloud: str(f.cloud).trim(),
      pac_url: str(f.pac_url).trim(),
      targets: str(f.targets),
      proxies: str(f.proxies),
      samples: int(f.samples),
      timeout_ms: int(f.timeout_ms),
      dpp_port: int(f.dpp_port),
    };
  }

  const CHECK_FORM_FROM_INPUTS = ["cloud", "pac_url", "targets", "proxies", "samples", "timeout_ms", "dpp_port"];
  if (app.state.checks) {
    register("checks", {
      save: (st) => ({
        inputs: checkInputs(st.checks.form),
        results: st.checks.results || null,
        taken_at: st.checks.taken_at || null,
        form: Object.assign({}, st.checks.form),
      }),
      load(p, st) {
        const form = {};
        for (const [k, v] of Object.entries(p.form || {})) if (typeof v === "string") form[k] = v;
        if (Object.keys(form).length === 0) {
          // A state not made by the page: fill the form from the typed inputs.
          for (const k of CHECK_FORM_FROM_INPUTS) {
            const v = (p.inputs || {})[k];
            if (v !== null && v !== undefined) form[k] = String(v);
          }
        }
        for (const k of Object.keys(st.checks.form)) if (k !== "region") st.checks.form[k] = "";
        Object.assign(st.checks.form, form);
        st.checks.inputs = p.inputs || null;
        st.checks.results = p.results || null;
        st.checks.taken_at = p.taken_at || null;
      },
    });
  }

  // ---------------------------------------------------------------- state
  app.state.share = {
    redact: true,
    anonymize: false,
    running: false,
    result: null, // { link, info, items, ip_mappings, stale }
    error: null,
    openError: null,
    carriedNote: "",
    exportText: "",
    exportKind: "",
    history: loadHistory(),
  };
  // A per-session key: links and Markdown made in this session map addresses the same way,
  // and nobody without the key can recompute the mapping (it is never stored).
  const sessionKey = randomKey();
  let carried = null; // the last opened AppState: sections no panel owns ride along
  let lastPanel = "";
  let recomputePending = false;

  function randomKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function call(op, args, bytes) {
    // Large states take longer to compress and redact; the budget grows with them.
    return app.engine.call(op, args, { timeoutMs: 20000 + Math.ceil((bytes || 0) / 1000) * 20 });
  }

  /** The page's whole state as an AppState. */
  function currentState() {
    const out = carried ? JSON.parse(JSON.stringify(carried)) : {};
    out.version = 1;
    out.ui = { active_panel: lastPanel };
    for (const [name, s] of sections) {
      const part = s.save(app.state);
      if (part !== undefined) out[name] = part;
    }
    return out;
  }

  function options(overrides) {
    const o = Object.assign(
      { redact_secrets: app.state.share.redact, anonymize_ips: app.state.share.anonymize },
      overrides || {},
    );
    if (o.anonymize_ips && !o.anonymize_key) o.anonymize_key = sessionKey;
    return o;
  }

  function sizeOf(state) {
    let n = 0;
    for (const s of [state.pac, state.pac_compare, state.outputs, state.compare]) {
      if (s) n += JSON.stringify(s).length;
    }
    return n;
  }

  async function redacted(state, opts) {
    if (!opts.redact_secrets && !opts.anonymize_ips) return { state, items: [], ip_mappings: [] };
    return call("redactState", [state, opts], sizeOf(state));
  }

  function baseUrl() {
    return window.location.href.split("#")[0];
  }

  /** Link of the current state: { link, info, items, ip_mappings, state }. */
  async function makeLink(overrides) {
    const opts = options(overrides);
    const state = currentState();
    const r = await redacted(state, opts);
    const fragment = await call("encodeLink", [r.state], sizeOf(state));
    const link = baseUrl() + fragment;
    const info = await call("linkInfo", [link.length]);
    return { link, info, items: r.items, ip_mappings: r.ip_mappings, state: r.state, opts };
  }

  // ---------------------------------------------------------------- opening links
  /** Applies a decoded AppState to every section, then recomputes what can be recomputed. */
  function applyState(shared) {
    carried = shared;
    app.update((st) => {
      for (const [name, s] of sections) {
        if (shared[name]) s.load(shared[name], st);
      }
      st.share.openError = null;
      st.share.result = null;
      st.share.carriedNote = carriedNote(shared);
    });
    lastPanel = (shared.ui && shared.ui.active_panel) || "";
    recomputePending = true;
  }

  /** Derived results are recomputed from the inputs once the panels show them (the buttons
   * are enabled by the same render). */
  function recompute() {
    const st = app.state;
    if (st.pac.source.trim() !== "") clickIfEnabled("pac-evaluate");
    if (st.compare && st.compare.old.trim() !== "" && st.compare.new.trim() !== "") clickIfEnabled("cmp-run");
    const panel = lastPanel && document.getElementById(lastPanel);
    if (panel && panel.classList.contains("panel")) panel.scrollIntoView({ block: "start" });
  }

  function clickIfEnabled(id) {
    const button = document.getElementById(id);
    if (button && !button.disabled) button.click();
  }

  /** Names what the link carries that this page has no panel for. */
  function carriedNote(shared) {
    const parts = [];
    const pastes = (shared.outputs && shared.outputs.pastes) || [];
    if (!sections.has("outputs") && pastes.length) parts.push(`${pastes.length} pasted output(s)`);
    const cmp = shared.compare || {};
    if (!sections.has("compare") && ((cmp.a && cmp.a.text) || (cmp.b && cmp.b.text))) {
      parts.push("a config comparison");
    }
    const tri = shared.triage || {};
    if (!sections.has("triage") && tri.selected && tri.selected.length) parts.push("a triage selection");
    const checks = shared.checks || {};
    if (!sections.has("checks") && checks.results && checks.results.checks && checks.results.checks.length) {
      parts.push(`${checks.results.checks.length} browser check result(s)`);
    }
    if (!parts.length) return "";
    return `This link also carries ${parts.join(", ")}, which this version of the page does not show; they are kept when you share again.`;
  }

  /** `window.netdiag.openLink(link)`: restores the page; rejects (and changes nothing) when the
   * link is not a readable netdiag link. */
  async function openLink(link) {
    if (typeof link !== "string") throw new TypeError("openLink: link must be a string");
    const shared = await call("decodeLink", [link], link.length);
    await rememberCurrent("Before opening a link");
    applyState(shared);
    document.body.dataset.link = "opened";
    app.status("Link opened: the page shows the shared state.");
    return shared;
  }

  async function openFromBox() {
    const text = byId("share-open-input").value;
    if (text.trim() === "") {
      app.update((st) => (st.share.openError = "Paste a netdiag link (…#v1=…) first."));
      return;
    }
    try {
      await openLink(text.trim());
      byId("share-open-input").value = "";
    } catch (error) {
      app.update((st) => (st.share.openError = `This link cannot be opened: ${error.message}. Nothing on the page was changed.`));
      app.status("The link could not be opened; nothing was changed.");
    }
  }

  async function openFromLocation() {
    const href = window.location.href;
    if (!LINK_RE.test(window.location.hash)) return;
    try {
      await openLink(href);
      // The fragment has done its job; a reload now shows the page as the user edits it.
      history.replaceState(null, "", baseUrl());
    } catch (error) {
      document.body.dataset.link = "error";
      app.update((st) => (st.share.openError = `The link in the address bar cannot be opened: ${error.message}. Your saved inputs are shown instead.`));
      app.status("The link in the address bar could not be opened; nothing was changed.");
      const panel = document.getElementById("share-panel");
      if (panel) panel.scrollIntoView({ block: "start" });
    }
  }

  // ---------------------------------------------------------------- history
  function loadHistory() {
    try {
      const list = JSON.parse(window.localStorage.getItem(HISTORY_KEY) || "[]");
      return Array.isArray(list) ? list.filter((e) => e && typeof e.link === "string").slice(0, HISTORY_MAX) : [];
    } catch {
      return [];
    }
  }

  function saveHistory(list) {
    let kept = list.slice(0, HISTORY_MAX);
    for (;;) {
      try {
        window.localStorage.setItem(HISTORY_KEY, JSON.stringify(kept));
        return kept;
      } catch (error) {
        if (kept.length <= 1) {
          app.status(`This state is too large to keep in the local history (${error.name}).`);
          return kept;
        }
        kept = kept.slice(0, -1); // drop the oldest and try again
      }
    }
  }

  function addHistory(label, link) {
    const list = app.state.share.history.filter((e) => e.link !== link);
    list.unshift({ at: new Date().toISOString(), label, link, length: link.length });
    const kept = saveHistory(list);
    app.update((st) => (st.share.history = kept));
  }

  /** Keeps the current state (secrets removed: history is stored) before it is replaced. */
  async function rememberCurrent(label) {
    const state = currentState();
    const cmp = state.pac_compare || {};
    const empty = !state.pac.source && !state.pac.test_urls && !cmp.old_source && !cmp.new_source;
    if (empty && !carried) return;
    try {
      const r = await redacted(state, { redact_secrets: true, anonymize_ips: false });
      addHistory(label, baseUrl() + (await call("encodeLink", [r.state])));
    } catch (error) {
      app.status(`The current state could not be kept in the history: ${error.message}`);
    }
  }

  // ---------------------------------------------------------------- create, copy, export
  async function create() {
    if (app.state.share.running) return;
    app.update((st) => {
      st.share.running = true;
      st.share.error = null;
    });
    app.status("Preparing the link…");
    try {
      const r = await makeLink();
      addHistory("Shared link", r.link);
      app.update((st) => (st.share.result = Object.assign(r, { stale: false })));
      const removed = r.items.length ? `${r.items.length} secret(s) removed` : "no secret found";
      app.status(`Link ready: ${r.info.length} characters, ${removed}.`);
    } catch (error) {
      app.update((st) => (st.share.error = error.message));
      app.status(`The link could not be made: ${error.message}`);
    } finally {
      app.update((st) => (st.share.running = false));
    }
  }

  /** Copies `text`; when the browser refuses, selects it in `field` for Ctrl+C instead. */
  async function copy(text, field, what) {
    try {
      if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error("no clipboard");
      await navigator.clipboard.writeText(text);
      app.status(`${what} copied to the clipboard.`);
      return true;
    } catch {
      field.hidden = false;
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
      app.status(`The browser did not allow copying: the ${what.toLowerCase()} is selected, press Ctrl+C (⌘C).`);
      return false;
    }
  }

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = h("a", { href: url, download: name, class: "visually-hidden" });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function markdown(overrides) {
    const opts = options(overrides);
    const inputs = { findings: null, pac: null, parses: [], redact: opts };
    for (const s of sections.values()) {
      if (typeof s.exportInputs === "function") {
        const extra = s.exportInputs(app.state) || {};
        for (const [k, v] of Object.entries(extra)) {
          if (v === null || v === undefined) continue;
          if (k === "findings" && inputs.findings) inputs.findings = inputs.findings.concat(v);
          else if (k === "parses") inputs.parses = inputs.parses.concat(v);
          else inputs[k] = v;
        }
      }
    }
    const link = await makeLink(opts);
    inputs.link = link.link;
    const state = currentState();
    return call("exportMarkdown", [state, inputs], sizeOf(state));
  }

  async function stateJson(overrides) {
    const opts = options(overrides);
    const state = currentState();
    const r = await redacted(state, opts);
    return call("stateToJson", [r.state], sizeOf(state));
  }

  async function exportAction(kind, action) {
    try {
      const text = kind === "md" ? await markdown() : await stateJson();
      app.update((st) => {
        st.share.exportText = text;
        st.share.exportKind = kind;
        st.share.error = null;
      });
      const field = byId("share-export-text");
      field.value = text;
      if (action === "download") {
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
        if (kind === "md") download(`netdiag-${stamp}.md`, "text/markdown", text);
        else download(`netdiag-state-${stamp}.json`, "application/json", text);
        app.status(kind === "md" ? "Markdown report downloaded." : "State JSON downloaded.");
      } else {
        await copy(text, field, kind === "md" ? "Markdown report" : "State JSON");
      }
    } catch (error) {
      app.update((st) => (st.share.error = error.message));
    }
  }

  // ---------------------------------------------------------------- public API
  app.api.register("shareLink", async (opts) => (await makeLink(opts)).link);
  app.api.register("openLink", openLink);
  app.api.register("exportMarkdown", (opts) => markdown(opts));
  /** The full state as the AppState object (unredacted unless `opts.redact_secrets`). */
  app.api.register("exportState", async (opts) => {
    const o = Object.assign({ redact_secrets: false, anonymize_ips: false }, opts || {});
    if (o.anonymize_ips && !o.anonymize_key) o.anonymize_key = sessionKey;
    return JSON.parse(await call("stateToJson", [(await redacted(currentState(), o)).state]));
  });

  // ---------------------------------------------------------------- init + render
  const el = {};
  function init() {
    for (const [key, id] of Object.entries({
      redact: "share-redact", anonymize: "share-anonymize", create: "share-create",
      progress: "share-progress", error: "share-error", result: "share-result",
      link: "share-link", copy: "share-copy", length: "share-length", warnings: "share-warnings",
      stale: "share-stale", items: "share-items", itemsBody: "share-items-body",
      noItems: "share-no-items", ips: "share-ips", mdDownload: "share-md-download",
      mdCopy: "share-md-copy", jsonDownload: "share-json-download", jsonCopy: "share-json-copy",
      exportText: "share-export-text", openInput: "share-open-input", open: "share-open",
      openError: "share-open-error", carried: "share-carried", history: "share-history",
      historyEmpty: "share-history-empty", clear: "share-history-clear",
    })) {
      el[key] = byId(id);
    }
    el.redact.addEventListener("change", () => optionChanged("redact", el.redact.checked));
    el.anonymize.addEventListener("change", () => optionChanged("anonymize", el.anonymize.checked));
    el.create.addEventListener("click", create);
    el.copy.addEventListener("click", () => {
      const r = app.state.share.result;
      if (r) copy(r.link, el.link, "Link");
    });
    el.mdDownload.addEventListener("click", () => exportAction("md", "download"));
    el.mdCopy.addEventListener("click", () => exportAction("md", "copy"));
    el.jsonDownload.addEventListener("click", () => exportAction("json", "download"));
    el.jsonCopy.addEventListener("click", () => exportAction("json", "copy"));
    el.open.addEventListener("click", openFromBox);
    el.openInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        openFromBox();
      }
    });
    el.clear.addEventListener("click", () => {
      try {
        window.localStorage.removeItem(HISTORY_KEY);
      } catch {
        /* nothing was stored either */
      }
      app.update((st) => (st.share.history = []));
      app.status("Share history cleared from this browser.");
    });
    // Any edit elsewhere makes a prepared link out of date. Bubble phase on purpose: a render
    // scheduled before the panel's own handler ran would write the old value back.
    const changed = (e) => {
      if (!e.target.closest || e.target.closest("#share-panel")) return;
      if (app.state.share.result && !app.state.share.result.stale) {
        app.update((st) => (st.share.result.stale = true));
      }
    };
    document.addEventListener("input", changed);
    document.addEventListener("change", changed);
    document.addEventListener("focusin", (e) => {
      const panel = e.target.closest && e.target.closest("section.panel");
      if (panel && panel.id !== "share-panel") lastPanel = panel.id;
    });
    window.addEventListener("hashchange", () => {
      if (LINK_RE.test(window.location.hash)) openFromLocation();
    });
    app.engine.init().then(
      () => queueMicrotask(openFromLocation),
      () => undefined,
    );
  }

  function optionChanged(key, value) {
    app.update((st) => (st.share[key] = value));
    if (app.state.share.result) create(); // the preview must show what the link holds
  }

  const KIND_LABELS = {
    psk: "pre-shared key", password: "password", enable_secret: "enable secret",
    snmp_community: "SNMP community", aaa_key: "TACACS+/RADIUS key", auth_key: "authentication key",
    private_key: "private key", bearer_token: "bearer token", cookie: "cookie",
    url_credentials: "URL password", api_key: "API key / token",
  };

  /** A readable name for an AppState path like `outputs.pastes[0].text`. */
  function fieldLabel(path) {
    const fixed = {
      "pac.source": "PAC source", "pac.test_urls": "Test URLs", "pac.dns_text": "DNS answers",
      "pac.my_ip_text": "Client IP addresses", "pac_compare.old_source": "Compare: old version",
      "pac_compare.new_source": "Compare: new version", "pac_compare.urls_text": "Compare: URLs",
      "checks.inputs.pac_url": "Checks: PAC URL", "checks.inputs.targets": "Checks: targets",
    };
    if (fixed[path]) return fixed[path];
    const paste = /^outputs\.pastes\[(\d+)\]\.(text|name)$/.exec(path);
    if (paste) return `Pasted output ${Number(paste[1]) + 1}`;
    if (path.startsWith("pac.env.macros.")) return `Macro ${path.slice(15)}`;
    if (path.startsWith("checks.")) return `Browser checks (${path.slice(7)})`;
    return path;
  }

  let shownResult = null;
  let shownHistory = null;
  function render(state) {
    const s = state.share;
    if (recomputePending && state.engine.ready) {
      recomputePending = false;
      queueMicrotask(recompute);
    }
    el.redact.checked = s.redact;
    el.anonymize.checked = s.anonymize;
    el.create.disabled = s.running || !state.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.progress.hidden = !s.running;
    el.error.hidden = !s.error;
    el.error.textContent = s.error ? `Could not share: ${s.error}` : "";
    el.openError.hidden = !s.openError;
    el.openError.textContent = s.openError || "";
    el.carried.hidden = !s.carriedNote;
    el.carried.textContent = s.carriedNote;
    const r = s.result;
    el.result.hidden = !r;
    el.stale.hidden = !(r && r.stale);
    if (r !== shownResult) {
      shownResult = r;
      if (r) renderResult(r);
    }
    if (s.history !== shownHistory) {
      shownHistory = s.history;
      renderHistory(s.history);
    }
  }

  function renderResult(r) {
    el.link.value = r.link;
    el.length.textContent = `${r.info.length.toLocaleString("en-US")} characters` +
      (r.info.warnings.length ? "" : ": fits Teams, Slack and browsers.");
    replaceChildren(el.warnings, r.info.warnings.map((w) => h("li", { text: w })));
    el.warnings.hidden = r.info.warnings.length === 0;
    el.items.hidden = r.items.length === 0;
    el.noItems.hidden = r.items.length !== 0;
    el.noItems.textContent = r.opts.redact_secrets
      ? "No secret was recognised in the state. Check pasted texts yourself before sending."
      : "Secrets are NOT removed: the link carries every text as typed.";
    replaceChildren(
      el.itemsBody,
      r.items.map((i) =>
        h(
          "tr",
          { "data-testid": "share-item" },
          h("td", { text: fieldLabel(i.field) }),
          h("td", { class: "num", text: String(i.line) }),
          h("td", { text: KIND_LABELS[i.kind] || i.kind }),
          h("td", {}, h("code", { text: i.original_preview })),
          h("td", {}, h("code", { text: i.replacement })),
        ),
      ),
    );
    el.ips.hidden = r.ip_mappings.length === 0;
    if (r.ip_mappings.length) {
      replaceChildren(
        el.ips,
        h("summary", { text: `${r.ip_mappings.length} IP address(es) anonymised (prefix-preserving; not encryption)` }),
        h("ul", {}, r.ip_mappings.map((m) => h("li", {}, h("code", { text: m.original }), " → ", h("code", { text: m.replacement }), ` (${m.count}×)`))),
      );
    }
  }

  function renderHistory(list) {
    el.historyEmpty.hidden = list.length !== 0;
    el.clear.disabled = list.length === 0;
    replaceChildren(
      el.history,
      list.map((e, i) => {
        const when = new Date(e.at);
        const label = `${e.label}, ${isNaN(when) ? e.at : when.toLocaleString()}, ${Number(e.length || e.link.length).toLocaleString("en-US")} characters`;
        const button = h("button", { type: "button", text: "Restore", "aria-label": `Restore: ${label}`, "data-testid": "share-history-restore" });
        button.addEventListener("click", async () => {
          try {
            await openLink(e.link);
          } catch (error) {
            app.update((st) => (st.share.openError = `History entry ${i + 1} cannot be opened: ${error.message}`));
          }
        });
        return h("li", { "data-testid": "share-history-entry" }, h("span", { text: label }), " ", button);
      }),
    );
  }

  app.registerPanel({ id: "share", init, render });
})();
