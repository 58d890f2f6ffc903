// SPDX-License-Identifier: EUPL-1.2
/* straitwatch flows-charts.js — small accessible charts drawn as inline SVG (no library).
 *
 *   swCharts.figure(el, {title, desc, source, legend, table})  the frame every chart sits
 *       in: a <figure> with its title, the SVG slot, a legend, the source, and the figures
 *       as a table under a <details> (for screen readers and for copying); returns the slot.
 *   swCharts.time(slot, {series, yLabel, xLabel, yMax, yFormat, title, desc, height})  a time chart:
 *       series of kind "bars" | "line" | "band" over Date x values ({x, y} or {x, lo, hi}).
 *   swCharts.bars(slot, {categories, series, yLabel, xLabel, yFormat, title, desc})  grouped
 *       vertical bars over categories.
 *   swCharts.hbars(slot, {rows: [{label, value}], xLabel, format, title, desc})  ranked bars.
 *   swCharts.fmt(n, digits)  "45,755"; swCharts.pct(share)  "56.2%" (in the page's language:
 *       "45 755", "56,2 %" in French).
 *
 * Every SVG has role="img" with <title> and <desc>; each bar and point carries a <title>
 * tooltip with its value.
 */
"use strict";
(function () {
  const NS = "http://www.w3.org/2000/svg";
  const M = { left: 58, right: 14, top: 12, bottom: 38 };
  let uid = 0;

  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function fmt(n, digits = 0) {
    if (n === null || n === undefined || Number.isNaN(n)) return "—";
    return Number(n).toLocaleString(window.sw.locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }
  function pct(share, digits = 1) {
    return share === null || share === undefined ? "—"
      : Number(share).toLocaleString(window.sw.locale, { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function day(d) { return d.toISOString().slice(0, 10); }

  function niceStep(max, n) {
    const raw = max / n;
    const pow = Math.pow(10, Math.floor(Math.log10(raw)));
    const f = raw / pow;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * pow;
  }
  function yTicks(max, n = 5) {
    if (!(max > 0)) return { top: 1, ticks: [0, 1] };
    const step = niceStep(max, n);
    const top = Math.ceil(max / step - 1e-9) * step;
    const ticks = [];
    for (let v = 0; v <= top + step / 2; v += step) ticks.push(+v.toFixed(10));
    return { top, ticks };
  }

  function svgFrame(slot, o) {
    // Drawn at the slot's own width, so text keeps its size at any window width.
    const W = o.width || Math.max(420, Math.round(slot.clientWidth || 640)), H = o.height || 250;
    const id = "swc" + (++uid);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": `${id}t ${id}d`,
      class: "swc-svg", preserveAspectRatio: "xMidYMid meet" });
    el("title", { id: id + "t" }, svg, o.title || "");
    el("desc", { id: id + "d" }, svg, o.desc || "");
    slot.replaceChildren(svg);
    return { svg, W, H };
  }

  function yAxis({ svg, W, H }, ticks, y, o) {
    const g = el("g", { class: "swc-axis swc-y" }, svg);
    const f = o.yFormat || ((v) => fmt(v));
    for (const t of ticks) {
      el("line", { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: "swc-grid" }, g);
      el("text", { x: M.left - 6, y: y(t) + 4, "text-anchor": "end" }, g, f(t));
    }
    if (o.yLabel) el("text", { class: "swc-label", transform: `translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`,
      "text-anchor": "middle" }, g, o.yLabel);
  }

  function xLabel({ svg, W, H }, text) {
    if (text) el("text", { class: "swc-label", x: (M.left + W - M.right) / 2, y: H - 3, "text-anchor": "middle" }, svg, text);
  }

  function timeTicks(x0, x1) {
    const span = (x1 - x0) / 864e5;
    const out = [];
    const start = new Date(Date.UTC(x0.getUTCFullYear(), x0.getUTCMonth(), 1));
    if (span > 3 * 365) {
      for (let y = x0.getUTCFullYear() + (x0.getUTCMonth() || x0.getUTCDate() > 1 ? 1 : 0); y <= x1.getUTCFullYear(); y++)
        out.push([new Date(Date.UTC(y, 0, 1)), String(y)]);
      return out;
    }
    if (span > 50) {
      const every = span > 900 ? 6 : span > 400 ? 3 : span > 150 ? 2 : 1;
      for (let d = new Date(start); d <= x1; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
        if (d < x0 || d.getUTCMonth() % every) continue;
        out.push([d, d.toLocaleString(window.sw.locale, { month: "short", timeZone: "UTC" }) +
          (d.getUTCMonth() === 0 || out.length === 0 ? " " + d.getUTCFullYear() : "")]);
      }
      return out;
    }
    const every = span > 20 ? 7 : span > 10 ? 2 : 1;
    for (let d = new Date(x0); d <= x1; d = new Date(d.getTime() + every * 864e5))
      out.push([d, d.toLocaleString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" })]);
    return out;
  }

  /* A time chart: bars, lines and interval bands over Date x values. */
  function time(slot, o) {
    const frame = svgFrame(slot, o);
    const { svg, W, H } = frame;
    const xs = o.series.flatMap((s) => s.points.map((p) => p.x.getTime()));
    if (!xs.length) { el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "swc-empty" }, svg, window.sw.t("charts.noData")); return svg; }
    const bars = o.series.filter((s) => s.kind === "bars");
    const nBars = Math.max(1, ...bars.map((s) => s.points.length));
    let x0 = Math.min(...xs), x1 = Math.max(...xs);
    const slotMs = bars.length ? (x1 - x0) / Math.max(1, nBars - 1) : 0;
    x0 -= slotMs / 2; x1 += slotMs / 2;
    if (x1 === x0) x1 = x0 + 864e5;
    const x = (t) => M.left + ((t instanceof Date ? t.getTime() : t) - x0) / (x1 - x0) * (W - M.left - M.right);
    const ys = o.series.flatMap((s) => s.points.map((p) => (s.kind === "band" ? p.hi : p.y)))
      .filter((v) => v !== null && v !== undefined);
    const { top, ticks } = yTicks(o.yMax ?? Math.max(0, ...ys));
    const y = (v) => M.top + (1 - v / top) * (H - M.top - M.bottom);
    yAxis(frame, ticks, y, o);
    const gx = el("g", { class: "swc-axis swc-x" }, svg);
    for (const [d, label] of timeTicks(new Date(x0 + slotMs / 2), new Date(x1 - slotMs / 2))) {
      el("line", { x1: x(d), x2: x(d), y1: H - M.bottom, y2: H - M.bottom + 4 }, gx);
      el("text", { x: x(d), y: H - M.bottom + 15, "text-anchor": "middle" }, gx, label);
    }
    xLabel(frame, o.xLabel);
    const f = o.yFormat || ((v) => fmt(v));
    const barW = Math.max(1, (W - M.left - M.right) / nBars * 0.8 / Math.max(1, bars.length));
    let barIndex = 0;
    for (const s of o.series) {
      const g = el("g", { class: "swc-series", "data-series": s.name, "data-kind": s.kind }, svg);
      if (s.kind === "band") {
        const pts = s.points.filter((p) => p.lo !== null && p.hi !== null);
        if (!pts.length) continue;
        const d = pts.map((p, i) => `${i ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.hi).toFixed(1)}`).join("") +
          pts.slice().reverse().map((p) => `L${x(p.x).toFixed(1)},${y(p.lo).toFixed(1)}`).join("") + "Z";
        el("path", { d, fill: s.color, "fill-opacity": s.opacity ?? 0.25, stroke: "none" }, g);
      } else if (s.kind === "bars") {
        const offset = (barIndex++ - (bars.length - 1) / 2) * barW;
        for (const p of s.points) {
          if (p.y === null || p.y === undefined) continue;
          const r = el("rect", { x: (x(p.x) + offset - barW / 2).toFixed(2), y: y(p.y).toFixed(2), width: barW.toFixed(2),
            height: Math.max(0, y(0) - y(p.y)).toFixed(2), fill: s.color, class: "swc-bar" }, g);
          el("title", {}, r, `${p.label || day(p.x)}: ${f(p.y)}${s.unit ? " " + s.unit : ""}`);
        }
      } else {
        let d = "", pen = false;
        for (const p of s.points) {
          if (p.y === null || p.y === undefined) { pen = false; continue; }
          d += `${pen ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`;
          pen = true;
        }
        el("path", { d, fill: "none", stroke: s.color, "stroke-width": s.width || 2,
          "stroke-dasharray": s.dash || null, class: "swc-line" }, g);
        if (s.dots !== false && s.points.length <= 120) {
          for (const p of s.points) {
            if (p.y === null || p.y === undefined) continue;
            const c = el("circle", { cx: x(p.x).toFixed(1), cy: y(p.y).toFixed(1), r: 2.4, fill: s.color, class: "swc-dot" }, g);
            el("title", {}, c, `${p.label || day(p.x)}: ${s.name} ${f(p.y)}`);
          }
        }
      }
    }
    return svg;
  }

  /* Grouped vertical bars over categories (e.g. years). */
  function bars(slot, o) {
    const frame = svgFrame(slot, o);
    const { svg, W, H } = frame;
    const n = o.categories.length;
    if (!n) { el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "swc-empty" }, svg, window.sw.t("charts.noData")); return svg; }
    const { top, ticks } = yTicks(Math.max(0, ...o.series.flatMap((s) => s.values)));
    const y = (v) => M.top + (1 - v / top) * (H - M.top - M.bottom);
    yAxis(frame, ticks, y, o);
    const band = (W - M.left - M.right) / n;
    const bw = band * 0.8 / o.series.length;
    const gx = el("g", { class: "swc-axis swc-x" }, svg);
    const every = Math.ceil(n / 14);
    o.categories.forEach((c, i) => {
      if (i % every === 0) el("text", { x: M.left + band * (i + 0.5), y: H - M.bottom + 15, "text-anchor": "middle" }, gx, c);
    });
    xLabel(frame, o.xLabel);
    const f = o.yFormat || ((v) => fmt(v));
    o.series.forEach((s, k) => {
      const g = el("g", { class: "swc-series", "data-series": s.name, "data-kind": "bars" }, svg);
      s.values.forEach((v, i) => {
        const r = el("rect", { x: (M.left + band * i + band * 0.1 + bw * k).toFixed(2), y: y(v).toFixed(2),
          width: bw.toFixed(2), height: Math.max(0, y(0) - y(v)).toFixed(2), fill: s.color, class: "swc-bar" }, g);
        el("title", {}, r, `${o.categories[i]}: ${s.name} ${f(v)}`);
      });
    });
    return svg;
  }

  /* Ranked horizontal bars with their values written at the end. */
  function hbars(slot, o) {
    const rowH = 22;
    const h = Math.max(60, o.rows.length * rowH + 34);
    const { svg, W } = svgFrame(slot, o);
    svg.setAttribute("viewBox", `0 0 ${W} ${h}`);
    const left = 150, right = 90;
    const max = Math.max(1, ...o.rows.map((r) => r.value));
    const f = o.format || ((v) => fmt(v));
    const g = el("g", { class: "swc-series", "data-kind": "bars" }, svg);
    o.rows.forEach((r, i) => {
      const yy = 6 + i * rowH;
      el("text", { x: left - 8, y: yy + 14, "text-anchor": "end", class: "swc-cat" }, g, r.label);
      const w = (W - left - right) * r.value / max;
      const rect = el("rect", { x: left, y: yy + 2, width: w.toFixed(2), height: rowH - 6, fill: o.color || "#5ec8f2", class: "swc-bar" }, g);
      el("title", {}, rect, `${r.label}: ${f(r.value)}${r.note ? " (" + r.note + ")" : ""}`);
      el("text", { x: left + w + 6, y: yy + 14, class: "swc-value" }, g, f(r.value) + (r.note ? " · " + r.note : ""));
    });
    if (o.xLabel) el("text", { class: "swc-label", x: left, y: h - 6 }, svg, o.xLabel);
    return svg;
  }

  /* The frame: title, chart slot, legend, source and the data as a table. */
  function figure(host, o) {
    const esc = window.sw.esc;
    const fig = document.createElement("figure");
    fig.className = "swc-figure";
    if (o.testid) fig.dataset.testid = o.testid;
    const legend = (o.legend || []).map(([label, color, kind]) =>
      `<span class="swc-key"><i class="swc-swatch swc-${kind || "box"}" style="--c:${color}"></i>${esc(label)}</span>`).join("");
    let table = "";
    if (o.table && o.table.rows.length) {
      table = `<details class="swc-data"><summary>${esc(window.sw.t("charts.table"))}</summary><div class="swc-table-wrap"><table class="sw-table">` +
        `<thead><tr>${o.table.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
        o.table.rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>`).join("") +
        `</tbody></table></div></details>`;
    }
    fig.innerHTML = `<figcaption><h3>${esc(o.title)}</h3>${o.controls || ""}</figcaption>` +
      `<div class="swc-slot"></div><div class="swc-legend">${legend}</div>` +
      (o.note ? `<p class="sw-muted swc-note">${esc(o.note)}</p>` : "") +
      `<p class="sw-muted swc-source">${esc(window.sw.t("charts.source", { source: o.source }))}</p>${table}`;
    host.replaceChildren(fig);
    return fig.querySelector(".swc-slot");
  }

  window.swCharts = { figure, time, bars, hbars, fmt, pct };
})();
