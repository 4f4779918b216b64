/* Charts: the MTR / WinMTR hop chart (records of linux.mtr_report and windows.winmtr_text).
 * `analyzeHops` is pure (no DOM; tests/unit-chart-mtr.test.mjs runs it under node): it finds
 * the hop where loss starts and carries through to the destination. Loss at an intermediate
 * hop that later hops do not show is that router rate-limiting its own ICMP replies (the
 * control plane answers probes last), not packets lost on the path, and is labelled so.
 * `render` draws loss % bars and the latency range (best–worst, avg marked) per hop. */
(function () {
  "use strict";

  const app = (window.NetdiagApp = window.NetdiagApp || {});

  /** Loss (%) below which the destination counts as loss-free: one lost probe in a few hundred
   * is noise, and mtr rounds. */
  const MIN_LOSS = 1;

  // Called only after chart-svg.js has loaded (the page and the unit test load it first).
  const finite = (v) => app.charts.finite(v);

  /** A hop that never answered (`???`, "No response from host"): a router that does not send
   * ICMP time-exceeded at all says nothing about loss on the path. */
  function isSilent(hop) {
    return !finite(hop.avg_ms) && !finite(hop.best_ms) && (!finite(hop.loss_percent) || hop.loss_percent >= 100);
  }

  /**
   * Reads an MTR hop list. Returns `{ verdict, lossStart, destination, destinationLoss, hops:
   * [{ hop, status, loss }], text }` where `verdict` is "no_hops", "clean", "loss" or
   * "destination_silent"; `lossStart` is the hop number where real loss starts (or null); each
   * hop's `status` is "ok", "loss" (carries to the destination), "rate_limited" (loss that
   * does not carry) or "no_reply".
   */
  function analyzeHops(hops) {
    const list = Array.isArray(hops) ? hops.filter((h) => h && typeof h === "object") : [];
    const out = list.map((h) => ({
      hop: h.hop,
      loss: finite(h.loss_percent) ? h.loss_percent : null,
      status: isSilent(h) ? "no_reply" : "ok",
    }));
    if (out.length === 0) {
      return { verdict: "no_hops", lossStart: null, destination: null, destinationLoss: null, hops: out, text: "The report has no hops." };
    }
    const last = out[out.length - 1];
    if (last.status === "no_reply") {
      // Everything after the last answering hop is silent: mtr cannot say where (or whether)
      // packets are lost; the destination may simply not answer ICMP.
      let i = out.length - 1;
      while (i > 0 && out[i - 1].status === "no_reply") i -= 1;
      for (const h of out) if (h.status === "ok" && h.loss > 0) h.status = "rate_limited";
      const from = out[i].hop;
      return {
        verdict: "destination_silent",
        lossStart: null,
        destination: last.hop,
        destinationLoss: last.loss,
        hops: out,
        text:
          `No reply from hop ${from} onwards, the destination included: the destination (or the routers before it) ` +
          "does not answer these probes, so mtr cannot show where loss starts. Test the destination another way (TCP, HTTP).",
      };
    }
    const destLoss = last.loss || 0;
    let start = null;
    if (destLoss >= MIN_LOSS) {
      // Walk back from the destination while every answering hop shows loss: the first hop of
      // that unbroken run is where the loss seen at the destination begins.
      start = out.length - 1;
      for (let k = out.length - 2; k >= 0; k--) {
        const h = out[k];
        if (h.status === "no_reply") continue;
        if ((h.loss || 0) >= MIN_LOSS) start = k;
        else break;
      }
      for (let k = start; k < out.length; k++) if (out[k].status !== "no_reply") out[k].status = "loss";
    }
    // The destination's own small loss (below MIN_LOSS) is noise, not rate limiting.
    for (const h of out.slice(0, -1)) if (h.status === "ok" && h.loss > 0) h.status = "rate_limited";
    const limited = out.filter((h) => h.status === "rate_limited").map((h) => h.hop);
    const limitedText = limited.length
      ? ` Loss at hop${limited.length > 1 ? "s" : ""} ${limited.join(", ")} does not carry to the destination: ICMP rate limiting on ${limited.length > 1 ? "those routers" : "that router"}, not loss.`
      : "";
    if (start === null) {
      return {
        verdict: "clean",
        lossStart: null,
        destination: last.hop,
        destinationLoss: destLoss,
        hops: out,
        text: `The destination (hop ${last.hop}) shows ${destLoss > 0 ? `only ${destLoss} % loss (below ${MIN_LOSS} %)` : "no loss"}: no loss on the path.${limitedText}`,
      };
    }
    const startHop = out[start].hop;
    return {
      verdict: "loss",
      lossStart: startHop,
      destination: last.hop,
      destinationLoss: destLoss,
      hops: out,
      text:
        `Loss starts at hop ${startHop} and carries through to the destination (hop ${last.hop}, ${destLoss} % loss): ` +
        `look at hop ${startHop} and the link just before it.${limitedText}`,
    };
  }

  const STATUS_TEXT = {
    ok: "OK",
    loss: "Loss carries to the destination",
    loss_start: "Loss starts here",
    rate_limited: "ICMP rate limiting (not loss)",
    no_reply: "No reply (silent router)",
  };

  /** The hop chart figure for an MTR report record (`{ hops: [...] }`), or null without hops. */
  function render(report, kindText) {
    const c = app.charts;
    const { h } = app.dom;
    const hops = report && Array.isArray(report.hops) ? report.hops : [];
    if (hops.length === 0) return null;
    const a = analyzeHops(hops);
    const W = 720;
    const rowH = 30;
    const top = 40;
    const labelW = 190;
    const lossX0 = labelW + 10;
    const lossW = 170;
    const latX0 = lossX0 + lossW + 40;
    // The right margin holds the "loss starts" flag clear of the latency whiskers.
    const latW = W - latX0 - 100;
    const H = top + hops.length * rowH + 30;
    const maxMs = Math.max(1, ...hops.map((x) => (finite(x.worst_ms) ? x.worst_ms : finite(x.avg_ms) ? x.avg_ms : 0)));
    const msTicks = c.ticks(0, maxMs, 4);
    const xLoss = c.linear(0, 100, lossX0, lossX0 + lossW);
    const xMs = c.linear(0, msTicks[msTicks.length - 1], latX0, latX0 + latW);
    const marks = [];
    // Axes headings and grid.
    marks.push(c.svg("text", { x: lossX0, y: 14, class: "chart-axis-title", text: "Loss %" }));
    marks.push(c.svg("text", { x: latX0, y: 14, class: "chart-axis-title", text: "Latency, ms (best–worst, avg ●)" }));
    for (const t of [0, 50, 100]) {
      marks.push(c.svg("line", { x1: xLoss(t), x2: xLoss(t), y1: top - 6, y2: H - 24, class: "chart-grid" }));
      marks.push(c.svg("text", { x: xLoss(t), y: H - 10, class: "chart-tick", "text-anchor": "middle", text: String(t) }));
    }
    for (const t of msTicks) {
      marks.push(c.svg("line", { x1: xMs(t), x2: xMs(t), y1: top - 6, y2: H - 24, class: "chart-grid" }));
      marks.push(c.svg("text", { x: xMs(t), y: H - 10, class: "chart-tick", "text-anchor": "middle", text: c.num(t) }));
    }
    hops.forEach((hop, i) => {
      const st = a.hops[i];
      const y = top + i * rowH;
      const mid = y + rowH / 2;
      const isStart = a.lossStart !== null && hop.hop === a.lossStart;
      const name = hop.host || hop.address || "no reply";
      const group = [];
      if (isStart) {
        group.push(c.svg("rect", { x: 2, y: y + 1, width: W - 4, height: rowH - 2, rx: 4, class: "mtr-start-band" }));
      }
      group.push(
        c.svg("text", { x: 6, y: mid + 4, class: "chart-label" + (isStart ? " is-start" : ""), text: `${hop.hop}. ${c.clip(name, 22)}` }),
      );
      const loss = finite(hop.loss_percent) ? hop.loss_percent : 0;
      const lossCls = st.status === "loss" ? "mtr-loss-real" : st.status === "rate_limited" ? "mtr-loss-limited" : st.status === "no_reply" ? "mtr-loss-silent" : "mtr-loss-ok";
      group.push(
        c.svg("rect", {
          x: lossX0,
          y: y + 7,
          // A silent hop gets no bar: its 100 % is no answer, not measured loss.
          width: st.status === "no_reply" ? 0 : Math.max(loss > 0 ? 1.5 : 0, xLoss(loss) - lossX0),
          height: rowH - 14,
          class: `mtr-loss-bar ${lossCls}`,
          "data-hop": hop.hop,
          "data-status": st.status,
        }),
      );
      group.push(
        c.svg("text", {
          x: st.status === "no_reply" ? lossX0 + 4 : Math.min(xLoss(loss) + 4, lossX0 + lossW + 2),
          y: mid + 4,
          class: "chart-value",
          text: st.status === "no_reply" ? "no reply" : `${c.num(loss, 1)}${st.status === "rate_limited" ? " RL" : ""}`,
        }),
      );
      if (finite(hop.avg_ms)) {
        const lo = finite(hop.best_ms) ? hop.best_ms : hop.avg_ms;
        const hi = finite(hop.worst_ms) ? hop.worst_ms : hop.avg_ms;
        group.push(c.svg("line", { x1: xMs(lo), x2: xMs(hi), y1: mid, y2: mid, class: "mtr-range", "data-hop": hop.hop }));
        group.push(c.svg("line", { x1: xMs(lo), x2: xMs(lo), y1: mid - 5, y2: mid + 5, class: "mtr-range" }));
        group.push(c.svg("line", { x1: xMs(hi), x2: xMs(hi), y1: mid - 5, y2: mid + 5, class: "mtr-range" }));
        group.push(c.svg("circle", { cx: xMs(hop.avg_ms), cy: mid, r: 4.5, class: "mtr-avg", "data-hop": hop.hop }));
      }
      if (isStart) {
        group.push(c.svg("text", { x: W - 8, y: mid + 4, "text-anchor": "end", class: "chart-flag", text: "◀ loss starts" }));
      }
      marks.push(c.svg("g", { class: "mtr-hop", "data-testid": "mtr-hop", "data-hop": hop.hop, "data-status": isStart ? "loss_start" : st.status }, group));
    });
    const rows = hops.map((hop, i) => {
      const st = a.hops[i];
      const isStart = a.lossStart !== null && hop.hop === a.lossStart;
      return {
        cls: isStart ? "is-start" : null,
        dataset: { hop: String(hop.hop), status: isStart ? "loss_start" : st.status },
        cells: [
          String(hop.hop),
          hop.host || hop.address || "no reply",
          finite(hop.loss_percent) ? `${c.num(hop.loss_percent, 1)} %` : "—",
          finite(hop.sent) ? String(hop.sent) : "—",
          c.cell(hop.best_ms),
          c.cell(hop.avg_ms),
          c.cell(hop.worst_ms),
          isStart ? STATUS_TEXT.loss_start : STATUS_TEXT[st.status],
        ],
      };
    });
    return h(
      "div",
      { class: "chart-block", dataset: { verdict: a.verdict, lossStart: a.lossStart === null ? "" : String(a.lossStart) } },
      c.figure({
        testid: "mtr-chart",
        title: `${kindText || "MTR"}: loss and latency per hop`,
        summary: a.text,
        viewBox: [W, H],
        marks,
        legend: [
          { cls: "mtr-loss-real", label: "Loss that carries to the destination" },
          { cls: "mtr-loss-limited", label: "Loss that does not carry (ICMP rate limiting, RL)" },
          { cls: "mtr-avg", shape: "circle", label: "Average latency; the line spans best to worst" },
        ],
        table: {
          caption: "Hops: loss, latency and reading",
          columns: ["Hop", "Host", "Loss", "Sent", "Best ms", "Avg ms", "Worst ms", "Reading"],
          rows,
        },
      }),
    );
  }

  app.chartMtr = { MIN_LOSS, analyzeHops, render };
})();
