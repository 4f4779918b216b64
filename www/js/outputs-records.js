/* Outputs panel, pure part: human labels for block kinds and the generic records-to-tables
 * conversion (arrays of objects become tables with columns from their keys, nested objects
 * are flattened to dotted keys, arrays of objects become child tables, `lines` spans become a
 * "lines" column). No DOM here, so tests/unit-outputs-records.test.mjs runs it under node. */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  const PLATFORMS = {
    cisco_ios: "Cisco IOS",
    cisco_asa: "Cisco ASA",
    linux: "Linux",
    windows: "Windows",
    clavister: "Clavister",
    azure: "Azure VPN gateway",
    zscaler: "Zscaler",
    paloalto: "Palo Alto",
    strongswan: "strongSwan",
    fortigate: "FortiGate",
    juniper_srx: "Juniper SRX",
  };

  /** Commands whose spelling is not the kind name with spaces. */
  const COMMANDS = {
    "cisco_ios.show_interfaces": "show interfaces",
    "cisco_ios.running_config_interface": "show running-config interface",
    "cisco_asa.show_crypto_ikev1_sa": "show crypto ikev1 sa",
    "cisco_asa.show_vpn-sessiondb_l2l": "show vpn-sessiondb l2l",
    "linux.mtr_report": "mtr report (mtr -nrc)",
    "windows.winmtr_text": "WinMTR text export",
    "windows.test_netconnection": "Test-NetConnection",
    "clavister.ike_stat": "ike -stat",
    "clavister.ike_snoop": "ike -snoop",
    "clavister.flow_show": "flow -show",
    "clavister.ike_certshow": "ike -certshow",
    "azure.connection_stats": "ConnectionStats.txt",
    "azure.cpu_stats": "CPUStats.txt",
    "azure.ike_logs": "IKELogs.txt",
    "azure.ike_errors": "IKEErrors.txt",
    "azure.scrubbed_wfpdiag": "Scrubbed-wfpdiag.txt",
    "azure.wfpdiag_sum": "wfpdiag.txt.sum",
    "zscaler.tunnel_insights": "Tunnel Insights export",
    "paloalto.ikemgr_log": "ikemgr.log",
    "strongswan.swanctl_list_sas": "swanctl --list-sas",
    "strongswan.statusall": "ipsec statusall",
    "strongswan.charon_log": "charon log",
    "juniper_srx.show_security_ike_sa": "show security ike security-associations",
    "juniper_srx.show_security_ipsec_sa": "show security ipsec security-associations",
  };

  /** `{ platform, command, text }` for a `<platform>.<command>` kind (or `unrecognised`). */
  function kindLabel(kind) {
    if (!kind || kind === "unrecognised") {
      return { platform: "", command: "", text: "Not recognised" };
    }
    const dot = kind.indexOf(".");
    const platformKey = dot > 0 ? kind.slice(0, dot) : kind;
    const platform = PLATFORMS[platformKey] || platformKey.replace(/_/g, " ");
    const command = COMMANDS[kind] || (dot > 0 ? kind.slice(dot + 1).replace(/_/g, " ") : "");
    return { platform, command, text: command ? `${platform} · ${command}` : platform };
  }

  // ------------------------------------------------------------------ value classification
  const STATE_KEY = /(^|[._])(state|status|line_protocol|return_code|verdict|event_reason|linestate_evaluation|result)$/;
  const GOOD = /^(up|active|qm_idle|ready|established|ok|installed|connected|mature|success|succeeded|answered|reachable|valid|yes)$/i;
  const BAD = /(down|fail|error|timeout|timed.?out|no_state|deleted|expired|mismatch|notfound|not.?connected|refused|invalid|dead|unreachable|no.?connection|reject)/i;
  const WARN = /(neg|pending|key_exch|^ag_|^mm_|connecting|rekey|init|unknown|busy|inactive|standby|deleting)/i;

  /** True when `key` (a dotted path) names a state or status column. */
  function isStateKey(key) {
    return STATE_KEY.test(key);
  }

  /** "good", "bad", "warn" or "neutral" for a state word. */
  function stateTone(value) {
    const text = String(value).trim();
    if (GOOD.test(text)) return "good";
    if (BAD.test(text)) return "bad";
    if (WARN.test(text)) return "warn";
    return "neutral";
  }

  /** True for a `[start, end]` line span. */
  function isSpan(v) {
    return Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && Number.isInteger(v[1]);
  }

  /** Text of a scalar or a short array for a table cell. */
  function formatValue(v) {
    if (v === null || v === undefined) return "";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (Array.isArray(v)) {
      return v
        .map((x) => (Array.isArray(x) ? x.map(formatValue).join(": ") : x !== null && typeof x === "object" ? JSON.stringify(x) : formatValue(x)))
        .join(", ");
    }
    return String(v);
  }

  function isRecordArray(v) {
    return Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === "object" && !Array.isArray(x));
  }

  // ------------------------------------------------------------------ records -> tables
  /**
   * Converts a block's `records` into tables: `[{ path, title, single, columns, rows }]`.
   * A row is `{ cells: {key: value}, lines: [a, b] | null, parent: rowNumber | null }`; a
   * column is `{ key, label, numeric, state, span, empty }` (`empty`: null in every row).
   * Arrays of objects inside a record become their own table (`path` = dotted key), each row
   * pointing at the record it belongs to.
   */
  function tablesOf(records) {
    if (records === null || records === undefined) return [];
    const tables = [];
    const byPath = new Map();
    const table = (path, title) => {
      if (!byPath.has(path)) {
        const t = { path, title, single: false, columns: [], rows: [], keys: new Set() };
        byPath.set(path, t);
        tables.push(t);
      }
      return byPath.get(path);
    };

    function addRow(t, obj, parent) {
      const row = { cells: {}, lines: null, parent };
      t.rows.push(row);
      const rowNumber = t.rows.length;
      const walk = (value, prefix) => {
        for (const [key, v] of Object.entries(value)) {
          const path = prefix ? `${prefix}.${key}` : key;
          if (key === "lines" && isSpan(v)) {
            if (!prefix) row.lines = v;
            else {
              row.cells[path] = v;
              t.keys.add(path);
            }
          } else if (isRecordArray(v)) {
            const childPath = t.path === "records" || t.path === "fields" ? path : `${t.path}.${path}`;
            const child = table(childPath, childPath);
            for (const item of v) addRow(child, item, rowNumber);
            row.cells[path] = { count: v.length, table: childPath };
            t.keys.add(path);
          } else if (v !== null && typeof v === "object" && !Array.isArray(v)) {
            walk(v, path);
          } else {
            row.cells[path] = v;
            t.keys.add(path);
          }
        }
      };
      if (obj !== null && typeof obj === "object" && !Array.isArray(obj)) walk(obj, "");
      else {
        row.cells.value = obj;
        t.keys.add("value");
      }
    }

    if (Array.isArray(records)) {
      const t = table("records", "records");
      for (const r of records) addRow(t, r, null);
    } else if (typeof records === "object") {
      const t = table("fields", "fields");
      addRow(t, records, null);
    } else {
      const t = table("fields", "fields");
      addRow(t, { value: records }, null);
    }

    for (const t of tables) {
      t.single = t.rows.length === 1;
      const keys = [...t.keys];
      t.columns = keys.map((key) => {
        const values = t.rows.map((r) => r.cells[key]);
        const present = values.filter((v) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0));
        return {
          key,
          label: key,
          numeric: present.length > 0 && present.every((v) => typeof v === "number"),
          state: isStateKey(key) && present.every((v) => typeof v === "string"),
          span: present.length > 0 && present.every(isSpan),
          nested: present.some((v) => v && typeof v === "object" && !Array.isArray(v) && "table" in v),
          empty: present.length === 0,
        };
      });
      // A parent column first when rows belong to several records.
      t.hasParent = t.rows.some((r) => r.parent !== null) && new Set(t.rows.map((r) => r.parent)).size > 1;
      t.hasLines = t.rows.some((r) => r.lines !== null);
      delete t.keys;
    }
    return tables;
  }

  /** Lines of the paste as the core numbers them: split on LF, a trailing CR dropped. */
  function splitLines(text) {
    return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  }

  /** `lines 4–7` or `line 4`. */
  function spanText(span) {
    if (!span) return "";
    return span[0] === span[1] ? `line ${span[0]}` : `lines ${span[0]}–${span[1]}`;
  }

  /** Summary counts of a ParseReport: { blocks, recognised, unrecognised, truncated, records }. */
  function reportCounts(report) {
    const blocks = report && Array.isArray(report.blocks) ? report.blocks : [];
    const recognised = blocks.filter((b) => b.kind !== "unrecognised").length;
    let records = 0;
    for (const b of blocks) {
      if (Array.isArray(b.records)) records += b.records.length;
      else if (b.records && typeof b.records === "object") records += 1;
    }
    return {
      blocks: blocks.length,
      recognised,
      unrecognised: blocks.length - recognised,
      truncated: blocks.filter((b) => b.truncated).length,
      records,
    };
  }

  app.outputsRecords = { kindLabel, isStateKey, stateTone, isSpan, formatValue, tablesOf, splitLines, spanText, reportCounts };
})();
