/* Charts: the IKE timeline for log and snoop records (azure.ike_logs, strongswan.charon_log,
 * paloalto.ikemgr_log, clavister.ike_snoop). Each record becomes an event in one of four lanes
 * (exchanges, notifies, established, failures), placed on a time axis when the log has
 * timestamps, in log order otherwise. Lanes and marker shapes carry the type as well as colour,
 * so the picture reads in print and for colour-blind users. `eventsOf` is pure (no DOM). */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  /** Kinds this timeline draws. */
  const KINDS = ["azure.ike_logs", "strongswan.charon_log", "paloalto.ikemgr_log", "clavister.ike_snoop"];

  const LANES = [
    { type: "failure", one: "failure", label: "Failures", shape: "cross", cls: "tl-failure" },
    { type: "notify", one: "notify", label: "Notifies", shape: "diamond", cls: "tl-notify" },
    { type: "established", one: "established", label: "Established", shape: "circle", cls: "tl-established" },
    { type: "exchange", one: "exchange", label: "Exchanges", shape: "square", cls: "tl-exchange" },
  ];
  const TYPE_TEXT = { failure: "Failure", notify: "Notify", established: "Established", exchange: "Exchange" };

  /** Events drawn at most (markers and table rows). */
  const MAX_EVENTS = 1000;

  const MONTHS = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

  /** Milliseconds for the timestamp forms these logs use (relative placement only, so a
   * missing year or zone is harmless); null when unreadable. */
  function parseTime(text) {
    if (typeof text !== "string") return null;
    const s = text.trim();
    let m = /^(\d{4})[-/](\d{2})[-/](\d{2})[ T](\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,6}))?/.exec(s);
    if (m) return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? Number(`0.${m[7]}`) * 1000 : 0);
    // Azure: 11/22/2024 10:15:06 AM
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\s*([AP]M))?/i.exec(s);
    if (m) {
      let hour = +m[4];
      if (m[7]) hour = (hour % 12) + (m[7].toUpperCase() === "PM" ? 12 : 0);
      return Date.UTC(+m[3], +m[1] - 1, +m[2], hour, +m[5], +m[6]);
    }
    // syslog: Nov 22 11:00:01 (no year: the year 2000 keeps the order within one log)
    m = /^([A-Za-z]{3})\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?/.exec(s);
    if (m && MONTHS[m[1].toLowerCase()] !== undefined) {
      return Date.UTC(2000, MONTHS[m[1].toLowerCase()], +m[2], +m[3], +m[4], +m[5], m[6] ? Number(`0.${m[6]}`) * 1000 : 0);
    }
    return null;
  }

  function classify(r, kind) {
    const event = String(r.event || "");
    const failed =
      r.type === "error" ||
      Boolean(r.problem) ||
      (Array.isArray(r.problems) && r.problems.length > 0) ||
      /fail|giving_up|no_config|error|timeout/.test(event) ||
      /giving up/i.test(String(r.message || "")) ||
      (kind === "azure.ike_logs" && Boolean(r.windows_error));
    if (failed) return "failure";
    // A snoop message is an exchange even when it carries informational notifies (NAT-D, cookies).
    if (r.exchange) return "exchange";
    if (r.notify || (Array.isArray(r.notifies) && r.notifies.length > 0) || /notify/.test(event) || (r.tags || []).includes("NOTIFY")) {
      return "notify";
    }
    if (/established|succeeded/.test(event)) return "established";
    return "exchange";
  }

  /** What the event says, in a few words. */
  function label(r) {
    if (r.type === "error") return r.text || "error";
    if (r.exchange) {
      const parts = [r.exchange, r.role, r.direction === "sent" ? "sent" : r.direction === "received" ? "received" : ""];
      const notes = (r.notifies || []).concat(r.problems || []);
      return parts.filter(Boolean).join(" ") + (notes.length ? ` [${notes.join(", ")}]` : "");
    }
    return r.message || r.notify || r.event || "";
  }

  /**
   * The events of a block's records: `[{ index, time (ms or null), timeText, type, label,
   * detail, lines }]`, plus `timed` (true when at least two distinct timestamps place them on
   * a time axis). Records without a timestamp take the one before (a continuation line).
   */
  function eventsOf(records, kind) {
    const list = Array.isArray(records) ? records.filter((r) => r && typeof r === "object") : [];
    let lastTime = null;
    let lastText = "";
    const events = list.map((r, index) => {
      const t = parseTime(r.timestamp);
      if (t !== null) {
        lastTime = t;
        lastText = r.timestamp;
      }
      const type = classify(r, kind);
      const problem = r.problem || (Array.isArray(r.problems) && r.problems.length ? r.problems.join(", ") : "");
      return {
        index,
        time: t !== null ? t : lastTime,
        timeText: t !== null ? r.timestamp : lastText,
        type,
        label: label(r),
        detail: [r.event, r.notify, problem, r.windows_error ? `Windows error ${r.windows_error}` : ""].filter(Boolean).join(" · "),
        lines: Array.isArray(r.lines) ? r.lines : null,
      };
    });
    const distinct = new Set(events.map((e) => e.time).filter((t) => t !== null));
    const timed = distinct.size >= 2 && events.every((e) => e.time !== null);
    return { events, timed, distinct: distinct.size };
  }

  /** Why the axis is the log order rather than time. */
  function orderReason(all) {
    if (all.distinct === 0) return "event order (the log has no timestamps)";
    const first = all.events.find((e) => e.timeText);
    if (all.distinct === 1) return `event order (all at ${first ? first.timeText : "one time"})`;
    return "event order (some events have no timestamp)";
  }

  function duration(ms) {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 120000) return `${Number((ms / 1000).toFixed(1))} s`;
    if (ms < 7200000) return `${Number((ms / 60000).toFixed(1))} min`;
    return `${Number((ms / 3600000).toFixed(1))} h`;
  }

  /** The timeline figure for a block, or null when the block has no events. `onLines(span)`
   * shows an event's lines in the source view. */
  function render(block, kindText, onLines) {
    const c = app.charts;
    const { h } = app.dom;
    const all = eventsOf(block.records, block.kind);
    if (all.events.length === 0) return null;
    // A long log would make thousands of markers and rows: draw the first MAX_EVENTS (the
    // records tables below page through all of them).
    const events = all.events.slice(0, MAX_EVENTS);
    const timed = all.timed;
    const W = 720;
    const labelW = 110;
    const x0 = labelW + 14;
    const x1 = W - 20;
    const laneH = 34;
    const top = 16;
    const H = top + LANES.length * laneH + 40;
    let x;
    let axis = [];
    let start = 0;
    if (timed) {
      const times = events.map((e) => e.time);
      start = Math.min(...times);
      const end = Math.max(...times);
      const scale = c.linear(0, end - start, x0, x1);
      x = (e) => scale(e.time - start);
      axis = c.ticks(0, end - start, 5).filter((t) => t <= end - start).map((t) => ({ at: scale(t), text: `+${duration(t)}` }));
    } else {
      const scale = c.linear(0, Math.max(1, events.length - 1), x0, x1);
      x = (e) => scale(e.index);
      axis = c.ticks(0, Math.max(1, events.length - 1), 6).filter((t) => Number.isInteger(t) && t < events.length).map((t) => ({ at: scale(t), text: `#${t + 1}` }));
    }
    const marks = [];
    LANES.forEach((lane, i) => {
      const y = top + i * laneH + laneH / 2;
      marks.push(c.svg("line", { x1: x0, x2: x1, y1: y, y2: y, class: "chart-grid" }));
      marks.push(c.svg("text", { x: 6, y: y + 4, class: "chart-label", text: lane.label }));
    });
    const axisY = top + LANES.length * laneH + 6;
    marks.push(c.svg("line", { x1: x0, x2: x1, y1: axisY, y2: axisY, class: "chart-axis" }));
    for (const t of axis) {
      marks.push(c.svg("line", { x1: t.at, x2: t.at, y1: axisY, y2: axisY + 5, class: "chart-axis" }));
      marks.push(c.svg("text", { x: t.at, y: axisY + 18, "text-anchor": "middle", class: "chart-tick", text: t.text }));
    }
    marks.push(
      c.svg("text", {
        x: x1,
        y: H - 4,
        "text-anchor": "end",
        class: "chart-axis-title",
        text: timed ? `time since ${events.find((e) => e.time === start).timeText}` : orderReason(all),
      }),
    );
    // Same-time events in one lane are nudged apart so each stays visible (the table is exact).
    const lastX = new Map();
    for (const e of events) {
      const laneIndex = LANES.findIndex((l) => l.type === e.type);
      const lane = LANES[laneIndex];
      const y = top + laneIndex * laneH + laneH / 2;
      let ex = x(e);
      const prev = lastX.get(e.type);
      if (prev !== undefined && Math.abs(ex - prev) < 5) ex = Math.min(x1, prev + 5);
      lastX.set(e.type, ex);
      const marker = c.shape(lane.shape, ex, y, 6, `tl-mark ${lane.cls}`, { "data-testid": "timeline-event", "data-type": e.type });
      marker.append(c.svg("title", { text: `${TYPE_TEXT[e.type]}${e.timeText ? ` at ${e.timeText}` : ""}: ${e.label}` }));
      marks.push(marker);
    }
    const counts = LANES.map((l) => [l, all.events.filter((e) => e.type === l.type).length]).filter(([, n]) => n > 0);
    const firstFail = all.events.find((e) => e.type === "failure");
    const summary =
      `${all.events.length} event${all.events.length === 1 ? "" : "s"}: ` +
      counts.map(([l, n]) => `${n} ${n === 1 ? l.one : l.label.toLowerCase()}`).join(", ") +
      (firstFail ? `. First failure: ${c.clip(firstFail.label, 120)}${firstFail.timeText ? ` (${firstFail.timeText})` : ""}.` : ". No failure.");
    const rows = events.map((e) => ({
      dataset: { type: e.type },
      cells: [
        String(e.index + 1),
        e.timeText || "—",
        TYPE_TEXT[e.type],
        e.label,
        e.detail || "—",
        e.lines
          ? h("button", {
              type: "button",
              class: "linkish",
              text: e.lines[0] === e.lines[1] ? String(e.lines[0]) : `${e.lines[0]}–${e.lines[1]}`,
              "aria-label": `Show line${e.lines[0] === e.lines[1] ? "" : "s"} ${e.lines[0]}${e.lines[0] === e.lines[1] ? "" : `–${e.lines[1]}`} in the source`,
              onclick: () => onLines(e.lines),
            })
          : "—",
      ],
    }));
    return h(
      "div",
      { class: "chart-block" },
      c.figure({
        testid: "timeline-chart",
        title: `${kindText}: timeline`,
        summary,
        viewBox: [W, H],
        marks,
        legend: LANES.map((l) => ({ cls: `tl-mark ${l.cls}`, shape: l.shape, label: l.label })),
        notes: all.events.length > events.length ? [`The first ${MAX_EVENTS} of ${all.events.length} events are drawn and listed; the records tables below hold them all.`] : [],
        table: { caption: "Events in log order", columns: ["#", "Time", "Type", "Event", "Detail", "Lines"], rows },
      }),
    );
  }

  app.chartTimeline = { KINDS, eventsOf, parseTime, render };
})();
