/* Triage panel: "What is impacted?" (PAC / proxy, GRE, IPsec × hard down, flapping, up but no
 * traffic) gives the runbook's checklist from the core (crates/core/src/triage). Each step
 * says what to paste or which check to run, with buttons that open the right panel; a step
 * is ticked when the current evidence (pastes, PAC results, browser checks) covers it, and
 * shows the findings it revealed. Steps only a person can do (a portal, a capture) have a
 * checkbox. The checklist follows the evidence: it is recomputed when the inputs change.
 *
 * `window.netdiag.triage({area, symptom}, input)` returns the TriageReport JSON; `input` has
 * the shape of `window.netdiag.diagnose`'s argument (omitted: nothing collected yet). */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const rec = app.outputsRecords;

  const AREAS = ["pac", "gre", "ipsec"];
  /** Above this much pasted text the checklist is updated on request, not on every change. */
  const AUTO_LIMIT_CHARS = 2 * 1048576;
  const SYMPTOMS = ["hard_down", "flapping", "no_traffic"];
  const STATUS = {
    covered: { text: "Covered", mark: "✓", tone: "good" },
    problem: { text: "Problem found", mark: "!", tone: "bad" },
    open: { text: "To do", mark: "○", tone: "neutral" },
    manual: { text: "Check by hand", mark: "☐", tone: "neutral" },
  };
  const PANELS = {
    command: { panel: "outputs-panel", focus: "outputs-text", label: "Paste its output" },
    check: { panel: "checks-panel", focus: "checks-cloud", label: "Open Browser checks" },
    pac: { panel: "pac-panel", focus: "pac-source", label: "Open the PAC evaluator" },
    compare: { panel: "ipsec-compare-panel", focus: "ipsec-a-text", label: "Open IPsec compare" },
    pac_versions: { panel: "compare-panel", focus: "cmp-old", label: "Open Compare versions" },
  };

  // ---------------------------------------------------------------- public API
  function checkImpact(impact) {
    if (!impact || typeof impact !== "object" || !AREAS.includes(impact.area) || !SYMPTOMS.includes(impact.symptom)) {
      throw new TypeError(`triage: impact must be {area: ${AREAS.join("|")}, symptom: ${SYMPTOMS.join("|")}}`);
    }
    return { area: impact.area, symptom: impact.symptom };
  }

  async function triage(impact, input) {
    const which = checkImpact(impact);
    const { body, chars } = app.diagnosisInput(input);
    return app.engine.call("triage", [which, body], { timeoutMs: 30000 + Math.ceil(chars / 1048576) * 20000 });
  }
  app.api.register("triage", triage);

  // ---------------------------------------------------------------- state
  const saved = app.persist.load("triage") || {};
  app.state.triage = {
    area: AREAS.includes(saved.area) ? saved.area : "",
    symptom: SYMPTOMS.includes(saved.symptom) ? saved.symptom : "",
    manual: saved.manual && typeof saved.manual === "object" ? saved.manual : {},
    report: null,
    key: null, // inputs the report was made from
    running: false,
    error: null,
  };
  app.persist.register("triage", (s) => ({ area: s.triage.area, symptom: s.triage.symptom, manual: s.triage.manual }));

  // ---------------------------------------------------------------- run
  let timer = 0;
  function wanted(st) {
    const t = st.triage;
    if (!t.area || !t.symptom) return null;
    const { input, key } = app.findingsInput(st);
    const chars = input.pastes.reduce((n, p) => n + p.text.length, 0);
    return { impact: { area: t.area, symptom: t.symptom }, input, chars, key: JSON.stringify([t.area, t.symptom, key]) };
  }

  async function run() {
    const st = app.state;
    const w = wanted(st);
    if (!w || st.triage.running || !st.engine.ready || window.__NETDIAG_FATAL) return;
    app.update((s) => {
      s.triage.running = true;
      s.triage.error = null;
    });
    try {
      const report = await triage(w.impact, w.input);
      app.update((s) => {
        s.triage.report = report;
        s.triage.key = w.key;
      });
    } catch (error) {
      app.update((s) => {
        s.triage.error = `The checklist could not be made (${error.name}): ${error.message}`;
        s.triage.key = w.key; // do not retry the same inputs in a loop
      });
    } finally {
      app.update((s) => (s.triage.running = false));
    }
  }

  // ---------------------------------------------------------------- navigation
  function goTo(panelId, focusId) {
    const panel = document.getElementById(panelId);
    if (!panel) return;
    panel.scrollIntoView({ block: "start" });
    const target = focusId && document.getElementById(focusId);
    if (target) target.focus({ preventScroll: true });
  }

  async function showFinding(id) {
    const li = () => [...document.querySelectorAll('#findings-list [data-testid="finding"]')].find((x) => x.dataset.id === id);
    if (!li() && app.findings) {
      await app.findings.run();
      await new Promise((r) => queueMicrotask(r)); // the render of the new report
    }
    const item = li();
    if (!item) {
      goTo("findings-panel");
      return;
    }
    const details = item.querySelector("details");
    if (details) details.open = true;
    item.scrollIntoView({ block: "start" });
    const summary = item.querySelector("summary");
    if (summary) summary.focus({ preventScroll: true });
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      app.status(`Copied: ${text}`);
    } catch {
      app.status("The browser did not allow copying; select the command and press Ctrl+C.");
    }
  }

  // ---------------------------------------------------------------- render pieces
  function collectItem(c) {
    const go = PANELS[c.kind];
    const parts = [];
    if (c.kind === "command") {
      parts.push(
        c.platform ? h("span", { class: "tri-platform", text: `${c.platform}: ` }) : null,
        h("code", { class: "tri-cmd", text: c.text }),
        " ",
        h("button", { type: "button", class: "small", onclick: () => copy(c.text), "aria-label": `Copy ${c.text}`, text: "Copy" }),
        " ",
        h("button", {
          type: "button",
          class: "small",
          "data-testid": "triage-go",
          onclick: () => {
            if (app.outputs) app.outputs.addPaste({ name: c.text.slice(0, 60), text: "" });
            queueMicrotask(() => goTo(go.panel, go.focus));
          },
          text: go.label,
        }),
      );
    } else {
      parts.push(h("span", { text: c.text }));
      if (go) {
        parts.push(" ", h("button", { type: "button", class: "small", "data-testid": "triage-go", dataset: { panel: go.panel }, onclick: () => goTo(go.panel, go.focus), text: go.label }));
      }
    }
    return h("li", { dataset: { kind: c.kind } }, parts);
  }

  function evidenceItem(ev) {
    let label;
    let action;
    if (ev.what === "block") {
      label = `${ev.source ? `${ev.source}, ` : ""}block #${ev.block}: ${rec.kindLabel(ev.kind).text}, ${rec.spanText(ev.lines)}`;
      action = () => app.outputs && app.outputs.showEvidence({ source: ev.source, block: ev.block, lines: ev.lines });
    } else if (ev.what === "check") {
      label = `browser check ${ev.block.slice(6)}`;
      action = () => goTo("checks-panel");
    } else if (ev.what === "pac") {
      label = "the PAC evaluation results";
      action = () => goTo("pac-panel");
    } else {
      label = "IPsec configuration in the pastes";
      action = () => goTo("outputs-panel");
    }
    return h("li", {}, h("button", { type: "button", class: "linkish", "data-testid": "triage-evidence", onclick: action, text: label }));
  }

  function stepItem(report, step, n) {
    const st = STATUS[step.status] || STATUS.open;
    const manualKey = `${report.impact.area}.${report.impact.symptom}.${step.id}`;
    const ticked = step.status === "manual" && app.state.triage.manual[manualKey] === true;
    const boxId = `triage-done-${step.id}`;
    return h(
      "li",
      { class: `tri-step st-${step.status}${ticked ? " ticked" : ""}`, id: `triage-step-${step.id}`, tabIndex: -1, "data-testid": "triage-step", dataset: { id: step.id, status: step.status } },
      h(
        "div",
        { class: "tri-head" },
        h("span", { class: `badge tone-${st.tone} tri-status`, "data-testid": "triage-status", text: `${st.mark} ${ticked ? "Done" : st.text}` }),
        h("h4", { class: "tri-title", text: `${n}. ${step.title}` }),
      ),
      h("p", { class: "tri-why", text: step.why }),
      step.status === "manual"
        ? h(
            "div",
            { class: "field check" },
            h("input", {
              type: "checkbox",
              id: boxId,
              checked: ticked,
              onchange: (e) => app.update((s) => (s.triage.manual[manualKey] = e.target.checked)),
            }),
            h("label", { for: boxId, text: "Done (netdiag cannot see this one)" }),
          )
        : null,
      step.findings.length
        ? h(
            "ul",
            { class: "tri-findings" },
            step.findings.map((f) =>
              h(
                "li",
                {},
                h("span", { class: `badge sev-${f.severity}`, text: f.severity }),
                " ",
                h("button", { type: "button", class: "linkish", "data-testid": "triage-finding", dataset: { id: f.id }, onclick: () => showFinding(f.id), text: f.id }),
                ` — ${f.summary}`,
              ),
            ),
          )
        : null,
      step.evidence.length ? h("div", { class: "tri-evidence" }, h("span", { class: "muted", text: "Covered by: " }), h("ul", { class: "inline-list" }, step.evidence.map(evidenceItem))) : null,
      h("details", { class: "tri-collect", open: step.status === "open" }, h("summary", { text: step.status === "open" ? "What to collect" : step.status === "manual" ? "What to do" : "What to collect (again)" }), h("ul", {}, step.collect.map(collectItem))),
    );
  }

  // ---------------------------------------------------------------- init + render
  const el = {};
  /** Chooses `area` in the triage panel and moves there, focus on "How does it fail?". */
  function startFrom(area) {
    const radio = byId(`triage-area-${area}`);
    if (!radio) return;
    if (!radio.checked) radio.click(); // a real click: the panel's change handler runs
    el.panel.scrollIntoView({ block: "start" });
    const symptom = el.symptom.querySelector("input:checked") || el.symptom.querySelector("input");
    if (symptom) symptom.focus({ preventScroll: true });
  }

  function init() {
    for (const [key, id] of Object.entries({
      panel: "triage-panel", area: "triage-area", symptom: "triage-symptom", output: "triage-output",
      error: "triage-error", head: "triage-head", steps: "triage-steps", progress: "triage-progress",
      update: "triage-update",
    })) {
      el[key] = byId(id);
    }
    el.area.addEventListener("change", (e) => {
      if (e.target.name === "triage-area") app.update((s) => (s.triage.area = e.target.value));
    });
    el.update.addEventListener("click", run);
    // The page's start ("What is impacted?" at the top): choose the area here, then the
    // symptom in the panel, which takes the focus so the keyboard path carries on there.
    for (const button of document.querySelectorAll(".start-strip button[data-area]")) {
      button.addEventListener("click", () => startFrom(button.dataset.area));
    }
    el.symptom.addEventListener("change", (e) => {
      if (e.target.name === "triage-symptom") app.update((s) => (s.triage.symptom = e.target.value));
    });
    if (app.share) {
      app.share.register("triage", {
        save: (s) => ({ selected: s.triage.area && s.triage.symptom ? [`${s.triage.area}.${s.triage.symptom}`] : [] }),
        load(part, s) {
          const [area, symptom] = String((part.selected || [])[0] || "").split(".");
          s.triage.area = AREAS.includes(area) ? area : "";
          s.triage.symptom = SYMPTOMS.includes(symptom) ? symptom : "";
          s.triage.report = null;
        },
      });
    }
  }

  let shown = null;
  function render(st) {
    const t = st.triage;
    for (const input of el.panel.querySelectorAll('input[name="triage-area"]')) input.checked = input.value === t.area;
    for (const input of el.panel.querySelectorAll('input[name="triage-symptom"]')) input.checked = input.value === t.symptom;

    const w = wanted(st);
    // The checklist follows the evidence by itself, except for very large pastes: the whole
    // diagnosis runs again for it, and the engine does one thing at a time.
    const manualUpdate = Boolean(w && w.chars > AUTO_LIMIT_CHARS);
    if (w && st.engine.ready && !t.running && w.key !== t.key && !manualUpdate) {
      clearTimeout(timer);
      timer = setTimeout(run, 250);
    }
    el.update.hidden = !(manualUpdate && w.key !== t.key);
    el.update.disabled = t.running || !st.engine.ready;
    el.output.setAttribute("aria-busy", String(t.running));
    el.progress.hidden = !t.running;
    el.error.hidden = !t.error;
    el.error.textContent = t.error || "";
    const report = w && t.report && t.report.impact.area === t.area && t.report.impact.symptom === t.symptom ? t.report : null;
    el.output.classList.toggle("stale", Boolean(report && w && w.key !== t.key));
    const key = report ? [report, JSON.stringify(t.manual)] : [null, ""];
    if (shown && shown[0] === key[0] && shown[1] === key[1]) return;
    shown = key;
    if (!report) {
      replaceChildren(el.head, h("p", { class: "hint", text: w ? "Making the checklist…" : "Choose what is impacted and how it fails: the runbook's steps appear here." }));
      replaceChildren(el.steps);
      return;
    }
    const next = report.next && report.steps.find((s) => s.id === report.next);
    const manualDone = report.steps.filter((s) => s.status === "manual" && t.manual[`${report.impact.area}.${report.impact.symptom}.${s.id}`]).length;
    replaceChildren(
      el.head,
      h("h3", { "data-testid": "triage-title", text: report.title }),
      h("p", { class: "hint" }, "Follows ", h("a", { href: report.source_uri, target: "_blank", rel: "noopener noreferrer", text: report.source }), "."),
      h(
        "p",
        { "data-testid": "triage-count" },
        h("progress", { max: report.steps.length, value: report.covered + manualDone, "aria-label": "Steps done" }),
        ` ${report.covered} of ${report.coverable} steps covered by the evidence` + (manualDone ? `, ${manualDone} checked by hand` : "") + ".",
        next
          ? [" Next: ", h("button", { type: "button", class: "linkish", "data-testid": "triage-next", onclick: () => document.getElementById(`triage-step-${next.id}`).focus(), text: next.title })]
          : null,
      ),
    );
    replaceChildren(
      el.steps,
      report.steps.map((s, i) => stepItem(report, s, i + 1)),
    );
  }

  app.registerPanel({ id: "triage", init, render });
})();
