// The standard PAC helpers written in plain JavaScript for the reference evaluators (Node `vm`,
// and pac-resolver's "helpers inside QuickJS" configuration). Written for this benchmark from the
// Netscape/Microsoft helper definitions, with DNS answered from a fixed table (no network).

/** JS source defining every helper, with `env.dns` (host -> ip|null) and `env.my_ip` baked in. */
export function helperSource(env) {
  return `
var __dns = ${JSON.stringify(env.dns || {})};
var __myIp = ${JSON.stringify(env.my_ip || ["127.0.0.1"])};
function __isIp4(s) { return /^\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}$/.test(s); }
function __ip4(s) {
  var p = String(s).split(".");
  if (p.length !== 4) return null;
  var n = 0;
  for (var i = 0; i < 4; i++) {
    if (!/^\\d{1,3}$/.test(p[i])) return null;
    var v = +p[i];
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}
function __lookup(host) {
  host = String(host);
  if (__isIp4(host)) return host;
  var k = host.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(__dns, k) && __dns[k]) return __dns[k];
  return null;
}
function isPlainHostName(host) { return String(host).indexOf(".") < 0; }
function dnsDomainIs(host, domain) {
  host = String(host); domain = String(domain);
  return host.length >= domain.length && host.substring(host.length - domain.length) === domain;
}
function localHostOrDomainIs(host, hostdom) {
  host = String(host); hostdom = String(hostdom);
  if (host === hostdom) return true;
  return host.indexOf(".") < 0 && hostdom.substring(0, host.length + 1) === host + ".";
}
function isResolvable(host) { return __lookup(host) !== null; }
function dnsResolve(host) { return __lookup(host); }
function myIpAddress() { return __myIp[0] || "127.0.0.1"; }
function dnsDomainLevels(host) { return String(host).split(".").length - 1; }
function convert_addr(ip) { var n = __ip4(ip); return n === null ? 0 : n | 0; }
function isInNet(host, pattern, mask) {
  var addr = __lookup(host);
  if (addr === null) return false;
  var a = __ip4(addr), p = __ip4(pattern), m = __ip4(mask);
  if (a === null || p === null || m === null) return false;
  return ((a & m) >>> 0) === ((p & m) >>> 0);
}
var __shCache = {};
function shExpMatch(str, shexp) {
  shexp = String(shexp);
  var re = __shCache[shexp];
  if (!re) {
    var src = "^";
    for (var i = 0; i < shexp.length; i++) {
      var c = shexp.charAt(i);
      if (c === "*") src += ".*";
      else if (c === "?") src += ".";
      else src += c.replace(/[\\\\^$.|+(){}\\[\\]]/g, "\\\\$&");
    }
    re = __shCache[shexp] = new RegExp(src + "$");
  }
  return re.test(String(str));
}
function myIpAddressEx() { return __myIp.join(";"); }
function dnsResolveEx(host) { var a = __lookup(host); return a === null ? "" : a; }
function isResolvableEx(host) { return __lookup(host) !== null; }
function isInNetEx(ip, prefix) {
  var parts = String(prefix).split("/");
  var a = __ip4(ip), p = __ip4(parts[0]), bits = +parts[1];
  if (a === null || p === null || !(bits >= 0 && bits <= 32)) return false;
  var m = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return ((a & m) >>> 0) === ((p & m) >>> 0);
}
function alert() {}
`;
}

/** The DNS-touching helpers as host (Node) functions with the same fixed answers, for
 * pac-resolver's sandbox: its own versions would ask the system resolver. */
export function hostDnsHelpers(env) {
  const dns = env.dns || {};
  const isIp4 = (s) => /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(s);
  const lookup = (h) => {
    h = String(h);
    if (isIp4(h)) return h;
    const v = dns[h.toLowerCase()];
    return v ? v : null;
  };
  const ip4 = (s) => {
    const p = String(s).split(".");
    if (p.length !== 4 || p.some((x) => !/^\d{1,3}$/.test(x) || +x > 255)) return null;
    return p.reduce((n, x) => n * 256 + +x, 0);
  };
  return {
    dnsResolve: (h) => lookup(h),
    isResolvable: (h) => lookup(h) !== null,
    myIpAddress: () => (env.my_ip || ["127.0.0.1"])[0],
    isInNet: (h, pattern, mask) => {
      const addr = lookup(h);
      if (addr === null) return false;
      const a = ip4(addr), p = ip4(pattern), m = ip4(mask);
      if (a === null || p === null || m === null) return false;
      return ((a & m) >>> 0) === ((p & m) >>> 0);
    },
    alert: () => {},
  };
}
