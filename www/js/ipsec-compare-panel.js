/* IPsec compare panel: the configuration (or `show` output) of both peers side by side —
 * Cisco IOS crypto config, strongSwan swanctl.conf / ipsec.conf, or the simple `key = value`
 * form — compared parameter by parameter (phase 1 and phase 2 proposals, lifetimes, DH/PFS
 * groups, networks, identities, NAT-T, DPD, PSK type), every mismatch flagged in text and
 * colour with its explanation; or side A against Zscaler's supported parameters in one click.
 *
 * `window.netdiag.compareConfigs(a, b)` and `compareZscaler(a)` return the JSON of
 * `netdiag compare A B --format json` and `netdiag compare A --zscaler --format json`. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;

  const MAX_CONFIG_BYTES = 4 * 1048576;
  const SECTIONS = {
    general: "General",
    phase1: "Phase 1 (IKE)",
    phase2: "Phase 2 (IPsec / child SA)",
    options: "Options",
    zscaler: "Zscaler requirements",
  };
  const STATUS = {
    mismatch: { text: "Mismatch", tone: "bad" },
    warning: { text: "Warning", tone: "warn" },
    match: { text: "Match", tone: "good" },
    info: { text: "Not enough information", tone: "neutral" },
  };

  // ---------------------------------------------------------------- public API
  async function compareConfigs(a, b) {
    if (typeof a !== "string" || typeof b !== "string") throw new TypeError("compareConfigs: a and b must be strings (the two configurations)");
    return app.engine.call("compareConfigs", [a, b], { timeoutMs: 20000 + Math.ceil((a.length + b.length) / 1048576) * 10000 });
  }
  async function compareZscaler(a) {
    if (typeof a !== "string") throw new TypeError("compareZscaler: a must be a string (the configuration)");
    return app.engine.call("compareZscaler", [a], { timeoutMs: 20000 + Math.ceil(a.length / 1048576) * 10000 });
  }
  app.api.register("compareConfigs", compareConfigs);
  app.api.register("compareZscaler", compareZscaler);

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("ipsec-compare") || {};
  const side = (v) => ({ label: v && typeof v.label === "string" ? v.label : "", text: v && typeof v.text === "string" ? v.text : "" });
  app.state.ipsecCompare = {
    a: side(saved.a),
    b: side(saved.b),
    onlyDiff: saved.onlyDiff === true,
    running: false,
    result: null, // { mode: "pair" | "zscaler", comparison, a, b }
    error: null,
  };
  app.persist.register("ipsec-compare", (s) => ({ a: s.ipsecCompare.a, b: s.ipsecCompare.b, onlyDiff: s.ipsecCompare.onlyDiff }));

  async function run(mode) {
    const s = app.state.ipsecCompare;
    if (s.running || !app.state.engine.ready || window.__NETDIAG_FATAL) return;
    const a = s.a.text;
    const b = s.b.text;
    const missing = a.trim() === "" ? "side A" : mode === "pair" && b.trim() === "" ? "side B" : "";
    if (missing) {
      app.update((st) => (st.ipsecCompare.error = `Paste the configuration of ${missing} first.`));
      return;
    }
    app.update((st) => {
      st.ipsecCompare.running = true;
      st.ipsecCompare.error = null;
    });
    try {
      const comparison = mode === "zscaler" ? await compareZscaler(a) : await compareConfigs(a, b);
      app.update((st) => (st.ipsecCompare.result = { mode, comparison, a, b: mode === "zscaler" ? "" : b }));
      app.status(comparison.verdict);
    } catch (error) {
      // Unreadable sides are reported by the core as "side A: ..." / "side B: ...".
      app.update((st) => (st.ipsecCompare.error = `${error.message}${error.name === "Error" ? "" : ` (${error.name})`}`));
      app.status("The comparison could not be made; your text is kept.");
    } finally {
      app.update((st) => (st.ipsecCompare.running = false));
    }
  }

  /** Selects line `n` of a side's text area and scrolls it into view. */
  function showLine(which, span) {
    const area = el[`${which}Text`];
    const lines = area.value.split("\n");
    const n = Math.max(1, Math.min(span[0], lines.length));
    const last = Math.max(n, Math.min(span[1], lines.length));
    let start = 0;
    for (let i = 0; i < n - 1; i++) start += lines[i].length + 1;
    let end = start;
    for (let i = n - 1; i < last; i++) end += lines[i].length + 1;
    area.focus();
    area.setSelectionRange(start, Math.max(start, end - 1));
    const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 16;
    area.scrollTop = Math.max(0, (n - 3) * lineHeight);
  }

  // ---------------------------------------------------------------- init
  const el = {};
  function init() {
    for (const [key, id] of Object.entries({
      panel: "ipsec-compare-panel", aLabel: "ipsec-a-label", aText: "ipsec-a-text", aOpen: "ipsec-a-open", aFile: "ipsec-a-file",
      bLabel: "ipsec-b-label", bText: "ipsec-b-text", bOpen: "ipsec-b-open", bFile: "ipsec-b-file",
      run: "ipsec-compare-run", zscaler: "ipsec-compare-zscaler", progress: "ipsec-compare-progress",
      onlyDiff: "ipsec-only-diff", error: "ipsec-compare-error", output: "ipsec-compare-output",
      summary: "ipsec-compare-summary", table: "ipsec-compare-table", body: "ipsec-compare-body",
      headA: "ipsec-compare-head-a", headB: "ipsec-compare-head-b", stale: "ipsec-compare-stale",
    })) {
      el[key] = byId(id);
    }
    for (const which of ["a", "b"]) {
      el[`${which}Label`].addEventListener("input", (e) => app.update((s) => (s.ipsecCompare[which].label = e.target.value)));
      el[`${which}Text`].addEventListener("input", (e) => app.update((s) => (s.ipsecCompare[which].text = e.target.value)));
      el[`${which}Open`].addEventListener("click", () => el[`${which}File`].click());
      el[`${which}File`].addEventListener("change", async () => {
        const file = el[`${which}File`].files && el[`${which}File`].files[0];
        el[`${which}File`].value = "";
        if (!file) return;
        try {
          const text = await app.util.readTextFile(file, MAX_CONFIG_BYTES);
          app.update((s) => {
            s.ipsecCompare[which].text = text;
            if (!s.ipsecCompare[which].label) s.ipsecCompare[which].label = file.name;
            s.ipsecCompare.error = null;
          });
        } catch (error) {
          app.update((s) => (s.ipsecCompare.error = `Could not open ${file.name}: ${error.message}`));
        }
      });
    }
    el.run.addEventListener("click", () => run("pair"));
    el.zscaler.addEventListener("click", () => run("zscaler"));
    el.onlyDiff.addEventListener("change", () => app.update((s) => (s.ipsecCompare.onlyDiff = el.onlyDiff.checked)));
    el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        run("pair");
      }
    });
    if (app.share) {
      app.share.register("compare", {
        save: (s) => ({ a: Object.assign({}, s.ipsecCompare.a), b: Object.assign({}, s.ipsecCompare.b) }),
        load(part, s) {
          s.ipsecCompare.a = side(part.a);
          s.ipsecCompare.b = side(part.b);
          s.ipsecCompare.result = null;
          s.ipsecCompare.error = null;
        },
      });
    }
  }

  // ---------------------------------------------------------------- render
  function lineButton(which, span, label) {
    if (!span) return null;
    return h("button", {
      type: "button",
      class: "linkish",
      onclick: () => showLine(which, span),
      text: `${label} ${span[0] === span[1] ? `line ${span[0]}` : `lines ${span[0]}–${span[1]}`}`,
    });
  }

  function sideText(label, fallback, summary) {
    const parts = [label || fallback];
    if (summary.name && summary.name !== label) parts.push(`(${summary.name})`);
    if (summary.format) parts.push(`[${summary.format.replace(/_/g, " ")}]`);
    if (summary.local_address) parts.push(`local ${summary.local_address}`);
    if (summary.peer_address) parts.push(`peer ${summary.peer_address}`);
    return parts.join(" ");
  }

  let shown = null;
  function render(st) {
    const s = st.ipsecCompare;
    for (const which of ["a", "b"]) {
      if (el[`${which}Text`].value !== s[which].text) el[`${which}Text`].value = s[which].text;
      if (document.activeElement !== el[`${which}Label`] && el[`${which}Label`].value !== s[which].label) el[`${which}Label`].value = s[which].label;
    }
    el.onlyDiff.checked = s.onlyDiff;
    const blocked = !st.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.run.disabled = el.zscaler.disabled = blocked || s.running;
    el.progress.hidden = !s.running;
    el.output.setAttribute("aria-busy", String(s.running));
    el.error.hidden = !s.error;
    el.error.textContent = s.error || "";
    const r = s.result;
    el.stale.hidden = !r || (r.a === s.a.text && (r.mode === "zscaler" || r.b === s.b.text));

    const key = [r, s.onlyDiff, s.a.label, s.b.label];
    if (shown && key.every((v, i) => v === shown[i])) return;
    shown = key;
    el.table.hidden = !r;
    el.summary.hidden = !r;
    if (!r) {
      replaceChildren(el.body);
      return;
    }
    const c = r.comparison;
    const labelA = s.a.label || "Side A";
    const labelB = r.mode === "zscaler" ? "Zscaler supported" : s.b.label || "Side B";
    el.headA.textContent = labelA;
    el.headB.textContent = labelB;
    const notes = [...c.a.notes.map((n) => `A: ${n}`), ...c.b.notes.map((n) => `${r.mode === "zscaler" ? "Zscaler" : "B"}: ${n}`)];
    replaceChildren(
      el.summary,
      h(
        "p",
        { "data-testid": "ipsec-compare-verdict" },
        h("span", { class: `badge tone-${c.mismatches ? "bad" : c.warnings ? "warn" : "good"}`, text: c.mismatches ? `${c.mismatches} mismatch${c.mismatches === 1 ? "" : "es"}` : c.warnings ? `${c.warnings} warning${c.warnings === 1 ? "" : "s"}` : "Compatible" }),
        " ",
        c.verdict,
      ),
      h("p", { class: "hint" }, `A: ${sideText(labelA, "Side A", c.a)}. ${r.mode === "zscaler" ? "Compared with" : "B:"} ${sideText(labelB, "Side B", c.b)}.`),
      notes.length ? h("ul", { class: "hint cmpx-notes" }, notes.map((n) => h("li", { text: n }))) : null,
    );
    const rows = [];
    let section = null;
    for (const row of c.rows) {
      if (s.onlyDiff && (row.status === "match" || row.status === "info")) continue;
      if (row.section !== section) {
        section = row.section;
        rows.push(h("tr", { class: "cmpx-section" }, h("th", { scope: "colgroup", colSpan: 5, text: SECTIONS[section] || section })));
      }
      const st2 = STATUS[row.status] || STATUS.info;
      rows.push(
        h(
          "tr",
          { class: `cmpx-row st-${row.status}`, "data-testid": "ipsec-compare-row", dataset: { section: row.section, parameter: row.parameter, status: row.status } },
          h("th", { scope: "row", text: row.parameter }),
          h("td", { dataset: { col: "a" } }, row.a === "" || row.a === "—" ? h("span", { class: "muted", text: "—" }) : h("code", { text: row.a }), " ", lineButton("a", row.a_lines, "A")),
          h("td", { dataset: { col: "b" } }, row.b === "" || row.b === "—" ? h("span", { class: "muted", text: "—" }) : h("code", { text: row.b }), " ", r.mode === "pair" ? lineButton("b", row.b_lines, "B") : null),
          h("td", { dataset: { col: "status" } }, h("span", { class: `badge tone-${st2.tone}`, text: st2.text })),
          h("td", { dataset: { col: "why" }, text: row.explanation }),
        ),
      );
    }
    if (rows.length === 0) rows.push(h("tr", {}, h("td", { colSpan: 5, class: "hint", text: "No difference: every compared parameter matches." })));
    replaceChildren(el.body, rows);
  }

  app.registerPanel({ id: "ipsec-compare", init, render });
})();
