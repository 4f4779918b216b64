/* netdiag page core: DOM helpers, state store + render loop, persistence, status and fatal
 * handling, the panel registry and the public `window.netdiag` API registry.
 *
 * Script scheme (see CONTRIBUTING.md): every file under www/js is a classic script wrapped in
 * an IIFE, loaded with `defer` in the order index.html lists them, and talks to the others only
 * through `window.NetdiagApp` (internal) and `window.netdiag` (public, scriptable API). No
 * imports, so scripts/bundle.mjs can inline them verbatim into dist/netdiag.html. */
(function () {
  "use strict";

  /** Internal namespace shared by the page scripts. */
  const app = (window.NetdiagApp = window.NetdiagApp || {});

  // ---------------------------------------------------------------- DOM helpers
  /** document.getElementById that fails loudly: a missing element is a page bug. */
  function byId(id) {
    const el = document.getElementById(id);
    if (!el) throw new Error(`netdiag: element #${id} is missing from the page`);
    return el;
  }

  /** createElement with properties and children. Text always goes in as text nodes:
   * user data never passes through innerHTML. `attrs` keys: `class`, `text`, `dataset`,
   * `on<event>` handlers, `aria-*`/`data-*`/other attributes, or DOM properties. */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = String(value);
      else if (key === "dataset") Object.assign(el.dataset, value);
      else if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2), value);
      } else if (key.includes("-") || key === "role" || key === "for" || key === "scope" || key === "tabindex") {
        el.setAttribute(key, value === true ? "" : String(value));
      } else el[key] = value;
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  /** Replaces all children of `el`. */
  function replaceChildren(el, ...children) {
    el.replaceChildren();
    return append(el, children);
  }

  app.dom = { byId, h, append, replaceChildren };

  // ---------------------------------------------------------------- state + render loop
  // One state object, one update path: handlers call app.update(fn), which mutates the state
  // and schedules a single render of every panel in a microtask (so several updates in one
  // event coalesce, and tests never wait on timers).
  const state = { engine: { ready: false, ops: [] } };
  const panels = [];
  let renderQueued = false;

  /** Registers a panel: `{ id, init(app), render(state) }`; init runs once at boot. */
  function registerPanel(panel) {
    if (!panel || typeof panel.id !== "string" || typeof panel.render !== "function") {
      throw new TypeError("netdiag: a panel needs an id and a render(state) function");
    }
    panels.push(panel);
  }

  /** Applies `mutate(state)` and schedules a render. */
  function update(mutate) {
    if (mutate) mutate(state);
    if (!renderQueued) {
      renderQueued = true;
      queueMicrotask(render);
    }
  }

  function render() {
    renderQueued = false;
    for (const panel of panels) {
      try {
        panel.render(state);
      } catch (error) {
        fatal(`render of ${panel.id} failed: ${error && error.stack ? error.stack : error}`);
        return;
      }
    }
    persist.schedule();
  }

  app.state = state;
  app.panels = panels;
  app.registerPanel = registerPanel;
  app.update = update;

  // ---------------------------------------------------------------- persistence
  // Inputs (never results) survive a reload via localStorage. Each panel owns a key and says
  // what to save; a failing storage (quota, disabled) only shows a note, never breaks the page.
  const STORAGE_PREFIX = "netdiag:v1:";
  const savers = new Map();
  let saveTimer = 0;
  const persist = {
    /** `save(state)` returns a JSON-able object stored under `key`. */
    register(key, save) {
      savers.set(key, save);
    },
    load(key) {
      try {
        const text = window.localStorage.getItem(STORAGE_PREFIX + key);
        return text ? JSON.parse(text) : null;
      } catch {
        return null;
      }
    },
    schedule() {
      clearTimeout(saveTimer);
      saveTimer = setTimeout(persist.flush, 250);
    },
    flush() {
      clearTimeout(saveTimer);
      for (const [key, save] of savers) {
        try {
          window.localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(save(state)));
        } catch (error) {
          status(`Inputs could not be saved in this browser (${error.name}); they are kept until reload.`);
        }
      }
    },
    /** Removes every saved input of this page. */
    clear() {
      for (const key of savers.keys()) {
        try {
          window.localStorage.removeItem(STORAGE_PREFIX + key);
        } catch {
          /* storage unavailable: nothing was saved either */
        }
      }
    },
  };
  window.addEventListener("pagehide", () => persist.flush());
  app.persist = persist;

  // ---------------------------------------------------------------- status + fatal
  /** Announces a short status in the polite live region. */
  function status(text) {
    const el = document.getElementById("status");
    if (el) el.textContent = text;
  }

  /** A panic or page bug: stop calling wasm, say so, and keep the inputs on screen. */
  function fatal(message) {
    if (window.__NETDIAG_FATAL) return;
    window.__NETDIAG_FATAL = String(message);
    document.body.dataset.fatal = "true";
    console.error("netdiag fatal:", message);
    const box = document.getElementById("fatal");
    if (box) {
      replaceChildren(
        box,
        h("strong", { text: "Internal error, reload the page." }),
        " Your inputs are saved. Details: ",
        h("code", { text: String(message).slice(0, 2000) }),
      );
      box.hidden = false;
    }
    try {
      persist.flush();
    } catch {
      /* best effort */
    }
  }

  window.addEventListener("error", (event) => {
    fatal(`${event.message} (${event.filename || "page"}:${event.lineno || 0})`);
  });
  // Unhandled rejections are not fatal: a script calling window.netdiag with bad arguments and
  // no catch must not take the page down. Page code catches its own promises.

  app.status = status;
  app.fatal = fatal;

  // ---------------------------------------------------------------- public API registry
  /** The scriptable API (`window.netdiag`): one method per capability, each returning a
   * Promise of the same JSON the CLI prints. Panels and engine register methods here. */
  const api = (window.netdiag = window.netdiag || {});
  app.api = {
    register(name, fn) {
      if (Object.prototype.hasOwnProperty.call(api, name)) {
        throw new Error(`netdiag: API method ${name} registered twice`);
      }
      Object.defineProperty(api, name, { value: fn, enumerable: true });
    },
  };

  // ---------------------------------------------------------------- small shared utilities
  /** The browser's IANA time zone, as the CLI takes the system's. */
  function localTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    } catch {
      return "UTC";
    }
  }

  /** Reads a dropped or chosen file as text, refusing what cannot be a text input. */
  async function readTextFile(file, maxBytes) {
    if (file.size > maxBytes) {
      const mb = (file.size / 1048576).toFixed(1);
      throw new Error(`${file.name} is ${mb} MB; the limit is ${maxBytes / 1048576} MB. Not loaded.`);
    }
    return file.text();
  }

  app.util = { localTimeZone, readTextFile };
})();
