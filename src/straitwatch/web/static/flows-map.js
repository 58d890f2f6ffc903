// SPDX-License-Identifier: EUPL-1.2
/* The map of the European migratory routes (Frontex) on the flows page: MapLibre GL JS over
 * the bundled Natural Earth basemap (world-atlas, no tile server), each route an
 * approximate path whose width, and the circle on it, grow with the month's detections
 * (circle area proportional to detections, on one scale for every month). A month slider
 * replays the series; a table beside the map lists the same figures.
 * Exposes window.swFlowsMap = {init, setMonth, ready, month, detections}. */
"use strict";
(function () {
  const MAX_RADIUS_PX = 30;
  const state = { map: null, geo: null, months: [], byMonth: new Map(), max: 1, markers: new Map(), month: null };

  function monthsBetween(first, last) {
    const out = [];
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, "0")}`);
      if (++m > 12) { m = 1; y++; }
    }
    return out;
  }

  function monthName(month) {
    const [y, m] = month.split("-").map(Number);
    return new Date(Date.UTC(y, m - 1, 1)).toLocaleString(window.sw.locale, { month: "long", year: "numeric", timeZone: "UTC" });
  }

  /** A route's short name in the page's language (the catalogue's, else as the data gives it). */
  function shortName(short) { return window.sw.t("flows.route", { route: String(short).replace(/\W/g, "_") }); }

  function radius(d) { return d > 0 ? Math.max(2, MAX_RADIUS_PX * Math.sqrt(d / state.max)) : 0; }

  function features(month) {
    const counts = state.byMonth.get(month) || {};
    const lines = [], points = [];
    for (const f of state.geo.features) {
      const p = f.properties;
      const d = counts[p.route] || 0;
      const props = { route: p.route, short: shortName(p.short), detections: d, r: radius(d),
        w: d > 0 ? 1 + 7 * Math.sqrt(d / state.max) : 0.6 };
      lines.push({ type: "Feature", geometry: f.geometry, properties: props });
      if (p.label) points.push({ type: "Feature", geometry: { type: "Point", coordinates: p.label }, properties: props });
    }
    return { lines, points, counts };
  }

  function setMonth(month) {
    if (!state.map || !state.byMonth) return;
    state.month = month;
    const { lines, points, counts } = features(month);
    state.map.getSource("routes").setData({ type: "FeatureCollection", features: lines });
    state.map.getSource("route-symbols").setData({ type: "FeatureCollection", features: points });
    for (const p of points) {
      const m = state.markers.get(p.properties.route);
      if (m) m.getElement().querySelector("b").textContent = window.swCharts.fmt(p.properties.detections);
    }
    const label = document.getElementById("frontex-month-label");
    label.textContent = monthName(month);
    const slider = document.getElementById("frontex-month");
    slider.value = String(state.months.indexOf(month));
    slider.setAttribute("aria-valuetext", monthName(month));
    const rows = state.geo.features.map((f) => [shortName(f.properties.short), counts[f.properties.route] || 0])
      .concat(state.geo.other.map((o) => [window.sw.t("flows.fx.noGeo", { route: shortName(o.short) }), counts[o.route] || 0]))
      .sort((a, b) => b[1] - a[1]);
    const total = rows.reduce((s, r) => s + r[1], 0);
    document.getElementById("frontex-table").innerHTML =
      `<caption>${window.sw.esc(window.sw.t("flows.fx.caption", { month: monthName(month) }))}</caption>` +
      `<thead><tr><th scope="col">${window.sw.esc(window.sw.t("flows.fx.route"))}</th><th scope="col" class="num">${window.sw.esc(window.sw.t("flows.nat.detections"))}</th></tr></thead><tbody>` +
      rows.map(([r, d]) => `<tr><td>${window.sw.esc(r)}</td><td class="num">${window.swCharts.fmt(d)}</td></tr>`).join("") +
      `</tbody><tfoot><tr><th scope="row">${window.sw.esc(window.sw.t("flows.fx.all"))}</th><td class="num">${window.swCharts.fmt(total)}</td></tr></tfoot>`;
    document.body.dataset.frontexMonth = month;
  }

  async function init(container, geo, rows) {
    state.geo = geo;
    for (const r of rows) {
      const m = state.byMonth.get(r.period) || {};
      m[r.route] = (m[r.route] || 0) + r.detections;
      state.byMonth.set(r.period, m);
    }
    const onMap = new Set(geo.features.map((f) => f.properties.route));
    state.max = Math.max(1, ...[...state.byMonth.values()].flatMap((m) =>
      Object.entries(m).filter(([route]) => onMap.has(route)).map(([, d]) => d)));
    state.months = monthsBetween(geo.first_month, geo.last_month);

    const slider = document.getElementById("frontex-month");
    slider.min = "0";
    slider.max = String(state.months.length - 1);
    slider.addEventListener("input", () => setMonth(state.months[Number(slider.value)]));
    document.getElementById("frontex-prev").addEventListener("click", () =>
      setMonth(state.months[Math.max(0, state.months.indexOf(state.month) - 1)]));
    document.getElementById("frontex-next").addEventListener("click", () =>
      setMonth(state.months[Math.min(state.months.length - 1, state.months.indexOf(state.month) + 1)]));

    const map = new maplibregl.Map({
      container,
      style: await sw.basemapStyle(0.75),
      bounds: [[-19, 13], [33, 57]], fitBoundsOptions: { padding: 10 },
      attributionControl: false, preserveDrawingBuffer: true, dragRotate: false,
    });
    state.map = map;
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    map.addControl(new maplibregl.AttributionControl({
      customAttribution: window.sw.t("flows.fx.attribution") }), "bottom-right");
    await new Promise((ok) => map.on("load", ok));
    map.addSource("routes", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addSource("route-symbols", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "routes", type: "line", source: "routes", layout: { "line-cap": "round", "line-join": "round" },
      paint: { "line-color": "#f2994a", "line-width": ["get", "w"], "line-opacity": 0.85 } });
    map.addLayer({ id: "route-symbols", type: "circle", source: "route-symbols",
      paint: { "circle-radius": ["get", "r"], "circle-color": "#eb5757", "circle-opacity": 0.6,
        "circle-stroke-color": "#ffd7d7", "circle-stroke-width": 1 } });
    for (const f of geo.features) {
      if (!f.properties.label) continue;
      const node = document.createElement("div");
      node.className = "flows-route-label";
      node.dataset.route = f.properties.route;
      node.innerHTML = `${window.sw.esc(shortName(f.properties.short))} <b></b>`;
      const marker = new maplibregl.Marker({ element: node, anchor: "left", offset: [8, 0] })
        .setLngLat(f.properties.label).addTo(map);
      state.markers.set(f.properties.route, marker);
    }
    const scale = document.getElementById("frontex-scale");
    scale.innerHTML = [1000, 10000, 100000].filter((d) => d <= state.max).map((d) => {
      const px = (2 * radius(d)).toFixed(1);
      return `<span><i style="width:${px}px;height:${px}px"></i>${window.swCharts.fmt(d)}</span>`;
    }).join("") + `<span>${window.sw.esc(window.sw.t("flows.fx.perMonth"))}</span>`;
    setMonth(geo.month);
    window.swFlowsMap.ready = true;
    document.body.dataset.flowsMapReady = "1";
  }

  function detections() {
    return features(state.month).points.map((p) => [p.properties.route, p.properties.detections, p.properties.r]);
  }

  window.swFlowsMap = { init, setMonth, detections, ready: false, get month() { return state.month; } };
})();
