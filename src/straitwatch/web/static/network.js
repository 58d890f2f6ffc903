/* straitwatch network.js — the analyst's link chart (Cytoscape.js, bundled; no CDN).
 *
 * Everything drawn comes from /api/network, which builds the graph only from what the
 * signed-in analyst may see; every query carries the purpose typed here (audit log).
 * Expand from a found entity, pin, hide, colour by type, community or handling code, a
 * provenance card per link, the path between two selected entities, key facilitators with
 * their reasons, a timeline of the reports behind the entities shown, and exports (i2 ANX,
 * GEXF, FtM JSON lines from the server; PNG from the canvas).
 */
"use strict";
(function () {
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac"];
  const SHAPES = { Person: "ellipse", Phone: "round-rectangle", Vessel: "round-triangle",
    OutboardEngine: "hexagon", Vehicle: "round-diamond", Organization: "barrel", Company: "barrel",
    BankAccount: "rectangle", Address: "round-tag" };
  const HANDLING = [["H3", "#d62728"], ["H2", "#ff7f0e"], ["C", "#ff7f0e"], ["H1", "#edc948"],
    ["H0", "#59a14f"], ["P", "#59a14f"]];
  const $ = (id) => document.getElementById(id);
  let cy = null;
  let chart = null; // the last answer from the API
  const schemaColour = {};

  function purpose() { return $("net-purpose").value.trim(); }

  function handlingColour(codes) {
    for (const [code, colour] of HANDLING) {
      if ((codes || []).some((c) => c.endsWith(":" + code))) return colour;
    }
    return "#888";
  }

  function colourOf(node, by) {
    if (by === "community") return PALETTE[node.community % PALETTE.length];
    if (by === "handling") return handlingColour(node.handling);
    if (!(node.schema in schemaColour)) {
      schemaColour[node.schema] = PALETTE[Object.keys(schemaColour).length % PALETTE.length];
    }
    return schemaColour[node.schema];
  }

  function elements(data) {
    const by = $("net-colour").value;
    const nodes = data.nodes.map((n) => ({
      group: "nodes",
      data: { id: n.id, label: n.caption, colour: colourOf(n, by), border: handlingColour(n.handling),
        shape: SHAPES[n.schema] || "ellipse", size: 24 + Math.min(40, 400 * n.pagerank), raw: n },
    }));
    const edges = data.edges.map((e, i) => ({
      group: "edges",
      data: { id: "e" + i + ":" + e.source + ">" + e.target, source: e.source, target: e.target,
        label: e.kind === "co_occurrence" ? "" : e.label, width: Math.min(8, 1 + e.provenance.length),
        dashed: e.kind === "co_occurrence" ? "dashed" : "solid", raw: e },
    }));
    return nodes.concat(edges);
  }

  function style() {
    return [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)",
        shape: "data(shape)", width: "data(size)", height: "data(size)", color: "#e6edf3",
        "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, "border-width": 3,
        "border-color": "data(border)" } },
      { selector: "node:selected", style: { "overlay-opacity": 0.25, "overlay-color": "#fff" } },
      { selector: "node:locked", style: { "border-style": "double", "border-width": 5 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#7f8c99",
        "line-style": "data(dashed)", label: "data(label)", "font-size": 8, color: "#b7c2cc",
        "curve-style": "bezier" } },
      { selector: ".sw-path", style: { "line-color": "#ffd54f", "background-color": "#ffd54f",
        width: 6 } },
    ];
  }

  function draw(data, positions) {
    chart = data;
    if (!cy) {
      cy = window.cytoscape({ container: $("net-chart"), style: style(), wheelSensitivity: 0.3 });
      cy.on("tap", "node", (ev) => showNode(ev.target.data("raw")));
      cy.on("tap", "edge", (ev) => showEdge(ev.target.data("raw")));
    }
    cy.elements().remove();
    cy.add(elements(data));
    if (positions) {
      cy.layout({ name: "preset", positions: (n) => {
        const p = positions[n.id()];
        return p ? { x: p[0], y: p[1] } : { x: 0, y: 0 };
      } }).run();
    } else {
      cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000 }).run();
    }
    $("net-names").innerHTML = data.nodes.map((n) => `<option value="${sw.esc(n.caption)}">`).join("");
    $("net-summary").textContent = sw.t("network.summary", {
      entities: data.summary.entities, links: data.summary.links,
      communities: data.summary.communities });
    $("net-key").innerHTML = data.summary.key_facilitators.map((k) => {
      const node = data.nodes.find((n) => n.id === k.id);
      const why = k.reasons.map((r) => sw.t("network.reason." + r.code, r)).join("; ");
      return `<li><button type="button" class="sw-link" data-id="${sw.esc(k.id)}">` +
        `${sw.esc(node ? node.caption : k.id)}</button> — ${sw.esc(why)}</li>`;
    }).join("");
    timeline(data);
    places(data).catch((err) => sw.toast(err.message, "error"));
  }

  // The map: one point per report (place and time) behind the entities shown; the slider
  // shows what was known up to a date.
  let map = null;
  let points = [];
  async function places(data) {
    const seen = new Map();
    for (const e of data.edges) {
      for (const p of e.provenance) {
        if (p.lat === null || p.lon === null || !p.time || !p.report_id) continue;
        seen.set(p.report_id, { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] },
          properties: { report: p.report_id, place: p.place || "", t: Date.parse(p.time) } });
      }
    }
    points = [...seen.values()].sort((a, b) => a.properties.t - b.properties.t);
    const slider = $("net-until");
    slider.max = String(Math.max(0, points.length - 1));
    slider.value = slider.max;
    if (!map) {
      map = new maplibregl.Map({ container: $("net-map"), style: await sw.basemapStyle(0.75),
        bounds: [[-1.5, 49.8], [4.5, 51.8]], attributionControl: false, dragRotate: false });
      map.addControl(new maplibregl.AttributionControl({ customAttribution: sw.t("map.attribution") }));
      await new Promise((ok) => map.on("load", ok));
      map.addSource("places", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
      map.addLayer({ id: "places", type: "circle", source: "places",
        paint: { "circle-radius": 7, "circle-color": "#ffd54f", "circle-stroke-color": "#111", "circle-stroke-width": 1 } });
      slider.addEventListener("input", showUntil);
    }
    showUntil();
  }

  function showUntil() {
    const k = Number($("net-until").value);
    const shown = points.slice(0, k + 1);
    if (map && map.getSource("places")) map.getSource("places").setData({ type: "FeatureCollection", features: shown });
    $("net-until-label").textContent = points.length ? sw.t("network.untilValue", {
      when: sw.utc(new Date(points[k].properties.t).toISOString()), count: shown.length }) : sw.t("network.noPlaces");
  }

  function showNode(n) {
    const props = Object.entries(n.properties)
      .map(([k, v]) => `<dt>${sw.esc(k)}</dt><dd>${sw.esc(v.join(", "))}</dd>`).join("");
    $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(n.caption)}</h3><dl>` +
      `<dt>${sw.esc(sw.t("network.type"))}</dt><dd>${sw.esc(n.schema)}</dd>${props}` +
      `<dt>${sw.esc(sw.t("network.agencies"))}</dt><dd>${sw.esc(n.agencies.join(", "))}</dd>` +
      `<dt>${sw.esc(sw.t("network.handling"))}</dt><dd>${sw.esc(n.handling.join(", "))}</dd>` +
      `<dt>${sw.esc(sw.t("network.seen"))}</dt><dd>${sw.esc(n.first_seen ? sw.utc(n.first_seen) : "—")}` +
      ` – ${sw.esc(n.last_seen ? sw.utc(n.last_seen) : "—")}</dd>` +
      `<dt>${sw.esc(sw.t("network.measures"))}</dt><dd>${sw.esc(sw.t("network.measuresValue", {
        degree: n.degree, pagerank: sw.num(n.pagerank, 4), betweenness: sw.num(n.betweenness, 4),
        community: n.community + 1 }))}</dd></dl></div>`;
  }

  function showEdge(e) {
    const cards = e.provenance.map((p) => `<div class="sw-net-prov">` +
      sw.esc(sw.t("network.provenance", { report: p.report_id ?? "—", agency: sw.t("agency." + p.agency),
        handling: p.handling || "—", grade: p.grade || "—" })) +
      (p.time ? `<br>${sw.esc(sw.utc(p.time))}` : "") +
      (p.report_id ? `<br><a href="/static/intel-report.html?id=${p.report_id}">${sw.esc(sw.t("network.openReport"))}</a>` : "") +
      `</div>`).join("");
    $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(sw.t("network.kind." + e.kind, { label: e.label }))}</h3>` +
      `<p>${sw.esc(e.source)} — ${sw.esc(e.target)}</p>${cards}</div>`;
  }

  function timeline(data) {
    const svg = $("net-timeline");
    const rows = data.nodes.filter((n) => n.first_seen).slice(0, 12);
    const times = [];
    for (const e of data.edges) for (const p of e.provenance) if (p.time) times.push(Date.parse(p.time));
    for (const n of rows) times.push(Date.parse(n.first_seen), Date.parse(n.last_seen));
    if (!times.length) { svg.innerHTML = ""; return; }
    const lo = Math.min(...times), hi = Math.max(...times) + 1;
    const width = svg.clientWidth || 900, left = 180;
    const x = (t) => left + ((t - lo) / (hi - lo)) * (width - left - 20);
    const parts = [];
    rows.forEach((n, i) => {
      const y = 30 + i * 16;
      parts.push(`<text x="4" y="${y + 4}">${sw.esc(n.caption.slice(0, 28))}</text>`,
        `<line x1="${left}" x2="${width - 20}" y1="${y}" y2="${y}"></line>`);
      const when = new Set();
      for (const e of data.edges) {
        if (e.source !== n.id && e.target !== n.id) continue;
        for (const p of e.provenance) if (p.time) when.add(p.time);
      }
      when.add(n.first_seen); when.add(n.last_seen);
      for (const t of when) parts.push(`<circle cx="${x(Date.parse(t))}" cy="${y}" r="4"><title>${sw.esc(sw.utc(t))}</title></circle>`);
    });
    parts.push(`<text x="${left}" y="12">${sw.esc(sw.utc(new Date(lo).toISOString()))}</text>`,
      `<text x="${width - 20}" y="12" text-anchor="end">${sw.esc(sw.utc(new Date(hi).toISOString()))}</text>`);
    svg.setAttribute("height", String(40 + rows.length * 16));
    svg.innerHTML = parts.join("");
  }

  async function load(path, query) {
    if (!purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); $("net-purpose").focus(); return; }
    try {
      draw(await sw.api(path, { query: Object.assign({ purpose: purpose() }, query || {}) }));
    } catch (err) {
      sw.toast(err.message, "error");
    }
  }

  function selectedIds() { return cy ? cy.$("node:selected").map((n) => n.id()) : []; }

  function found() {
    const name = $("net-find").value.trim().toLowerCase();
    const node = chart && chart.nodes.find((n) => n.caption.toLowerCase() === name || n.id === name);
    return node ? node.id : selectedIds()[0];
  }

  async function refreshSaved() {
    const { charts } = await sw.api("/api/network/charts");
    $("net-saved").innerHTML = charts.map((c) =>
      `<option value="${c.id}">${sw.esc(c.name)} — ${sw.esc(sw.t("agency." + c.agency))}</option>`).join("");
  }

  async function saveChart(ev) {
    ev.preventDefault();
    if (!cy || !purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); return; }
    const name = $("net-chart-name").value.trim();
    if (!name) { sw.toast(sw.t("network.needName"), "error"); return; }
    const positions = {};
    cy.nodes().forEach((n) => { positions[n.id()] = [n.position("x"), n.position("y")]; });
    try {
      await sw.api("/api/network/charts", { method: "POST", body: { name, purpose: purpose(),
        entity_ids: cy.nodes().map((n) => n.id()), positions,
        shared_with: [...$("net-share").selectedOptions].map((o) => o.value) } });
      sw.toast(sw.t("network.savedOk", { name }), "ok");
      await refreshSaved();
    } catch (err) { sw.toast(err.message, "error"); }
  }

  async function openChart() {
    const id = $("net-saved").value;
    if (!id) return;
    if (!purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); return; }
    try {
      const data = await sw.api("/api/network/charts/" + id, { query: { purpose: purpose() } });
      draw(data, data.chart.layout_kept ? data.chart.positions : null);
      if (!data.chart.layout_kept) sw.toast(sw.t("network.layoutDropped"), "ok");
    } catch (err) { sw.toast(err.message, "error"); }
  }

  async function main() {
    const me = await sw.header("network.title");
    $("net-share").innerHTML = (await sw.agencies()).filter((c) => c !== me.agency)
      .map((c) => `<option value="${c}">${sw.esc(sw.t("agency." + c))}</option>`).join("");
    $("net-charts").addEventListener("submit", saveChart);
    $("net-open").addEventListener("click", openChart);
    refreshSaved().catch((err) => sw.toast(err.message, "error"));
    $("net-tools").addEventListener("submit", (ev) => { ev.preventDefault(); load("/api/network"); });
    $("net-expand").addEventListener("click", () => {
      const id = found();
      if (!id) { sw.toast(sw.t("network.pickFirst"), "error"); return; }
      load("/api/network/expand/" + encodeURIComponent(id), { hops: 2 });
    });
    $("net-path").addEventListener("click", async () => {
      const ids = selectedIds();
      if (ids.length !== 2) { sw.toast(sw.t("network.pickTwo"), "error"); return; }
      try {
        const res = await sw.api("/api/network/path", { query: { from: ids[0], to: ids[1], purpose: purpose() } });
        cy.elements().removeClass("sw-path");
        for (let i = 0; i < res.path.length; i++) {
          cy.getElementById(res.path[i]).addClass("sw-path");
          if (i) cy.edges().filter((e) => [e.source().id(), e.target().id()].sort().join() ===
            [res.path[i - 1], res.path[i]].sort().join()).addClass("sw-path");
        }
        sw.toast(res.path.length ? sw.t("network.pathFound", { hops: res.path.length - 1 }) : sw.t("network.noPath"), "ok");
      } catch (err) { sw.toast(err.message, "error"); }
    });
    $("net-hide").addEventListener("click", () => cy && cy.$("node:selected").remove());
    $("net-pin").addEventListener("click", () => cy && cy.$("node:selected").forEach((n) => (n.locked() ? n.unlock() : n.lock())));
    $("net-colour").addEventListener("change", () => chart && draw(chart));
    $("net-key").addEventListener("click", (ev) => {
      const id = ev.target.dataset && ev.target.dataset.id;
      if (id && cy) { cy.$(":selected").unselect(); cy.getElementById(id).select(); showNode(cy.getElementById(id).data("raw")); }
    });
    document.querySelector(".sw-net-export").addEventListener("click", (ev) => {
      const format = ev.target.dataset && ev.target.dataset.format;
      if (!format || !cy) return;
      if (format === "png") {
        const a = document.createElement("a");
        a.href = cy.png({ full: true, bg: "#0b1520" }); a.download = "network.png"; a.click();
        return;
      }
      const q = new URLSearchParams({ format, purpose: purpose() });
      const id = found();
      if (id) { q.set("entity", id); q.set("hops", "2"); }
      location.href = "/api/network/export?" + q;
    });
  }

  main().catch((err) => sw.toast(err.message, "error"));
})();
