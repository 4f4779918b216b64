// Generated large pastes for the parse benchmark, written for this project (documentation
// addresses only):
//   node bench/gen-session.mjs session [MB] > session.txt   multi-command Cisco/Linux/Azure session
//   node bench/gen-session.mjs ike [MB] > ike.log           strongSwan charon IKE log
import { rng, int, pick } from "./rng.mjs";
import { pathToFileURL } from "node:url";

const ip = (r) => `${pick(r, ["192.0.2", "198.51.100", "203.0.113"])}.${1 + int(r, 254)}`;
const pad = (s, n) => String(s).padEnd(n);
const ts = (i) => `2026-03-02 09:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;

function isakmp(r, i) {
  const lines = [`R${i % 9}#show crypto isakmp sa`, "IPv4 Crypto ISAKMP SA", "dst             src             state          conn-id status"];
  for (let k = 0; k < 1 + int(r, 6); k++) {
    lines.push(`${pad(ip(r), 16)}${pad(ip(r), 16)}${pad(pick(r, ["QM_IDLE", "MM_NO_STATE", "MM_KEY_EXCH", "AG_INIT_EXCH"]), 15)}${pad(1000 + int(r, 9000), 5)}${pick(r, ["ACTIVE", "ACTIVE", "DELETED"])}`);
  }
  lines.push("", "IPv6 Crypto ISAKMP SA", "");
  return lines;
}

function ipsecSa(r, i) {
  const local = ip(r), peer = ip(r);
  return [
    `R${i % 9}#show crypto ipsec sa`, "", "interface: Tunnel10",
    `    Crypto map tag: Tunnel10-head-0, local addr ${local}`, "",
    "   protected vrf: (none)",
    "   local  ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)",
    "   remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)",
    `   current_peer ${peer} port 500`,
    "     PERMIT, flags={origin_is_acl,}",
    `    #pkts encaps: ${int(r, 99999)}, #pkts encrypt: ${int(r, 99999)}, #pkts digest: ${int(r, 99999)}`,
    `    #pkts decaps: ${int(r, 99999)}, #pkts decrypt: ${int(r, 99999)}, #pkts verify: ${int(r, 99999)}`,
    "    #pkts compressed: 0, #pkts decompressed: 0",
    `    #send errors ${int(r, 5)}, #recv errors ${int(r, 5)}`, "",
    `     local crypto endpt.: ${local}, remote crypto endpt.: ${peer}`,
    "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet1",
    `     current outbound spi: 0x${int(r, 0x7fffffff).toString(16).toUpperCase()}(${int(r, 0x7fffffff)})`,
    "     PFS (Y/N): N, DH group: none", "",
  ];
}

function ping(r) {
  const dst = ip(r);
  const n = 4;
  const lines = [`user@host:~$ ping -c ${n} ${dst}`, `PING ${dst} (${dst}) 56(84) bytes of data.`];
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    const t = (5 + r() * 40).toFixed(1);
    sum += +t;
    lines.push(`64 bytes from ${dst}: icmp_seq=${k} ttl=${50 + int(r, 10)} time=${t} ms`);
  }
  lines.push("", `--- ${dst} ping statistics ---`, `${n} packets transmitted, ${n} received, 0% packet loss, time ${3000 + int(r, 10)}ms`,
    `rtt min/avg/max/mdev = 5.000/${(sum / n).toFixed(3)}/45.000/3.100 ms`, "");
  return lines;
}

function traceroute(r) {
  const dst = ip(r);
  const lines = [`user@host:~$ traceroute -n ${dst}`, `traceroute to ${dst} (${dst}), 30 hops max, 60 byte packets`];
  const hops = 3 + int(r, 8);
  for (let h = 1; h <= hops; h++) {
    if (r() < 0.1) lines.push(`${String(h).padStart(2)}  * * *`);
    else { const a = ip(r); lines.push(`${String(h).padStart(2)}  ${a}  ${(r() * 30).toFixed(3)} ms  ${(r() * 30).toFixed(3)} ms  ${(r() * 30).toFixed(3)} ms`); }
  }
  lines.push("");
  return lines;
}

function azureIke(r, i) {
  const lines = [];
  const remote = ip(r);
  for (let k = 0; k < 6; k++) {
    const sec = String((i + k) % 60).padStart(2, "0");
    lines.push(`3/2/2026 9:${String(i % 60).padStart(2, "0")}:${sec} AM Remote ${remote}:500: Local 203.0.113.20:500: ${pick(r, [
      "[SEND][SA_INIT] Sending IKE SA_INIT message", "[RECEIVED][SA_INIT] Received IKE SA_INIT message",
      "[SEND][AUTH] Sending IKE AUTH message", "[RECEIVED][NOTIFY] Received Notify Message - AUTHENTICATION_FAILED"])}`);
  }
  lines.push("");
  return lines;
}

function charon(r, i) {
  const peer = ip(r);
  const sa = 1 + (i % 50);
  return [
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 09[IKE] initiating IKE_SA site-${sa}[${sa}] to ${peer}`,
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 09[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) ]`,
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 09[NET] sending packet: from 203.0.113.10[500] to ${peer}[500] (${300 + int(r, 200)} bytes)`,
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 11[NET] received packet: from ${peer}[500] to 203.0.113.10[500] (${300 + int(r, 200)} bytes)`,
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 11[ENC] parsed IKE_SA_INIT response 0 [ ${pick(r, ["SA KE No N(NATD_S_IP) N(NATD_D_IP)", "N(NO_PROP)"])} ]`,
    `Mar  2 09:${String(i % 60).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")} gw charon: 11[IKE] ${pick(r, ["authentication of '" + peer + "' with pre-shared key successful", "received NO_PROPOSAL_CHOSEN notify error", "IKE_SA site-" + sa + "[" + sa + "] established between 203.0.113.10[203.0.113.10]..." + peer + "[" + peer + "]"])}`,
  ];
}

/** A multi-command session of about `bytes` bytes (blocks in rotation). */
export function genSession(bytes = 10 * 1048576, seed = 3) {
  const r = rng(seed);
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const kind = i % 5;
    const lines = kind === 0 ? isakmp(r, i) : kind === 1 ? ipsecSa(r, i) : kind === 2 ? ping(r) : kind === 3 ? traceroute(r) : azureIke(r, i);
    for (const l of lines) { out.push(l); size += l.length + 1; }
  }
  return truncate(out.join("\n") + "\n", bytes);
}

/** A strongSwan charon IKE log of about `bytes` bytes. */
export function genIkeLog(bytes = 5 * 1048576, seed = 4) {
  const r = rng(seed);
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) for (const l of charon(r, i)) { out.push(l); size += l.length + 1; }
  return truncate(out.join("\n") + "\n", bytes);
}

// Cut at the last whole line at or below the size, so the file ends cleanly.
function truncate(text, bytes) {
  if (text.length <= bytes) return text;
  const cut = text.lastIndexOf("\n", bytes - 1);
  return text.slice(0, cut + 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] || "").href) {
  const kind = process.argv[2] || "session";
  const mb = Number(process.argv[3] || (kind === "ike" ? 5 : 10));
  if (kind === "session") process.stdout.write(genSession(mb * 1048576));
  else if (kind === "ike") process.stdout.write(genIkeLog(mb * 1048576));
  else { console.error("usage: node bench/gen-session.mjs session|ike [MB]"); process.exit(2); }
}
