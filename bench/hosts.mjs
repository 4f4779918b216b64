// The shared host pool and DNS table: URLs and generated PACs draw from the same names, so rules
// match at every depth of the PAC, and every evaluator gets the same fixed DNS answers.
import { rng, int, pick } from "./rng.mjs";

const WORDS = ["app", "portal", "login", "cdn", "mail", "files", "api", "sso", "vpn", "wiki", "crm", "erp",
  "build", "git", "chat", "meet", "docs", "hr", "pay", "shop", "static", "media", "edge", "img"];
const DOMAINS = ["example.com", "example.net", "example.org", "corp.example.com", "eu.example.net",
  "partner.example.org", "cloud.example.com", "saas.example.net", "intranet.example.com",
  "lab.example.org", "zscaler.example.net", "office.example.com"];

/** The host pool: FQDNs, plain names and IPv4 literals (RFC 1918 and RFC 5737). */
export function hostPool(seed = 7, size = 600) {
  const r = rng(seed);
  const hosts = new Set();
  while (hosts.size < size) {
    const k = r();
    if (k < 0.08) hosts.add(pick(r, WORDS) + int(r, 20));
    else if (k < 0.16) hosts.add(pick(r, ["10", "172.16", "192.168", "192.0.2", "198.51.100"]) === "10"
      ? `10.${int(r, 256)}.${int(r, 256)}.${1 + int(r, 254)}`
      : `192.168.${int(r, 256)}.${1 + int(r, 254)}`);
    else hosts.add(`${pick(r, WORDS)}${int(r, 30)}.${pick(r, DOMAINS)}`);
  }
  return [...hosts];
}

/** The pool's domains, for rules. */
export const domains = () => DOMAINS.slice();

/** Fixed DNS answers: every other FQDN resolves (inside or outside the corporate ranges); the rest
 * do not resolve. Keys are hosts, values one IPv4 address or null. */
export function dnsTable(pool) {
  const r = rng(99);
  const dns = {};
  for (const host of pool) {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) continue;
    const k = r();
    if (k < 0.3) dns[host] = `10.${int(r, 256)}.${int(r, 256)}.${1 + int(r, 254)}`;
    else if (k < 0.45) dns[host] = `172.${16 + int(r, 16)}.${int(r, 256)}.${1 + int(r, 254)}`;
    else if (k < 0.7) dns[host] = `203.0.113.${1 + int(r, 254)}`;
    else dns[host] = null;
  }
  return dns;
}
