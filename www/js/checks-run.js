/* Browser checks runner: the fetch side of the checks panel, and nothing else. Pure logic with
 * every browser facility injected (fetch, clock, Resource Timing, CSP reports, permissions), so
 * tests/unit-checks-run.test.mjs runs it under node with fakes.
 *
 * One sample = one GET. First a CORS request (readable status); if the browser refuses it
 * with a TypeError, the same request in no-cors mode tells "an answer arrived, status hidden"
 * (answered_opaque) from "failed fast" (refused). A target that needed no-cors once goes
 * straight to no-cors for its other samples (a CORS refusal is the server's configuration, not
 * chance). Timeouts come from our own AbortController, so a timeout and a user cancel are told
 * apart by flag, not by error name. Verdict names: answered, answered_opaque, refused,
 * timed_out, blocked (crates/core/src/checks.rs). */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  const VERDICTS = Object.freeze(["answered", "answered_opaque", "refused", "timed_out", "blocked"]);
  /** Largest body kept (the PAC download); larger ones are reported, not loaded. */
  const MAX_BODY_BYTES = 10 * 1048576;
  /** Bytes of a non-download answer read so its Resource Timing entry completes. */
  const DRAIN_BYTES = 256 * 1024;

  // ---------------------------------------------------------------- address classification
  function ipv4Parts(host) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
    if (!m) return null;
    const parts = m.slice(1).map(Number);
    return parts.every((p) => p <= 255) ? parts : null;
  }

  /** 127/8, ::1, localhost: browsers treat these as trustworthy (never mixed content). */
  function isLoopbackHost(host) {
    const h = String(host || "").toLowerCase().replace(/^\[|\]$/g, "");
    if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true;
    const v4 = ipv4Parts(h);
    return Boolean(v4 && v4[0] === 127);
  }

  /** Loopback, RFC 1918, link-local, ULA or .local: what Local Network Access guards. */
  function isPrivateHost(host) {
    const h = String(host || "").toLowerCase().replace(/^\[|\]$/g, "");
    if (isLoopbackHost(h) || h.endsWith(".local")) return true;
    const v4 = ipv4Parts(h);
    if (v4) {
      const [a, b] = v4;
      return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
    }
    return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
  }

  /** Why the browser will block `url` from a page at `pageProtocol`, or null. */
  function mixedContentReason(pageProtocol, url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (pageProtocol === "https:" && u.protocol === "http:" && !isLoopbackHost(u.hostname)) {
      return (
        "mixed content: this page was loaded over https, so the browser blocks http:// requests. " +
        "Open netdiag from the single file (file://) or over http to test port 80"
      );
    }
    return null;
  }

  /** True when a request from the page to `url` enters a more private network (Local Network
   * Access: the browser may ask the user, or refuse). */
  function crossesIntoLocalNetwork(page, url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (!isPrivateHost(u.hostname)) return false;
    if (page.protocol === "file:") return false;
    return !isPrivateHost(page.hostname);
  }

  // ---------------------------------------------------------------- Resource Timing
  function nonNegative(v) {
    return Number.isFinite(v) && v > 0 ? v : 0;
  }

  /** Phases of one PerformanceResourceTiming entry, or null when the server sent no
   * Timing-Allow-Origin (the browser then reports the detailed marks as 0). */
  function phasesFromEntry(entry, url) {
    if (!entry || !(entry.requestStart > 0) || !(entry.responseStart > 0)) return null;
    const https = String(url || entry.name || "").startsWith("https:");
    const tlsStart = entry.secureConnectionStart > 0 ? entry.secureConnectionStart : 0;
    const connectMs = tlsStart
      ? nonNegative(tlsStart - entry.connectStart)
      : nonNegative(entry.connectEnd - entry.connectStart);
    let tlsMs = null;
    if (tlsStart) tlsMs = nonNegative(entry.connectEnd - tlsStart);
    else if (https) tlsMs = 0; // reused connection: the handshake happened earlier
    return {
      dns_ms: nonNegative(entry.domainLookupEnd - entry.domainLookupStart),
      connect_ms: connectMs,
      tls_ms: tlsMs,
      ttfb_ms: nonNegative(entry.responseStart - entry.requestStart),
    };
  }

  /** The entry of `list` whose start is closest to `startedAt` (within 250 ms), or null. */
  function closestEntry(list, startedAt) {
    let best = null;
    let bestGap = 250;
    for (const entry of list || []) {
      const gap = Math.abs(entry.startTime - startedAt);
      if (gap <= bestGap) {
        best = entry;
        bestGap = gap;
      }
    }
    return best;
  }

  // ---------------------------------------------------------------- one request
  function errorText(error) {
    if (!error) return "unknown error";
    return `${error.name || "Error"}: ${error.message || String(error)}`;
  }

  /** Reads at most `limit` bytes of a body; `{ bytes, size, complete }`. */
  async function readLimited(response, limit) {
    if (!response.body || typeof response.body.getReader !== "function") {
      const buf = new Uint8Array(await response.arrayBuffer());
      return { bytes: buf.slice(0, limit), size: buf.length, complete: buf.length <= limit };
    }
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return { bytes: null, size, complete: false };
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return { bytes, size, complete: true };
  }

  /** One fetch with its own timeout; never throws. Returns `{ response | error, ms, timedOut,
   * cancelled, startedAt, body }`; `body` is read only when `keepBody`. */
  async function attempt(url, mode, opts) {
    const env = opts.env;
    const controller = new AbortController();
    let timedOut = false;
    let cancelled = false;
    const timer = env.setTimeout(() => {
      timedOut = true;
      controller.abort(new DOMException(`no answer within ${opts.timeoutMs} ms`, "TimeoutError"));
    }, opts.timeoutMs);
    const onCancel = () => {
      cancelled = true;
      controller.abort(new DOMException("cancelled", "AbortError"));
    };
    if (opts.signal) {
      if (opts.signal.aborted) onCancel();
      else opts.signal.addEventListener("abort", onCancel, { once: true });
    }
    const startedAt = env.now();
    const out = { mode, startedAt, ms: 0, timedOut: false, cancelled: false, response: null, error: null, body: null };
    try {
      const response = await env.fetch(url, {
        method: "GET",
        mode,
        cache: "no-store",
        credentials: "omit",
        redirect: "follow",
        referrerPolicy: "no-referrer",
        signal: controller.signal,
      });
      out.ms = env.now() - startedAt;
      out.response = response;
      // Drain (or keep) the body so the Resource Timing entry completes; a failure while
      // reading does not undo the answer that already arrived.
      if (response.type !== "opaque") {
        try {
          const read = await readLimited(response, opts.keepBody ? MAX_BODY_BYTES : DRAIN_BYTES);
          if (opts.keepBody) out.body = read;
        } catch (error) {
          if (opts.keepBody) out.body = { bytes: null, size: 0, complete: false, error: errorText(error) };
        }
      }
    } catch (error) {
      out.ms = env.now() - startedAt;
      out.error = error;
    } finally {
      env.clearTimeout(timer);
      if (opts.signal) opts.signal.removeEventListener("abort", onCancel);
    }
    out.timedOut = timedOut && !out.response;
    out.cancelled = cancelled && !out.response;
    return out;
  }

  // ---------------------------------------------------------------- one sample
  /** Classifies a failed CORS attempt that needs no second request, or null. */
  function earlyFailure(a, timeoutMs) {
    if (a.cancelled) return { cancelled: true };
    if (a.timedOut) return { outcome: "timed_out", ms: a.ms, detail: `no answer within ${timeoutMs} ms` };
    if (a.error && a.error.name !== "TypeError") {
      return { outcome: "refused", ms: a.ms, detail: errorText(a.error) };
    }
    return null;
  }

  /** Why a TypeError was the browser's own block (CSP, Local Network Access), or null. */
  async function blockedReason(url, since, env) {
    // securitypolicyviolation is dispatched as a task: let it arrive before looking.
    await new Promise((resolve) => env.setTimeout(resolve, 0));
    const csp = env.cspViolations ? env.cspViolations(since, url) : null;
    if (csp) return `the page's Content Security Policy refused it (${csp})`;
    if (crossesIntoLocalNetwork(env.page, url) && env.permissionState) {
      const state = await env.permissionState().catch(() => null);
      if (state === "denied") {
        return "Local Network Access: this browser is not allowed to reach devices on the local network from this page (site permission denied)";
      }
    }
    return null;
  }

  /** Takes one sample of `target`; `memo` carries per-target facts across samples. Returns a
   * MeasuredSample (plus `startedAt`, `attempt`) or `{ cancelled: true }`. */
  async function takeSample(target, memo, opts) {
    const env = opts.env;
    const url = target.url;
    const blocked = target.blocked || mixedContentReason(env.page.protocol, url);
    if (blocked) return { outcome: "blocked", ms: 0, status: null, detail: blocked };
    const keepBody = Boolean(target.download) && !memo.body;
    const attemptOpts = { env, timeoutMs: opts.timeoutMs, signal: opts.signal, keepBody };

    if (!memo.noCors) {
      const a = await attempt(url, "cors", attemptOpts);
      if (a.response) {
        if (keepBody && a.body) memo.body = bodyInfo(a, url);
        return { outcome: "answered", ms: a.ms, status: a.response.status, detail: null, startedAt: a.startedAt };
      }
      const early = earlyFailure(a, opts.timeoutMs);
      if (early) return early;
      const why = await blockedReason(url, a.startedAt, env);
      if (why) return { outcome: "blocked", ms: a.ms, status: null, detail: why };
    }
    const b = await attempt(url, "no-cors", { ...attemptOpts, keepBody: false });
    if (b.response) {
      memo.noCors = true;
      if (target.download && !memo.body) {
        memo.body = { url, status: null, ms: b.ms, size: null, type: null, text: null, readable: false };
      }
      return { outcome: "answered_opaque", ms: b.ms, status: null, detail: null, startedAt: b.startedAt };
    }
    const early = earlyFailure(b, opts.timeoutMs);
    if (early) return early;
    const why = await blockedReason(url, b.startedAt, env);
    if (why) return { outcome: "blocked", ms: b.ms, status: null, detail: why };
    return { outcome: "refused", ms: b.ms, status: null, detail: errorText(b.error) };
  }

  /** What the PAC panel needs from a kept body. */
  function bodyInfo(a, url) {
    const r = a.response;
    const type = (r.headers && r.headers.get && r.headers.get("content-type")) || "";
    const info = { url, status: r.status, ms: a.ms, size: a.body.size, type, text: null, readable: true };
    if (a.body.complete && a.body.bytes) {
      info.text = new TextDecoder("utf-8").decode(a.body.bytes);
    } else {
      info.tooLarge = !a.body.error;
      info.error = a.body.error || `larger than ${MAX_BODY_BYTES / 1048576} MB: not kept`;
    }
    return info;
  }

  // ---------------------------------------------------------------- a whole run
  /** Runs every target of a plan, one sample at a time, in order.
   * `opts`: { samples, timeoutMs, signal, env, onProgress({ done, total, index, target, sample }) }.
   * `env`: { fetch, now, setTimeout, clearTimeout, page: { protocol, hostname },
   *          entries(url) -> PerformanceResourceTiming[], cspViolations(since, url), permissionState() }.
   * Resolves to { cancelled, runs: [{ target, planned, samples: [MeasuredSample], body }] }. */
  async function runPlan(targets, opts) {
    const env = opts.env;
    const samples = Math.max(1, Math.floor(opts.samples || 1));
    const total = targets.length * samples;
    const runs = [];
    let done = 0;
    let cancelled = false;
    for (let index = 0; index < targets.length && !cancelled; index += 1) {
      const target = targets[index];
      const memo = { noCors: false, body: null };
      const taken = [];
      for (let n = 0; n < samples; n += 1) {
        if (opts.signal && opts.signal.aborted) {
          cancelled = true;
          break;
        }
        if (opts.onProgress) opts.onProgress({ done, total, index, target, sample: n + 1 });
        const s = await takeSample(target, memo, opts);
        if (s.cancelled) {
          cancelled = true;
          break;
        }
        taken.push(s);
        done += 1;
      }
      if (taken.length) {
        await attachPhases(target.url, taken, env);
        runs.push({
          target,
          planned: samples,
          samples: taken.map(({ outcome, ms, status, phases, detail }) => ({
            outcome,
            ms: Math.max(0, Math.round(ms * 1000) / 1000),
            status: status === undefined ? null : status,
            phases: phases || null,
            detail: detail || null,
          })),
          body: memo.body,
        });
      }
    }
    if (opts.onProgress) opts.onProgress({ done, total, index: targets.length, target: null, sample: 0 });
    return { cancelled, runs };
  }

  /** Matches Resource Timing entries to the answered samples by start time. */
  async function attachPhases(url, taken, env) {
    if (!env.entries) return;
    // Entries are queued when a response ends; give the last one a turn to arrive.
    await new Promise((resolve) => env.setTimeout(resolve, 0));
    let href = url;
    try {
      href = new URL(url).href;
    } catch {
      /* the plan only holds valid URLs */
    }
    const list = env.entries(href) || [];
    for (const s of taken) {
      if (s.startedAt === undefined || (s.outcome !== "answered" && s.outcome !== "answered_opaque")) continue;
      s.phases = phasesFromEntry(closestEntry(list, s.startedAt), href);
    }
  }

  // CSP violations seen by the page, newest last (listened to from the first run on).
  const cspLog = [];
  let cspListening = false;

  /** The env of a real page (the panel and window.netdiag.runChecks use it). */
  function browserEnv() {
    if (!cspListening && typeof document !== "undefined") {
      cspListening = true;
      document.addEventListener("securitypolicyviolation", (e) => {
        cspLog.push({ at: performance.now(), uri: String(e.blockedURI || ""), directive: e.effectiveDirective });
        if (cspLog.length > 200) cspLog.shift();
      });
    }
    return {
      fetch: (url, init) => window.fetch(url, init),
      now: () => performance.now(),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (id) => window.clearTimeout(id),
      page: { protocol: window.location.protocol, hostname: window.location.hostname },
      entries: (href) => performance.getEntriesByName(href, "resource"),
      cspViolations(since, url) {
        let origin = url;
        try {
          origin = new URL(url).origin;
        } catch {
          /* keep url */
        }
        const hit = cspLog.find((v) => v.at >= since - 5 && v.uri.startsWith(origin));
        return hit ? hit.directive : null;
      },
      async permissionState() {
        if (!navigator.permissions || !navigator.permissions.query) return null;
        for (const name of ["local-network-access", "loopback-network", "local-network"]) {
          try {
            return (await navigator.permissions.query({ name })).state;
          } catch {
            /* not a permission name this browser knows */
          }
        }
        return null;
      },
      /** Room for the entries of a long run. */
      prepare() {
        try {
          performance.clearResourceTimings();
          performance.setResourceTimingBufferSize(5000);
        } catch {
          /* Resource Timing unavailable: phases are reported as absent */
        }
      },
    };
  }

  // ---------------------------------------------------------------- DNS over HTTPS helpers
  /** The JSON DoH resolvers that accept browser requests (../shared/TOOLCHAIN.md). */
  const DOH_RESOLVERS = Object.freeze({
    google: "https://dns.google/resolve",
    cloudflare: "https://cloudflare-dns.com/dns-query",
  });

  /** The request URL for `name`/`type` at the chosen resolver; `{ url }` or `{ error }`. */
  function dohUrl(resolver, customUrl, name, type) {
    let base = DOH_RESOLVERS[resolver];
    if (resolver === "custom") {
      const raw = String(customUrl || "").trim();
      if (!raw) return { error: "Enter the custom resolver's URL, e.g. https://doh.example/resolve" };
      let u;
      try {
        u = new URL(raw);
      } catch {
        return { error: `Custom resolver URL "${raw}" is not a URL` };
      }
      if (u.protocol !== "https:" && u.protocol !== "http:") {
        return { error: `Custom resolver URL must start with https:// (got ${u.protocol}//)` };
      }
      if (u.username || u.password) return { error: "Custom resolver URL must not contain a user name or password" };
      base = u.href;
    }
    if (!base) return { error: `Unknown resolver "${resolver}"` };
    const u = new URL(base);
    u.searchParams.set("name", name);
    u.searchParams.set("type", type);
    return { url: u.href };
  }

  function dnsLineHost(line) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || t.startsWith("//")) return null;
    const eq = t.indexOf("=");
    return (eq >= 0 ? t.slice(0, eq) : t.split(/\s+/)[0]).trim().toLowerCase();
  }

  /** Merges `entries` ({ host: "a, b" | "fail" }) into a PAC DNS table text. A host already
   * listed with another answer keeps its old line as a comment, so nothing is lost.
   * Returns `{ text, added, replaced, same }` (host lists). */
  function mergeDnsTable(text, entries, header) {
    const lines = String(text || "").split(/\r?\n/);
    if (lines.length === 1 && lines[0] === "") lines.pop();
    const added = [];
    const replaced = [];
    const same = [];
    const append = [];
    for (const [host, value] of Object.entries(entries)) {
      const fresh = `${host} = ${value}`;
      const at = lines.findIndex((l) => dnsLineHost(l) === host);
      if (at < 0) {
        append.push(fresh);
        added.push(host);
      } else if (lines[at].trim().replace(/\s+/g, " ") === fresh) {
        same.push(host);
      } else {
        lines.splice(at, 1, `# was: ${lines[at].trim()}`, fresh);
        replaced.push(host);
      }
    }
    if (append.length) {
      if (header) append.unshift(`# ${header}`);
      lines.push(...append);
    }
    return { text: lines.join("\n"), added, replaced, same };
  }

  app.checksRun = {
    VERDICTS,
    MAX_BODY_BYTES,
    isLoopbackHost,
    isPrivateHost,
    mixedContentReason,
    crossesIntoLocalNetwork,
    phasesFromEntry,
    closestEntry,
    takeSample,
    runPlan,
    browserEnv,
    DOH_RESOLVERS,
    dohUrl,
    mergeDnsTable,
  };
})();
