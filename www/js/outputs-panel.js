/* Outputs panel: named pastes (paste, open or drop files: each file becomes its own named
 * paste), parsing in the engine Worker (Parse, Ctrl+Enter, or automatically a moment after
 * typing or pasting), the detected blocks, and `window.netdiag.parse(text)`, which returns the
 * JSON of `netdiag parse --format json`.
 *
 * For the other panels, `app.outputs` offers `addPaste({name, text})`, `pastesForDiagnosis()`
 * (the `pastes` of a diagnosis: `[{name, text}]`, empty pastes left out) and
 * `showEvidence({source, block, lines})` (opens the paste, selects the block, highlights the
 * lines). Rendering lives in outputs-view.js, pure helpers in outputs-records.js. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const { byId, h, replaceChildren } = app.dom;
  const rec = app.outputsRecords;
  const view = app.outputsView;

  const MAX_FILE_BYTES = 32 * 1048576;
  /** Pastes above this many characters are not kept in local storage (its quota is ~5 MB). */
  const MAX_SAVED_CHARS = 2 * 1048576;
  /** Above this many characters the editor shows a read-only preview: with a 10 MB text in
   * the textarea every frame of the page spent 200–450 ms painting it (measured in Chromium),
   * which froze the page whatever the parse did. The whole text is kept and parsed. */
  const EDITOR_MAX_CHARS = 1048576;
  /** Characters of a large paste shown in the preview (cut at a line end). */
  const PREVIEW_CHARS = 64 * 1024;

  /** Wall-clock budget of one parse: generous, the Worker keeps the page responsive. */
  function budgetMs(chars) {
    return 30000 + Math.ceil(chars / 1048576) * 15000;
  }

  function sizeText(chars) {
    if (chars < 10000) return `${chars} characters`;
    if (chars < 1048576) return `${(chars / 1024).toFixed(0)} kB`;
    return `${(chars / 1048576).toFixed(1)} MB`;
  }

  // ---------------------------------------------------------------- public API
  /** `window.netdiag.parse(text)`: the CLI's `netdiag parse --format json` for the same text. */
  async function parse(text, onProgress) {
    if (typeof text !== "string") throw new TypeError("parse: text must be a string");
    return app.engine.call("parse", [text], { timeoutMs: budgetMs(text.length), onProgress });
  }
  app.api.register("parse", (text) => parse(text));

  // ---------------------------------------------------------------- state
  let nextId = 1;
  const str = (v) => (typeof v === "string" ? v : "");
  const saved = app.persist.load("outputs") || {};
  const pastes = (Array.isArray(saved.pastes) ? saved.pastes : [])
    .filter((p) => p && typeof p.text === "string")
    .map((p) => ({ id: nextId++, name: str(p.name), text: p.text }));
  if (pastes.length === 0) pastes.push({ id: nextId++, name: "", text: "" });

  app.state.outputs = {
    pastes,
    active: Math.min(Math.max(0, Number(saved.active) || 0), pastes.length - 1),
    results: {}, // paste id -> { text, report } of the last parse
    parsing: null, // { id, chars } while the engine parses
    error: null,
    note: "",
    undo: null, // { paste, index } of the last removed paste, until the next change of the list
    selected: {}, // paste id -> block index
    filter: {}, // paste id -> kind filter
    limit: {}, // paste id -> blocks listed
    highlight: null, // { id, span } lines to mark in the source view
    expanded: new Set(), // "<paste>:<block>:<table>:<what>" toggles of the records tables
    version: 0, // bumps on every text change (other panels compare it)
  };
  app.persist.register("outputs", (s) => {
    let budget = MAX_SAVED_CHARS;
    const kept = [];
    for (const p of s.outputs.pastes) {
      if (p.text.length > budget) continue;
      budget -= p.text.length;
      kept.push({ name: p.name, text: p.text });
    }
    return { pastes: kept, active: Math.min(s.outputs.active, Math.max(0, kept.length - 1)) };
  });

  function current() {
    const s = app.state.outputs;
    return s.pastes[s.active];
  }

  /** True when `text` holds more than white space (stops at the first character: no copy of
   * a 10 MB paste on every render, as `trim()` would make). */
  function hasText(text) {
    return /\S/.test(text);
  }

  /** The name a paste goes by in a diagnosis (and in its evidence). */
  function nameOf(p, i) {
    return p.name.trim() || `Paste ${i + 1}`;
  }

  function uniqueName(wanted) {
    const names = new Set(app.state.outputs.pastes.map((p, i) => nameOf(p, i)));
    if (!names.has(wanted)) return wanted;
    for (let n = 2; ; n++) if (!names.has(`${wanted} (${n})`)) return `${wanted} (${n})`;
  }

  // ---------------------------------------------------------------- parsing
  let timer = 0;
  let rerun = false;

  /** Parses the active paste after `delayMs` (typing restarts the wait). */
  function scheduleParse(delayMs) {
    clearTimeout(timer);
    timer = setTimeout(parseActive, delayMs);
  }

  async function parseActive() {
    clearTimeout(timer);
    const s = app.state.outputs;
    const p = current();
    if (!p || !app.state.engine.ready || window.__NETDIAG_FATAL) return;
    if (s.parsing) {
      rerun = true; // the text changed while the engine worked: parse again after
      return;
    }
    const done = s.results[p.id];
    if (done && done.text === p.text) return;
    if (!hasText(p.text)) {
      app.update((st) => {
        st.outputs.results[p.id] = { text: p.text, report: { blocks: [], warnings: [] } };
        st.outputs.error = null;
      });
      return;
    }
    const text = p.text;
    app.update((st) => {
      st.outputs.parsing = { id: p.id, chars: text.length };
      st.outputs.error = null;
    });
    app.status(`Parsing ${sizeText(text.length)}…`);
    el.progress.removeAttribute("value"); // indeterminate until the result starts to arrive
    try {
      const report = await parse(text, showReceived);
      app.update((st) => {
        st.outputs.results[p.id] = { text, report };
        const sel = st.outputs.selected[p.id];
        if (sel === undefined || sel >= report.blocks.length) {
          const first = report.blocks.find((b) => b.kind !== "unrecognised") || report.blocks[0];
          st.outputs.selected[p.id] = first ? first.index : 0;
        }
      });
      const n = rec.reportCounts(report);
      app.status(`Parsed: ${n.blocks} block${n.blocks === 1 ? "" : "s"}, ${n.recognised} recognised, ${n.unrecognised} not recognised.`);
    } catch (error) {
      app.update((st) => (st.outputs.error = { name: error.name, message: error.message }));
      app.status(`Parsing failed: ${error.message}`);
    } finally {
      app.update((st) => (st.outputs.parsing = null));
      const again = rerun;
      rerun = false;
      const now = current();
      // Parse again only for a newer text (or another paste): after a failure the same text
      // would fail again, and retrying at once would loop without end.
      const changed = now && (now.id !== p.id || now.text !== text);
      const missing = now && (!app.state.outputs.results[now.id] || app.state.outputs.results[now.id].text !== now.text);
      if (again || (changed && missing)) {
        queueMicrotask(parseActive);
      }
    }
  }

  /** A large result arrives in parts (engine.js): show how much has come. This writes the
   * progress bar and text directly instead of a full render per part, so each part's task
   * stays short; `render` shows the same state on its next run. */
  function showReceived({ received, total }) {
    const parsing = app.state.outputs.parsing;
    if (!parsing) return;
    parsing.received = received;
    parsing.total = total;
    el.progress.max = Math.max(1, total);
    el.progress.value = received;
    el.empty.textContent = receivingText(parsing);
  }

  function receivingText(parsing) {
    return parsing.total
      ? `Parsed ${sizeText(parsing.chars)} in the background; receiving the result: ${parsing.received.toLocaleString("en")} of ${parsing.total.toLocaleString("en")} blocks and records…`
      : `Parsing ${sizeText(parsing.chars)} in the background; the page stays usable.`;
  }

  // ---------------------------------------------------------------- paste management
  function setText(text) {
    app.update((st) => {
      const p = st.outputs.pastes[st.outputs.active];
      p.text = text;
      st.outputs.version++;
    });
  }

  /** Adds a named paste and shows it (the empty first paste is reused). */
  function addPaste({ name, text }) {
    app.update((st) => {
      const s = st.outputs;
      const cur = s.pastes[s.active];
      const fresh = { id: nextId++, name: uniqueName(str(name) || "Paste"), text: str(text) };
      s.undo = null;
      if (s.pastes.length === 1 && cur.text === "" && cur.name === "") s.pastes[0] = fresh;
      else s.pastes.push(fresh);
      s.active = s.pastes.indexOf(fresh);
      s.version++;
    });
    scheduleParse(0);
  }

  function newPaste() {
    app.update((st) => {
      const s = st.outputs;
      s.pastes.push({ id: nextId++, name: "", text: "" });
      s.active = s.pastes.length - 1;
      s.version++;
    });
    el.text.focus();
  }

  function removePaste() {
    app.update((st) => {
      const s = st.outputs;
      const gone = s.pastes[s.active];
      // Nothing typed is lost for good: the removed paste can be brought back.
      s.undo = gone.text === "" ? null : { paste: gone, index: s.active };
      delete s.results[gone.id];
      if (s.pastes.length === 1) s.pastes[0] = { id: nextId++, name: "", text: "" };
      else s.pastes.splice(s.active, 1);
      s.active = Math.min(s.active, s.pastes.length - 1);
      s.version++;
    });
    scheduleParse(0);
  }

  function undoRemove() {
    app.update((st) => {
      const s = st.outputs;
      if (!s.undo) return;
      const { paste, index } = s.undo;
      const only = s.pastes.length === 1 && s.pastes[0].text === "" && s.pastes[0].name === "";
      if (only) s.pastes[0] = paste;
      else s.pastes.splice(Math.min(index, s.pastes.length), 0, paste);
      s.active = s.pastes.indexOf(paste);
      s.undo = null;
      s.version++;
    });
    scheduleParse(0);
  }

  function activate(index) {
    app.update((st) => (st.outputs.active = index));
    scheduleParse(0);
  }

  async function loadFiles(files) {
    const list = [...files];
    if (list.length === 0) return;
    const problems = [];
    for (const file of list) {
      try {
        const text = await app.util.readTextFile(file, MAX_FILE_BYTES);
        addPaste({ name: file.name, text });
      } catch (error) {
        problems.push(`${file.name}: ${error.message}`);
      }
    }
    app.update((st) => (st.outputs.note = problems.length ? problems.join(" ") : ""));
    const loaded = list.length - problems.length;
    if (loaded) app.status(`Opened ${loaded} file${loaded === 1 ? "" : "s"}, each as its own paste.`);
  }

  /** Opens the paste named `source` (or the only paste), selects `block` and marks `lines`. */
  async function showEvidence({ source, block, lines }) {
    const s = app.state.outputs;
    const filled = s.pastes.map((p, i) => ({ p, i, name: nameOf(p, i) })).filter((x) => hasText(x.p.text));
    // Evidence names its paste only when several were diagnosed together.
    const hit = source ? filled.find((x) => x.name === source) : filled[0];
    if (!hit) return false;
    const span = Array.isArray(lines) ? lines : null;
    app.update((st) => {
      st.outputs.active = hit.i;
      st.outputs.filter[hit.p.id] = "";
      if (span) st.outputs.highlight = { id: hit.p.id, span };
    });
    const r = app.state.outputs.results[hit.p.id];
    if (!r || r.text !== hit.p.text) await parseActive();
    const report = app.state.outputs.results[hit.p.id] && app.state.outputs.results[hit.p.id].report;
    let index = Number.parseInt(block, 10);
    if (report && (!Number.isInteger(index) || !report.blocks[index]) && span) {
      const found = report.blocks.find((b) => span[0] >= b.lines[0] && span[0] <= b.lines[1]);
      index = found ? found.index : index;
    }
    app.update((st) => {
      if (Number.isInteger(index)) st.outputs.selected[hit.p.id] = index;
      st.outputs.limit[hit.p.id] = Math.max(st.outputs.limit[hit.p.id] || view.LIST_PAGE, index + 1);
    });
    await Promise.resolve(); // the render of this update runs in a microtask
    await new Promise((resolve) => queueMicrotask(resolve));
    el.panel.scrollIntoView({ block: "start" });
    const target = el.source.querySelector("li.is-target") || el.source.querySelector("li.in-block");
    if (target) target.focus({ preventScroll: true });
    return true;
  }

  function pastesForDiagnosis() {
    return app.state.outputs.pastes
      .map((p, i) => ({ name: nameOf(p, i), text: p.text }))
      .filter((p) => hasText(p.text));
  }

  app.outputs = { addPaste, showEvidence, pastesForDiagnosis, nameOf };

  // ---------------------------------------------------------------- init
  const el = {};
  let editorText = null; // what the textarea holds (reading .value of a 10 MB text is slow)
  let justPasted = false;
  const editAll = new Set(); // ids of large pastes the user chose to edit in full

  /** What the editor shows for paste `p`: the text, or a preview of a large one. */
  function editorValue(p) {
    if (p.text.length <= EDITOR_MAX_CHARS || editAll.has(p.id)) return p.text;
    const cut = p.text.lastIndexOf("\n", PREVIEW_CHARS);
    return p.text.slice(0, cut > 0 ? cut + 1 : PREVIEW_CHARS);
  }

  function bindDrop(panel) {
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
      if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) {
        e.preventDefault();
        loadFiles(e.dataTransfer.files);
      }
    });
  }

  function onTabKey(e) {
    const s = app.state.outputs;
    let next = null;
    if (e.key === "ArrowRight") next = (s.active + 1) % s.pastes.length;
    else if (e.key === "ArrowLeft") next = (s.active - 1 + s.pastes.length) % s.pastes.length;
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = s.pastes.length - 1;
    if (next === null) return;
    e.preventDefault();
    activate(next);
    queueMicrotask(() => {
      const tab = el.tabs.querySelector(`[data-index="${next}"]`);
      if (tab) tab.focus();
    });
  }

  function init() {
    for (const [key, id] of Object.entries({
      panel: "outputs-panel", tabs: "outputs-tabs", add: "outputs-new", remove: "outputs-remove",
      name: "outputs-name", text: "outputs-text", open: "outputs-open", file: "outputs-file",
      size: "outputs-size", parseBtn: "outputs-parse", progress: "outputs-progress",
      error: "outputs-error", note: "outputs-note", output: "outputs-output", summary: "outputs-summary",
      filter: "outputs-filter", list: "outputs-blocks", detail: "outputs-detail", header: "outputs-block-head",
      source: "outputs-source", records: "outputs-records", empty: "outputs-empty",
    })) {
      el[key] = byId(id);
    }
    el.text.addEventListener("paste", () => (justPasted = true));
    el.text.addEventListener("input", () => {
      editorText = el.text.value;
      setText(editorText);
      // A paste is parsed almost at once; typing waits for a pause (longer for long texts).
      scheduleParse(justPasted ? 150 : 600 + Math.min(2000, editorText.length / 5000));
      justPasted = false;
    });
    el.name.addEventListener("input", () => app.update((st) => (st.outputs.pastes[st.outputs.active].name = el.name.value)));
    el.name.addEventListener("change", () =>
      app.update((st) => {
        const p = st.outputs.pastes[st.outputs.active];
        const wanted = p.name.trim();
        p.name = "";
        p.name = wanted ? uniqueName(wanted) : "";
        st.outputs.version++;
      }),
    );
    el.add.addEventListener("click", newPaste);
    el.remove.addEventListener("click", removePaste);
    el.tabs.addEventListener("keydown", onTabKey);
    el.open.addEventListener("click", () => el.file.click());
    el.file.addEventListener("change", () => {
      loadFiles(el.file.files || []);
      el.file.value = "";
    });
    el.parseBtn.addEventListener("click", () => {
      const p = current();
      if (p) delete app.state.outputs.results[p.id]; // an explicit Parse always runs
      parseActive();
    });
    el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target === el.text) {
        e.preventDefault();
        parseActive();
      }
    });
    el.filter.addEventListener("change", () => {
      const p = current();
      app.update((st) => (st.outputs.filter[p.id] = el.filter.value));
    });
    bindDrop(el.panel);
    if (app.share) {
      app.share.register("outputs", {
        save: (st) => ({ pastes: st.outputs.pastes.map((p) => ({ name: p.name, text: p.text })), active: st.outputs.active }),
        load(part, st) {
          const list = (Array.isArray(part.pastes) ? part.pastes : []).map((p) => ({ id: nextId++, name: str(p.name), text: str(p.text) }));
          if (list.length === 0) list.push({ id: nextId++, name: "", text: "" });
          st.outputs.pastes = list;
          st.outputs.active = Math.min(Math.max(0, Number(part.active) || 0), list.length - 1);
          st.outputs.results = {};
          st.outputs.highlight = null;
          st.outputs.version++;
          scheduleParse(0);
        },
        exportInputs(st) {
          const parses = st.outputs.pastes
            .map((p) => st.outputs.results[p.id])
            .filter((r, i) => r && r.text === st.outputs.pastes[i].text)
            .map((r) => r.report);
          return { parses };
        },
      });
    }
  }

  // ---------------------------------------------------------------- render
  function renderTabs(s) {
    const key = JSON.stringify([s.active, s.pastes.map((p, i) => [p.id, nameOf(p, i), p.text === ""])]);
    if (el.tabs.dataset.key === key) return;
    el.tabs.dataset.key = key;
    replaceChildren(
      el.tabs,
      s.pastes.map((p, i) =>
        h(
          "button",
          {
            type: "button",
            role: "tab",
            id: `outputs-tab-${p.id}`,
            class: "paste-tab",
            "data-testid": "outputs-tab",
            dataset: { index: String(i) },
            "aria-selected": String(i === s.active),
            "aria-controls": "outputs-editor",
            tabIndex: i === s.active ? 0 : -1,
            onclick: () => activate(i),
          },
          nameOf(p, i),
          p.text === "" ? h("span", { class: "muted", text: " (empty)" }) : null,
        ),
      ),
    );
  }

  // Split lines of the editor text and of the parsed text (splitting a 10 MB paste on every
  // render would be felt); two entries, as the two differ while a new parse runs.
  let cache = [];
  function linesOf(text) {
    const hit = cache.find((c) => c.text === text);
    if (hit) return hit.lines;
    const lines = rec.splitLines(text);
    cache = [{ text, lines }, ...cache].slice(0, 2);
    return lines;
  }

  /** The size line under the editor, with the way to edit a large paste in full. */
  function renderSize(p, lines, preview, shown) {
    replaceChildren(
      el.size,
      p.text === ""
        ? "Empty. Paste a terminal session (several commands, prompts and all), open files, or drop them here."
        : `${sizeText(p.text.length)}, ${lines} line${lines === 1 ? "" : "s"}.` +
          (p.text.length > MAX_SAVED_CHARS ? " Too large to keep in this browser's storage: it is not restored after a reload." : ""),
      preview
        ? [
            ` Large paste: the editor shows its first ${sizeText(shown.length)}, read-only (a text this size makes the whole page slow to draw); all of it is kept and parsed. `,
            h("button", {
              type: "button",
              class: "linkish",
              "data-testid": "outputs-edit-all",
              onclick: () => {
                editAll.add(p.id);
                app.update(() => {});
                queueMicrotask(() => el.text.focus());
              },
              text: "Edit all of it (slow)",
            }),
          ]
        : null,
    );
  }

  let shown = null;
  function render(state) {
    const s = state.outputs;
    const p = current();
    renderTabs(s);
    const inEditor = editorValue(p);
    if (inEditor !== editorText) {
      el.text.value = inEditor;
      editorText = inEditor;
    }
    const preview = inEditor !== p.text;
    el.text.readOnly = preview;
    if (document.activeElement !== el.name && el.name.value !== p.name) el.name.value = p.name;
    el.name.placeholder = nameOf(p, s.active);
    el.text.setAttribute("aria-labelledby", `outputs-text-label outputs-tab-${p.id}`);
    const lines = p.text === "" ? 0 : linesOf(p.text).length;
    // Rebuilt only when it changes, so a focused "Edit all" button keeps its focus.
    const sizeKey = `${p.id}|${p.text.length}|${lines}|${preview}`;
    if (el.size.dataset.key !== sizeKey) {
      el.size.dataset.key = sizeKey;
      renderSize(p, lines, preview, inEditor);
    }

    const parsing = Boolean(s.parsing);
    const blocked = !state.engine.ready || Boolean(window.__NETDIAG_FATAL);
    el.parseBtn.disabled = blocked || parsing;
    el.parseBtn.firstChild.textContent = parsing ? "Parsing… " : "Parse ";
    el.progress.hidden = !parsing;
    el.output.setAttribute("aria-busy", String(parsing));

    el.error.hidden = !s.error;
    if (s.error) el.error.textContent = `Parsing failed (${s.error.name}): ${s.error.message} Your text is kept.`;
    el.note.hidden = !s.note && !s.undo;
    const undoKey = s.undo ? s.undo.paste.id : null;
    if (el.note.dataset.key !== `${s.note}|${undoKey}`) {
      el.note.dataset.key = `${s.note}|${undoKey}`;
      replaceChildren(
        el.note,
        s.note,
        s.undo
          ? [
              s.note ? " " : "",
              `Removed “${nameOf(s.undo.paste, s.undo.index)}”. `,
              h("button", { type: "button", class: "linkish", "data-testid": "outputs-undo", onclick: undoRemove, text: "Undo" }),
            ]
          : null,
      );
    }

    const r = s.results[p.id];
    const stale = Boolean(r && r.text !== p.text);
    el.output.classList.toggle("stale", stale || parsing);
    const report = r ? r.report : null;
    el.empty.hidden = Boolean(report && report.blocks.length);
    el.empty.textContent = parsing
      ? receivingText(s.parsing)
      : !hasText(p.text)
        ? "Nothing pasted yet."
        : report
          ? "No blocks found."
          : "Not parsed yet: press Parse (or wait a moment after typing).";
    el.summary.hidden = !report;
    if (report) {
      const n = rec.reportCounts(report);
      replaceChildren(
        el.summary,
        h(
          "p",
          { "data-testid": "outputs-counts" },
          `${n.blocks} block${n.blocks === 1 ? "" : "s"}: ${n.recognised} recognised, ${n.unrecognised} not recognised` +
            (n.truncated ? `, ${n.truncated} truncated` : "") +
            `; ${n.records} record${n.records === 1 ? "" : "s"}.` +
            (stale ? " The text changed since: parsing again…" : ""),
        ),
        report.warnings.length ? h("ul", { class: "warnings" }, report.warnings.map((w) => h("li", { text: w }))) : null,
      );
    }

    const selected = s.selected[p.id];
    const highlight = s.highlight && s.highlight.id === p.id ? s.highlight.span : null;
    const key = [p.id, selected, s.filter[p.id] || "", s.limit[p.id] || 0, highlight ? highlight.join("-") : "", s.expanded.size];
    if (shown && shown.report === report && shown.key.join("|") === key.join("|")) return;
    shown = { report, key };
    view.renderFilter(el.filter, report, s.filter[p.id]);
    el.filter.disabled = !report || report.blocks.length < 2;
    view.renderBlockList(el.list, report, {
      selected,
      filter: s.filter[p.id] || "",
      limit: s.limit[p.id] || view.LIST_PAGE,
      onSelect: (index) =>
        app.update((st) => {
          st.outputs.selected[p.id] = index;
          st.outputs.highlight = null;
        }),
      onMore: () => app.update((st) => (st.outputs.limit[p.id] = (st.outputs.limit[p.id] || view.LIST_PAGE) + view.LIST_PAGE)),
    });
    const block = report && report.blocks[selected];
    el.detail.hidden = !block;
    if (!block) return;
    const onLines = (span) => {
      app.update((st) => (st.outputs.highlight = { id: p.id, span }));
      queueMicrotask(() => {
        const li = el.source.querySelector("li.is-target");
        if (li) li.focus({ preventScroll: true });
      });
    };
    const prefix = `${p.id}:${block.index}:`;
    const expanded = new Set([...s.expanded].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)));
    const onExpand = (what) =>
      app.update((st) => {
        const k = prefix + what;
        if (st.outputs.expanded.has(k)) st.outputs.expanded.delete(k);
        else st.outputs.expanded.add(k);
      });
    view.renderHeader(el.header, block, onLines);
    view.renderSource(el.source, linesOf(r.text), block, highlight, block.skipped);
    view.renderRecords(el.records, block, onLines, expanded, onExpand);
  }

  app.registerPanel({ id: "outputs", init, render });
})();
