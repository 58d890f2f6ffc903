// SPDX-License-Identifier: EUPL-1.2
/* straitwatch network.js — the analyst's link chart (Cytoscape.js, bundled; no CDN).
 *
 * Everything drawn comes from /api/network, which builds the graph only from what the
 * signed-in analyst may see; every query carries the purpose typed here (audit log).
 * Expand from a found entity, pin, hide, colour by type, community or handling code, a
 * provenance card per link, the path between two selected entities, key facilitators with
 * their reasons, reports and events as nodes, grouping and SVG (network-tools.js), the
 * timeline (network-timeline.js), the WebGL overview of large networks (network-overview.js),
 * disruptions and the weekly summary (network-disruptions.js), the map of places with a time
 * slider, and exports (i2 ANX, GEXF, FtM JSON lines from the server; PNG from the canvas).
 */
"use strict";
(function () {
  const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac"];
  const SHAPES = { Person: "ellipse", Phone: "round-rectangle", Vessel: "round-triangle",
    OutboardEngine: "hexagon", Vehicle: "round-diamond", Organization: "barrel", Company: "barrel",
    BankAccount: "rectangle", Address: "round-tag", Report: "rectangle", CrossingEvent: "star",
    Event: "star" };
  const HANDLING = [["H3", "#d62728"], ["H2", "#ff7f0e"], ["C", "#ff7f0e"], ["H1", "#edc948"],
    ["H0", "#59a14f"], ["P", "#59a14f"]];
  const $ = (id) => document.getElementById(id);
  let cy = null;
  let chart = null; // the last answer from the API
  const groups = new Map(); // group node id -> { label, members, positions } (network-tools.js)
  const schemaColour = {};

  // The purpose of this consultation is shared with the intelligence pages for the browser
  // session (sessionStorage): given once, sent with every read.
  const PURPOSE_KEY = "sw.consultationPurpose";
  function purpose() {
    const why = $("net-purpose").value.trim();
    if (why) sessionStorage.setItem(PURPOSE_KEY, why);
    return why;
  }

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

  function nodeElement(n) {
    const by = $("net-colour").value;
    return { group: "nodes", classes: "sw-kind-" + (n.kind || "entity"),
      data: { id: n.id, label: n.caption, colour: colourOf(n, by), border: handlingColour(n.handling),
        shape: SHAPES[n.schema] || "ellipse",
        size: n.pagerank === null ? 22 : 24 + Math.min(40, 400 * n.pagerank), raw: n } };
  }

  function edgeElement(e, i) {
    const quiet = e.kind === "co_occurrence" || e.kind === "mentions";
    return { group: "edges",
      data: { id: "e" + i + ":" + e.source + ">" + e.target, source: e.source, target: e.target,
        label: quiet ? "" : e.label, width: Math.min(8, 1 + e.provenance.length),
        dashed: e.kind === "co_occurrence" ? "dashed" : e.kind === "mentions" ? "dotted" : "solid", raw: e } };
  }

  const elementOf = (item, i) => (i === undefined ? nodeElement(item) : edgeElement(item, i));

  function elements(data) {
    return data.nodes.map(nodeElement).concat(data.edges.map(edgeElement));
  }

  // A state the browser tests wait for: what the chart holds now.
  function mark() {
    const el = $("net-chart");
    el.dataset.nodes = String(cy.nodes().length);
    el.dataset.reports = String(cy.nodes(".sw-kind-report").length);
    el.dataset.events = String(cy.nodes(".sw-kind-event").length);
    el.dataset.groups = String(groups.size);
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
      { selector: ".sw-group", style: { "border-style": "double", "border-width": 6, "font-weight": "bold" } },
      { selector: ".sw-meta", style: { "line-color": "#90a4ae", "font-size": 9 } },
      { selector: ".sw-path", style: { "line-color": "#ffd54f", "background-color": "#ffd54f",
        width: 6 } },
    ];
  }

  // The WebGL overview (network-overview.js) instead of the link chart, or back.
  const OVERVIEW_AT = 2500;
  let overview = null;
  function showOverview(on) {
    if (overview) { overview.kill(); overview = null; }
    $("net-overview-view").hidden = !on;
    $("net-chart").hidden = on;
    if (on && chart) {
      overview = window.swNetOverview.show($("net-overview-view"), chart, PALETTE, (id) => {
        const n = chart.nodes.find((x) => x.id === id);
        if (n) { showNode(n); $("net-find").value = n.caption; }
      });
    }
    if (!on && cy) cy.resize();
  }

  function draw(data, positions) {
    chart = data;
    if (!cy) {
      cy = window.cytoscape({ container: $("net-chart"), style: style(), wheelSensitivity: 0.3 });
      cy.on("tap", "node", (ev) => (ev.target.data("group") ? showGroup(ev.target.id())
        : showNode(ev.target.data("raw"))));
      cy.on("tap", "edge", (ev) => ev.target.data("raw") && showEdge(ev.target.data("raw")));
    }
    groups.clear();
    cy.elements().remove();
    const big = data.nodes.length > OVERVIEW_AT;
    showOverview(big);
    // Too many for a link chart: the WebGL overview only (expand from a node to chart it).
    if (!big) {
      cy.add(elements(data));
      if (positions) {
        cy.layout({ name: "preset", positions: (n) => {
          const p = positions[n.id()];
          return p ? { x: p[0], y: p[1] } : { x: 0, y: 0 };
        } }).run();
      } else {
        cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: () => 8000 }).run();
      }
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
    window.swNetTimeline.draw($("net-timeline"), data);
    mark();
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
    // Launches, interceptions and other events with a position, at the time they happened.
    for (const n of data.nodes) {
      const lat = Number((n.properties.latitude || [])[0]), lon = Number((n.properties.longitude || [])[0]);
      if (n.kind !== "event" || !n.when || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      seen.set(n.id, { type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] },
        properties: { event: n.id, place: n.caption, t: Date.parse(n.when) } });
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
        paint: { "circle-radius": 7, "circle-color": ["case", ["has", "event"], "#e15759", "#ffd54f"],
          "circle-stroke-color": "#111", "circle-stroke-width": 1 } });
      slider.addEventListener("input", showUntil);
    }
    showUntil();
  }

  function showUntil() {
    const k = Number($("net-until").value);
    const shown = points.slice(0, k + 1);
    if (map && map.getSource("places")) map.getSource("places").setData({ type: "FeatureCollection", features: shown });
    $("net-until-label").textContent = points.length ? sw.t("network.untilValue", {
      when: sw.utc(new Date(points[k].properties.t).toISOString()),
      count: shown.filter((f) => !f.properties.event).length,
      events: shown.filter((f) => f.properties.event).length }) : sw.t("network.noPlaces");
    $("net-until-label").dataset.events = String(shown.filter((f) => f.properties.event).length);
  }

  function showGroup(gid) {
    const g = groups.get(gid);
    const names = g.members.map((id) => (chart.nodes.find((n) => n.id === id) || { caption: id }).caption);
    $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(g.label)}</h3><p>` +
      sw.esc(sw.t("network.groupMembers", { count: names.length })) + `</p><ul>` +
      names.map((c) => `<li>${sw.esc(c)}</li>`).join("") + `</ul></div>`;
  }

  function showNode(n) {
    if (n.kind === "report") {
      $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(n.caption)}</h3><dl>` +
        `<dt>${sw.esc(sw.t("network.type"))}</dt><dd>${sw.esc(sw.t("network.report"))}</dd>` +
        `<dt>${sw.esc(sw.t("network.agencies"))}</dt><dd>${sw.esc(n.agencies.map((a) => sw.t("agency." + a)).join(", "))}</dd>` +
        `<dt>${sw.esc(sw.t("network.handling"))}</dt><dd>${sw.esc(n.handling.join(", "))}</dd>` +
        `<dt>${sw.esc(sw.t("network.seen"))}</dt><dd>${sw.esc(n.when ? sw.utc(n.when) : "—")}</dd></dl>` +
        `<p><a href="/static/intel-report.html?id=${n.report_id}">${sw.esc(sw.t("network.openReport"))}</a></p></div>`;
      return;
    }
    const props = Object.entries(n.properties)
      .map(([k, v]) => `<dt>${sw.esc(k)}</dt><dd>${sw.esc(v.join(", "))}</dd>`).join("");
    $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(n.caption)}</h3><dl>` +
      `<dt>${sw.esc(sw.t("network.type"))}</dt><dd>${sw.esc(n.schema)}</dd>${props}` +
      `<dt>${sw.esc(sw.t("network.agencies"))}</dt><dd>${sw.esc(n.agencies.join(", "))}</dd>` +
      `<dt>${sw.esc(sw.t("network.handling"))}</dt><dd>${sw.esc(n.handling.join(", "))}</dd>` +
      `<dt>${sw.esc(sw.t("network.seen"))}</dt><dd>${sw.esc(n.first_seen ? sw.utc(n.first_seen) : "—")}` +
      ` – ${sw.esc(n.last_seen ? sw.utc(n.last_seen) : "—")}</dd>` +
      (n.when ? `<dt>${sw.esc(sw.t("network.when"))}</dt><dd>${sw.esc(sw.utc(n.when))}</dd>` : "") +
      `<dt>${sw.esc(sw.t("network.measures"))}</dt><dd>${sw.esc(sw.t("network.measuresValue", {
        degree: n.degree, pagerank: sw.num(n.pagerank, 4), betweenness: sw.num(n.betweenness, 4),
        community: n.community + 1 }))}</dd></dl></div>`;
  }

  function showEdge(e) {
    const cards = e.provenance.map((p) => `<div class="sw-net-prov">` +
      sw.esc(sw.t("network.provenance", { report: p.report_id ?? "—", agency: sw.t("agency." + p.agency),
        handling: p.handling || "—", grade: p.grade || "—" })) +
      (p.time ? `<br>${sw.esc(sw.utc(p.time))}` : "") +
      (p.title ? `<br><em>${sw.esc(p.title)}</em>` : "") +
      (p.operation ? `<br>${sw.esc(p.operation)}` : "") +
      (p.report_id ? `<br><a href="/static/intel-report.html?id=${p.report_id}">${sw.esc(sw.t("network.openReport"))}</a>` : "") +
      `</div>`).join("");
    $("net-card").innerHTML = `<div class="sw-net-card"><h3>${sw.esc(sw.t("network.kind." + e.kind, { label: e.label }))}</h3>` +
      `<p>${sw.esc(e.source)} — ${sw.esc(e.target)}</p>${cards}</div>`;
  }

  let last = null; // the last query drawn: redrawn when reports are switched on or off
  async function load(path, query) {
    if (!purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); $("net-purpose").focus(); return; }
    last = [path, query];
    try {
      draw(await sw.api(path, { query: Object.assign({ purpose: purpose(), reports: withReports() }, query || {}) }));
    } catch (err) {
      sw.toast(err.message, "error");
    }
  }

  function withReports() { return $("net-reports").checked ? "true" : "false"; }

  function selectedIds() { return cy ? cy.$("node:selected").map((n) => n.id()) : []; }

  // Entities of the chart (not reports, not groups): what a saved chart or a disruption names.
  function entityIds(nodes) {
    const out = [];
    nodes.forEach((n) => {
      if (n.data("group")) out.push(...groups.get(n.id()).members);
      else if (n.data("raw") && n.data("raw").kind !== "report") out.push(n.id());
    });
    return out.filter((id) => !id.startsWith("report:"));
  }

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
    const ids = entityIds(cy.nodes());
    const positions = {};
    cy.nodes().forEach((n) => { if (ids.includes(n.id())) positions[n.id()] = [n.position("x"), n.position("y")]; });
    for (const g of groups.values()) {
      for (const id of g.members) if (g.positions[id]) positions[id] = [g.positions[id].x, g.positions[id].y];
    }
    try {
      await sw.api("/api/network/charts", { method: "POST", body: { name, purpose: purpose(),
        entity_ids: ids, positions,
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
      const data = await sw.api("/api/network/charts/" + id, { query: { purpose: purpose(), reports: withReports() } });
      draw(data, data.chart.layout_kept ? data.chart.positions : null);
      if (!data.chart.layout_kept) sw.toast(sw.t("network.layoutDropped"), "ok");
    } catch (err) { sw.toast(err.message, "error"); }
  }

  async function main() {
    const me = await sw.header("network.title");
    $("net-share").innerHTML = (await sw.agencies()).filter((c) => c !== me.agency)
      .map((c) => `<option value="${c}">${sw.esc(sw.t("agency." + c))}</option>`).join("");
    $("net-purpose").value = sessionStorage.getItem(PURPOSE_KEY) || "";
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
    $("net-overview").addEventListener("click", () => {
      if (!chart) return;
      const on = !$("net-chart").hidden;
      showOverview(on);
      if (!on && cy.nodes().length === 0) draw(chart);
    });
    $("net-hide").addEventListener("click", () => { if (cy) { cy.$("node:selected").remove(); mark(); } });
    $("net-group").addEventListener("click", () => {
      const ids = selectedIds();
      if (ids.length < 2) { sw.toast(sw.t("network.pickGroup"), "error"); return; }
      const lead = chart.nodes.filter((n) => ids.includes(n.id) && n.kind === "entity")
        .sort((a, b) => b.pagerank - a.pagerank)[0];
      const label = sw.t("network.groupOf", { name: lead ? lead.caption : sw.t("network.group") });
      window.swNetTools.collapse(cy, chart, groups, ids, label);
      mark();
    });
    $("net-group-communities").addEventListener("click", () => {
      if (!cy) return;
      const members = new Map();
      cy.nodes().forEach((n) => {
        const raw = n.data("raw");
        if (!raw || raw.community === null) return;
        if (!members.has(raw.community)) members.set(raw.community, []);
        members.get(raw.community).push(n.id());
      });
      for (const [c, ids] of [...members].sort((a, b) => a[0] - b[0])) {
        if (ids.length >= 2) window.swNetTools.collapse(cy, chart, groups, ids, sw.t("network.community", { n: c + 1 }));
      }
      mark();
    });
    $("net-ungroup").addEventListener("click", () => {
      if (!cy) return;
      const chosen = cy.$("node:selected").filter((n) => n.data("group"));
      const ids = (chosen.length ? chosen : cy.nodes(".sw-group")).map((n) => n.id());
      for (const gid of ids) window.swNetTools.expandGroup(cy, chart, groups, gid, elementOf);
      mark();
    });
    $("net-reports").addEventListener("change", () => last && load(...last));
    window.swNetDisruptions.wire({ purpose, selected: () => (cy ? entityIds(cy.$("node:selected")) : []) });
    $("net-pin").addEventListener("click", () => cy && cy.$("node:selected").forEach((n) => (n.locked() ? n.unlock() : n.lock())));
    $("net-colour").addEventListener("change", () => chart && draw(chart));
    $("net-key").addEventListener("click", (ev) => {
      const id = ev.target.dataset && ev.target.dataset.id;
      const node = id && cy ? cy.getElementById(id) : null;
      if (node && node.nonempty()) { cy.$(":selected").unselect(); node.select(); showNode(node.data("raw")); }
    });
    document.querySelector(".sw-net-export").addEventListener("click", (ev) => {
      const format = ev.target.dataset && ev.target.dataset.format;
      if (!format || !cy) return;
      if (format === "png" || format === "svg") {
        const a = document.createElement("a");
        a.href = format === "png" ? cy.png({ full: true, bg: "#0b1520" })
          : URL.createObjectURL(new Blob([window.swNetTools.toSvg(cy, "#0b1520")], { type: "image/svg+xml" }));
        a.download = "network." + format; a.click();
        return;
      }
      const q = new URLSearchParams({ format, purpose: purpose(), reports: withReports() });
      const id = found();
      if (id) { q.set("entity", id); q.set("hops", "2"); }
      location.href = "/api/network/export?" + q;
    });
  }

  main().catch((err) => sw.toast(err.message, "error")).finally(() => sw.drawn());
})();
