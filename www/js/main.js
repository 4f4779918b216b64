/* Boot: initialise the panels, render once, then load the engine and say when it is ready
 * (`body[data-ready]` is "true" or "error"; tests and scripts wait on it). */
(function () {
  "use strict";

  const app = window.NetdiagApp;

  /** A start-up mark beside the engine's (window.netdiag.timings() lists both). */
  const mark = (phase) => app.engine.mark(phase);

  function boot() {
    mark("boot");
    for (const panel of app.panels) {
      if (typeof panel.init === "function") panel.init(app);
    }
    app.update();
    mark("panels-initialised");

    const ready = app.engine.init().then(
      (ops) => {
        mark("ready");
        document.body.dataset.ready = "true";
        app.update((st) => {
          st.engine.ready = true;
          st.engine.ops = ops;
        });
        // How long opening took is worth seeing (issue 7 budget); window.netdiag.timings() has the phases.
        const seconds = (performance.now() / 1000).toFixed(2);
        app.status(`Ready in ${seconds} s.`);
        return ops;
      },
      (error) => {
        document.body.dataset.ready = "error";
        const box = document.getElementById("fatal");
        if (box) {
          box.textContent = `The engine could not be loaded: ${error.message}`;
          box.hidden = false;
        }
        app.status(`The engine could not be loaded: ${error.message}`);
        throw error;
      },
    );
    ready.catch(() => undefined); // reported above; callers awaiting `ready` still see it
    /** Resolves to the engine's operations once the page can evaluate. */
    app.api.register("ready", ready);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
