/* Browser checks panel tools: the links to the PAC panel (proxies from its results, the PAC
 * download into its source with a kept copy, DoH answers into its DNS table), DNS over HTTPS
 * (opt-in; only on "Resolve names"), the JSON/Markdown exports, copy buttons and the paste box
 * that hands command output to the device-output parser. checks-panel.js creates it with the
 * engine call and the current plan: `app.checksTools({ call, currentPlan })`. */
(function () {
  "use strict";

  const app = window.NetdiagApp;
  const run = app.checksRun;

  const DOH_TIMEOUT_MS = 5000;

  function lines(text) {
    return String(text || "").split(/\r?\n/);
  }

  app.checksTools = function create({ call, currentPlan }) {
    // ---------------------------------------------------------------- PAC panel links
    /** Proxies (host:port) from the PAC panel's last results, primaries first. */
    function useProxiesFromPac() {
      const report = app.state.pac && app.state.pac.report;
      const results = report ? report.results || [] : [];
      const primaries = [];
      const secondaries = [];
      let skipped = 0;
      for (const r of results) {
        for (const [value, list] of [[r.primary, primaries], [r.secondary, secondaries]]) {
          if (!value) continue;
          if (value.includes("${")) skipped += 1;
          else if (!primaries.includes(value) && !secondaries.includes(value)) list.push(value);
        }
      }
      if (!report) {
        app.update((st) => (st.checksUi.useNote = "Evaluate test URLs in the PAC evaluator first; its primary and secondary proxies are taken from there."));
        return;
      }
      const found = primaries.map((p) => `${p} # primary (PAC results)`).concat(secondaries.map((p) => `${p} # secondary (PAC results)`));
      app.update((st) => {
        if (found.length) {
          const kept = lines(st.checks.form.proxies).filter((l) => l.trim() !== "" && !found.some((f) => f.split(" ")[0] === l.trim().split(/\s+/)[0]));
          st.checks.form.proxies = kept.concat(found).join("\n");
        }
        st.checksUi.useNote = found.length
          ? `Took ${primaries.length} primary and ${secondaries.length} secondary prox${primaries.length + secondaries.length === 1 ? "y" : "ies"} from the PAC results.` +
            (skipped ? ` ${skipped} answer(s) with unbound \${…} macros were left out: bind them in the PAC evaluator.` : "")
          : "The PAC results name no proxy (every URL went DIRECT or failed)." +
            (skipped ? ` ${skipped} answer(s) have unbound \${…} macros: bind them in the PAC evaluator.` : "");
      });
    }

    function loadPacIntoEvaluator() {
      const body = app.state.checksUi.pacBody;
      if (!body || body.text === null || !app.state.pac) return;
      const previous = app.state.pac.source;
      app.update((st) => {
        if (previous.trim() !== "" && previous !== body.text) {
          st.checksUi.pacBackup = { source: previous, fileName: st.pac.fileName, lines: previous.split(/\r?\n/).length };
        }
        st.pac.source = body.text;
        st.pac.fileName = `downloaded from ${body.url}`;
      });
      app.status("PAC file loaded into the PAC evaluator: press Evaluate there.");
    }

    function restorePac() {
      const backup = app.state.checksUi.pacBackup;
      if (!backup || !app.state.pac) return;
      app.update((st) => {
        st.pac.source = backup.source;
        st.pac.fileName = backup.fileName;
        st.checksUi.pacBackup = null;
      });
      app.status("Previous PAC source restored in the PAC evaluator.");
    }

    // ---------------------------------------------------------------- DNS over HTTPS
    async function resolveNames() {
      const d = app.state.checks.doh;
      if (!d.enabled || app.state.checksUi.dohRunning) return;
      const plan = await currentPlan();
      const names = plan ? plan.dns_names : [];
      if (names.length === 0) {
        app.update((st) => (st.checksUi.dohError = "No host names to resolve: enter a cloud name, a PAC URL, proxies or URLs."));
        return;
      }
      const probe = run.dohUrl(d.resolver, d.custom_url, "example.com", "A");
      if (probe.error) {
        app.update((st) => (st.checksUi.dohError = probe.error));
        return;
      }
      const resolver = d.resolver === "custom" ? d.custom_url.trim() : run.DOH_RESOLVERS[d.resolver];
      app.update((st) => {
        st.checksUi.dohRunning = true;
        st.checksUi.dohError = null;
      });
      app.status(`Resolving ${names.length} name${names.length === 1 ? "" : "s"} with ${resolver}…`);
      const answers = [];
      try {
        for (const name of names) {
          for (const type of ["A", "AAAA"]) {
            const { url } = run.dohUrl(d.resolver, d.custom_url, name, type);
            answers.push(await dohQuery(url, name, type));
          }
        }
        app.update((st) => (st.checks.dns = { resolver, answers, taken_at: new Date().toISOString() }));
        app.status(`Resolved ${names.length} name${names.length === 1 ? "" : "s"} with ${resolver}.`);
      } catch (error) {
        app.update((st) => (st.checksUi.dohError = error.message));
      } finally {
        app.update((st) => (st.checksUi.dohRunning = false));
      }
    }

    async function dohQuery(url, name, qtype) {
      const failed = (message) => ({ name, qtype, status: null, status_text: "", records: [], addresses: [], error: message });
      let response;
      try {
        response = await fetch(url, {
          headers: { Accept: "application/dns-json" },
          mode: "cors",
          cache: "no-store",
          credentials: "omit",
          referrerPolicy: "no-referrer",
          signal: AbortSignal.timeout(DOH_TIMEOUT_MS),
        });
      } catch (error) {
        return failed(
          error.name === "TimeoutError"
            ? `no answer from the resolver within ${DOH_TIMEOUT_MS} ms`
            : "the resolver could not be reached, or it does not allow requests from a web page (CORS)",
        );
      }
      if (!response.ok) return failed(`the resolver answered HTTP ${response.status}`);
      const text = await response.text();
      return call("dohAnswer", [name, qtype, text]);
    }

    function copyDnsToPac() {
      const dns = app.state.checks.dns;
      if (!dns || !app.state.pac) return;
      const entries = {};
      const byName = new Map();
      for (const a of dns.answers) {
        const e = byName.get(a.name) || { addresses: [], nx: false, ok: false };
        e.addresses.push(...a.addresses.filter((x) => !e.addresses.includes(x)));
        if (a.status === 3) e.nx = true;
        if (!a.error) e.ok = true;
        byName.set(a.name, e);
      }
      for (const [name, e] of byName) {
        if (e.addresses.length) entries[name] = e.addresses.join(", ");
        else if (e.nx) entries[name] = "fail";
      }
      const header = `DNS over HTTPS (${dns.resolver}), ${dns.taken_at}: a public resolver's view`;
      const merged = run.mergeDnsTable(app.state.pac.dnsText, entries, header);
      app.update((st) => (st.pac.dnsText = merged.text));
      const parts = [`${merged.added.length} added`];
      if (merged.replaced.length) parts.push(`${merged.replaced.length} replaced (old lines kept as comments)`);
      if (merged.same.length) parts.push(`${merged.same.length} already there`);
      app.status(`PAC DNS table: ${parts.join(", ")}.`);
    }

    // ---------------------------------------------------------------- exports, copy, paste
    function exportObject() {
      const c = app.state.checks;
      return {
        cloud: c.inputs ? c.inputs.cloud : "",
        pac_url: c.inputs ? c.inputs.pac_url : "",
        taken_at: c.taken_at,
        results: c.results || { checks: [] },
        budget: c.budget,
        budget_check: c.budget ? app.state.checksUi.budgetCheck : null,
        dns: c.dns ? c.dns.answers : [],
        resolver: c.dns ? c.dns.resolver : null,
      };
    }

    function download(name, type, text) {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    }

    function stamp() {
      return (app.state.checks.taken_at || new Date().toISOString()).replace(/[:.]/g, "-").slice(0, 19);
    }

    /** JSON export: the CheckResults DTO (`netdiag diagnose --checks FILE` reads it) plus the
     * budget and DoH answers as extra fields readers ignore. */
    function exportJson() {
      const x = exportObject();
      const doc = { checks: x.results.checks, taken_at: x.taken_at, cloud: x.cloud, pac_url: x.pac_url, budget: x.budget, dns: x.dns, resolver: x.resolver };
      download(`netdiag-checks-${stamp()}.json`, "application/json", `${JSON.stringify(doc, null, 2)}\n`);
    }

    async function markdown() {
      return call("checksMarkdown", [exportObject()]);
    }

    async function exportMarkdown() {
      try {
        download(`netdiag-checks-${stamp()}.md`, "text/markdown", await markdown());
      } catch (error) {
        app.update((st) => (st.checksUi.error = error.message));
      }
    }

    async function copyText(text, selectable) {
      try {
        await navigator.clipboard.writeText(text);
        app.status("Copied to the clipboard.");
      } catch {
        if (selectable) {
          const range = document.createRange();
          range.selectNodeContents(selectable);
          const sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
        }
        app.status("The browser did not allow copying: the text is selected, press Ctrl+C.");
      }
    }

    /** Hands pasted command output to the device-output parser: the Outputs panel when the
     * page has one (app.outputs.addPaste); else the engine's parse op, and the diagnosis below
     * the results then includes it; else it stays here with a note. */
    async function sendPaste() {
      const text = app.state.checksUi.paste;
      if (text.trim() === "") {
        app.update((st) => (st.checksUi.pasteNote = "Paste the output of one of the commands above first."));
        return;
      }
      const name = "Browser checks: command output";
      try {
        if (app.outputs && typeof app.outputs.addPaste === "function") {
          app.outputs.addPaste({ name, text });
          app.update((st) => (st.checksUi.pasteNote = "Sent to the Outputs panel."));
        } else if (app.state.engine.ops.includes("parse")) {
          const report = await call("parse", [text], 20000);
          const known = (report.blocks || []).filter((b) => b.kind !== "unrecognised");
          const kinds = known.map((b) => `${b.kind} (lines ${b.lines[0]}–${b.lines[1]})`);
          app.update((st) => {
            st.checksUi.pastedText = known.length ? text : "";
            st.checksUi.pasteNote = known.length
              ? `Recognised: ${kinds.join(", ")}. The findings below include it.`
              : "No known command output recognised: paste the whole output, with the command line if you have it.";
          });
        } else {
          app.update(
            (st) => (st.checksUi.pasteNote = "This build has no device-output parser: the text is kept here (and in this browser) for a ticket."),
          );
        }
      } catch (error) {
        app.update((st) => (st.checksUi.pasteNote = `Could not parse: ${error.message}`));
      }
    }

    return {
      useProxiesFromPac,
      loadPacIntoEvaluator,
      restorePac,
      resolveNames,
      copyDnsToPac,
      exportJson,
      exportMarkdown,
      markdown,
      copyText,
      sendPaste,
    };
  };
})();
