// SPDX-License-Identifier: EUPL-1.2
/* straitwatch network-timeline.js — the timeline of the entities on the link chart: one
 * line for the reports behind them (squares), one per crossing event at the time it
 * happened (diamonds), then one per entity with the times of the reports naming it (dots).
 * Drawn as SVG from the chart the page holds (network.js).
 */
"use strict";
(function () {
  // The timeline: one line for the reports behind the chart (squares), one per event at the
  // time it happened (diamonds), then one per entity with the reports that name it (dots).
  function draw(svg, data) {
    const reports = new Map();
    for (const e of data.edges) for (const p of e.provenance) if (p.time && p.report_id) reports.set(p.report_id, p);
    for (const n of data.nodes) if (n.kind === "report" && n.when) reports.set(n.report_id, { time: n.when, title: n.caption });
    const events = data.nodes.filter((n) => n.kind === "event" && n.when).slice(0, 6);
    const rows = data.nodes.filter((n) => n.first_seen && n.kind === "entity").slice(0, 12);
    const times = [...reports.values()].map((p) => Date.parse(p.time));
    for (const n of events) times.push(Date.parse(n.when));
    for (const n of rows) times.push(Date.parse(n.first_seen), Date.parse(n.last_seen));
    if (!times.length) { svg.innerHTML = ""; return; }
    const lo = Math.min(...times), hi = Math.max(...times) + 1;
    const width = svg.clientWidth || 900, left = 180;
    const x = (t) => left + ((t - lo) / (hi - lo)) * (width - left - 20);
    const parts = [];
    let y = 30;
    const row = (label) => {
      parts.push(`<text x="4" y="${y + 4}">${sw.esc(label.slice(0, 28))}</text>`,
        `<line x1="${left}" x2="${width - 20}" y1="${y}" y2="${y}"></line>`);
    };
    row(sw.t("network.timelineReports", { count: reports.size }));
    for (const p of reports.values()) {
      const cx = x(Date.parse(p.time));
      parts.push(`<rect class="sw-tl-report" x="${cx - 4}" y="${y - 4}" width="8" height="8"><title>` +
        `${sw.esc((p.title || "") + " " + sw.utc(p.time))}</title></rect>`);
    }
    y += 16;
    for (const n of events) {
      row(n.caption);
      const cx = x(Date.parse(n.when));
      parts.push(`<polygon class="sw-tl-event" points="${cx},${y - 6} ${cx + 6},${y} ${cx},${y + 6} ${cx - 6},${y}">` +
        `<title>${sw.esc(n.caption + " " + sw.utc(n.when))}</title></polygon>`);
      y += 16;
    }
    for (const n of rows) {
      row(n.caption);
      const when = new Set();
      for (const e of data.edges) {
        if (e.source !== n.id && e.target !== n.id) continue;
        for (const p of e.provenance) if (p.time) when.add(p.time);
      }
      when.add(n.first_seen); when.add(n.last_seen);
      for (const t of when) parts.push(`<circle cx="${x(Date.parse(t))}" cy="${y}" r="4"><title>${sw.esc(sw.utc(t))}</title></circle>`);
      y += 16;
    }
    parts.push(`<text x="${left}" y="12">${sw.esc(sw.utc(new Date(lo).toISOString()))}</text>`,
      `<text x="${width - 20}" y="12" text-anchor="end">${sw.esc(sw.utc(new Date(hi).toISOString()))}</text>`);
    svg.setAttribute("height", String(y + 10));
    svg.style.height = (y + 10) + "px";
    svg.innerHTML = parts.join("");
  }

  window.swNetTimeline = { draw };
})();
