/* PAC panel input parsing: test URLs (one per line, or pasted from a ticket), the DNS table,
 * client addresses, and the env object the engine and the CLI share. Pure functions, no DOM,
 * so tests/unit-pac-input.test.mjs runs them under node. */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  const SCHEME_URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
  const BARE_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)(:\d{1,5})?([/?#]\S*)?$/i;
  const IPV4 =
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  const NO_ANSWER = new Set(["fail", "nxdomain", "none", "-", "null"]);

  function isComment(line) {
    return line.startsWith("#") || line.startsWith("//");
  }

  /** Drops sentence punctuation a ticket glues to the end of a URL. */
  function trimUrl(token) {
    let url = token;
    for (;;) {
      const last = url.slice(-1);
      const count = (ch) => url.split(ch).length - 1;
      if (".,;:!?'\">".includes(last) && last !== "") url = url.slice(0, -1);
      else if (last === ")" && count("(") < count(")")) url = url.slice(0, -1);
      else if (last === "]" && count("[") < count("]")) url = url.slice(0, -1);
      else return url;
    }
  }

  /** Test URLs from free text: http(s):// URLs anywhere in a line, or one host or URL per line
   * (hosts get http://). Returns `{ urls, ignored: [{ line, text }] }`, in order, deduplicated. */
  function extractUrls(text) {
    const urls = [];
    const ignored = [];
    const seen = new Set();
    const add = (url) => {
      if (!seen.has(url)) {
        seen.add(url);
        urls.push(url);
      }
    };
    String(text || "")
      .split(/\r?\n/)
      .forEach((raw, index) => {
        const line = raw.trim();
        if (line === "" || isComment(line)) return;
        const found = line.match(URL_IN_TEXT);
        if (found) {
          found.map(trimUrl).forEach(add);
        } else if (SCHEME_URL.test(line)) {
          add(line);
        } else if (BARE_HOST.test(line) && /[a-z0-9\]]/i.test(line)) {
          // A bare host becomes the URL a browser would request for it: http://host/.
          const hasPath = /[/?#]/.test(line.replace(/^\[[^\]]*\]/, ""));
          add(`http://${line}${hasPath ? "" : "/"}`);
        } else {
          ignored.push({ line: index + 1, text: line });
        }
      });
    return { urls, ignored };
  }

  /** True for an IPv4 or IPv6 literal (IPv6 checked by the URL parser). */
  function isIp(value) {
    if (IPV4.test(value)) return true;
    if (!value.includes(":") || /[^0-9a-f:.]/i.test(value)) return false;
    try {
      return new URL(`http://[${value}]/`).hostname.length > 2;
    } catch {
      return false;
    }
  }

  function splitValues(text) {
    return String(text || "")
      .split(/[\s,;]+/)
      .filter((v) => v !== "");
  }

  /** The DNS table: `host = ip[, ip...]` or `host = fail` per line (`=` may be a space).
   * Returns `{ dns: { host: [ip...] | null }, errors: [{ line, message }] }`. */
  function parseDnsTable(text) {
    const dns = {};
    const errors = [];
    String(text || "")
      .split(/\r?\n/)
      .forEach((raw, index) => {
        const line = raw.trim();
        const at = index + 1;
        if (line === "" || isComment(line)) return;
        const eq = line.indexOf("=");
        const host = (eq >= 0 ? line.slice(0, eq) : line.split(/\s+/)[0]).trim().toLowerCase();
        const rest = eq >= 0 ? line.slice(eq + 1) : line.slice(line.split(/\s+/)[0].length);
        const values = splitValues(rest);
        if (host === "" || /\s/.test(host)) {
          errors.push({ line: at, message: `DNS line ${at}: expected "host = address" or "host = fail"` });
          return;
        }
        if (values.length === 0) {
          errors.push({
            line: at,
            message: `DNS line ${at}: no address for ${host} (write "${host} = fail" if it must not resolve)`,
          });
          return;
        }
        if (values.length === 1 && NO_ANSWER.has(values[0].toLowerCase())) {
          dns[host] = null;
          return;
        }
        const bad = values.find((v) => !isIp(v));
        if (bad !== undefined) {
          errors.push({ line: at, message: `DNS line ${at}: "${bad}" is not an IP address` });
          return;
        }
        dns[host] = values;
      });
    return { dns, errors };
  }

  /** Client addresses separated by spaces, commas or new lines. */
  function parseIpList(text) {
    const ips = splitValues(text);
    const errors = ips
      .filter((v) => !isIp(v))
      .map((v) => ({ message: `Client IP "${v}" is not an IP address` }));
    return { ips, errors };
  }

  /** Only macros with a value are sent: unbound ones stay literal, as a raw download has them. */
  function boundMacros(macros) {
    const out = {};
    for (const [name, value] of Object.entries(macros || {})) {
      if (typeof value === "string" && value.trim() !== "") out[name] = value.trim();
    }
    return out;
  }

  /** Fills what the CLI takes from the system when absent: the current time and time zone. */
  function withDefaults(env, localTimeZone) {
    const out = Object.assign({}, env || {});
    if (out.now === undefined || out.now === null || out.now === "") {
      out.now = new Date().toISOString();
    }
    if (out.tz === undefined || out.tz === null || out.tz === "") out.tz = localTimeZone();
    return out;
  }

  /** The env object from the panel's form fields; `errors` lists unusable fields. */
  function envFromForm(form) {
    const dns = parseDnsTable(form.dnsText);
    const myIp = parseIpList(form.myIpText);
    const env = {
      dns: dns.dns,
      my_ip: myIp.ips,
      now: (form.now || "").trim(),
      tz: (form.tz || "").trim(),
      macros: boundMacros(form.macros),
      client: form.client || "chromium",
      keep_url: Boolean(form.keepUrl),
    };
    return { env, errors: dns.errors.concat(myIp.errors) };
  }

  app.pacInput = { extractUrls, parseDnsTable, parseIpList, isIp, boundMacros, withDefaults, envFromForm };
})();
