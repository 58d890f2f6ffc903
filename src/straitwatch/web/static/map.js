// SPDX-License-Identifier: EUPL-1.2
/* The map of the live picture: MapLibre GL JS over a Natural Earth basemap (bundled
 * world-atlas 1:10m, no tile server), with the zones, sensor coverage, and the tracks
 * (by class, with heading vectors and trails). Exposes window.swMap. */
"use strict";
(function () {
  const CLASS_COLOURS = {
    ais_vessel: "#4fa3e0", dark_contact: "#f2994a", small_boat: "#eb5757", unknown: "#bdbdbd",
  };
  const ZONE_STYLE = {
    departure_sector: { type: "fill", paint: { "fill-color": "#eb5757", "fill-opacity": 0.12 } },
    arrival_sector: { type: "fill", paint: { "fill-color": "#6fcf97", "fill-opacity": 0.1 } },
    territorial_sea: { type: "line", paint: { "line-color": "#9b8cff", "line-width": 1, "line-dasharray": [2, 2] } },
    median_line: { type: "line", paint: { "line-color": "#ffffff", "line-width": 1.5, "line-dasharray": [4, 2] } },
    sar_region: { type: "line", paint: { "line-color": "#f2c94c", "line-width": 1 } },
    sar_boundary: { type: "line", paint: { "line-color": "#f2c94c", "line-width": 2 } },
    tss_lane: { type: "fill", paint: { "fill-color": "#56ccf2", "fill-opacity": 0.12 } },
    tss_separation: { type: "fill", paint: { "fill-color": "#bb6bd9", "fill-opacity": 0.18 } },
    port: { type: "circle", paint: { "circle-color": "#ffffff", "circle-radius": 3 } },
  };
  const TRACK_LAYERS = ["tracks-ais_vessel", "tracks-dark_contact", "tracks-small_boat", "tracks-unknown"];
  const TRAIL_POINTS = 40;
  const VECTOR_MIN = 6; // heading vector length: where the track will be in 6 minutes

  const tracks = new Map();   // track_id -> track JSON
  const trails = new Map();   // track_id -> [[lon, lat], ...]
  let map = null;
  let dirty = false;
  const layerGroups = {};     // toggle label -> [layer ids]

  function empty() { return { type: "FeatureCollection", features: [] }; }

  function ahead(t) {
    const dist_m = t.speed_kn * 1852 / 60 * VECTOR_MIN;
    const rad = t.course_deg * Math.PI / 180;
    const dlat = dist_m * Math.cos(rad) / 111320;
    const dlon = dist_m * Math.sin(rad) / (111320 * Math.cos(t.lat * Math.PI / 180));
    return [t.lon + dlon, t.lat + dlat];
  }

  function render() {
    if (!dirty || !map || !map.getSource("tracks")) return;
    dirty = false;
    const points = [], vectors = [], lines = [];
    for (const t of tracks.values()) {
      points.push({ type: "Feature", id: undefined, geometry: { type: "Point", coordinates: [t.lon, t.lat] },
        properties: { track_id: t.track_id, cls: t.class, course: t.course_deg } });
      if (t.speed_kn > 0.5) vectors.push({ type: "Feature", geometry: { type: "LineString",
        coordinates: [[t.lon, t.lat], ahead(t)] }, properties: { cls: t.class } });
      const tr = trails.get(t.track_id);
      if (tr && tr.length > 1) lines.push({ type: "Feature", geometry: { type: "LineString", coordinates: tr },
        properties: { cls: t.class } });
    }
    map.getSource("tracks").setData({ type: "FeatureCollection", features: points });
    map.getSource("vectors").setData({ type: "FeatureCollection", features: vectors });
    map.getSource("trails").setData({ type: "FeatureCollection", features: lines });
    const sel = highlighted && tracks.get(highlighted);
    map.getSource("selected").setData({ type: "FeatureCollection", features: sel ? [{ type: "Feature",
      geometry: { type: "Point", coordinates: [sel.lon, sel.lat] }, properties: {} }] : [] });
    document.getElementById("track-count").textContent = String(tracks.size);
  }

  function upsertTracks(list, replace) {
    if (replace) { tracks.clear(); trails.clear(); }
    for (const t of list) {
      if (t.status === "ended") { tracks.delete(t.track_id); trails.delete(t.track_id); continue; }
      tracks.set(t.track_id, t);
      const tr = trails.get(t.track_id) || [];
      tr.push([t.lon, t.lat]);
      if (tr.length > TRAIL_POINTS) tr.shift();
      trails.set(t.track_id, tr);
    }
    dirty = true;
  }

  /** A layer switch; `name` names the layer group (message "layer.<name>"). */
  function addToggle(name, ids, checked = true) {
    layerGroups[name] = ids;
    const box = document.getElementById("layers");
    const id = "layer-" + name.replace(/[^a-z]+/g, "-");
    const row = document.createElement("label");
    row.className = "sw-toggle";
    row.innerHTML = `<input type="checkbox" id="${id}" ${checked ? "checked" : ""}> ${sw.esc(sw.t("layer." + name))}`;
    row.querySelector("input").addEventListener("change", (ev) => {
      for (const l of ids) map.setLayoutProperty(l, "visibility", ev.target.checked ? "visible" : "none");
    });
    box.appendChild(row);
  }

  function circle(lon, lat, radius_m, n = 64) {
    const ring = [];
    for (let i = 0; i <= n; i++) {
      const a = (i / n) * 2 * Math.PI;
      ring.push([lon + radius_m * Math.sin(a) / (111320 * Math.cos(lat * Math.PI / 180)),
        lat + radius_m * Math.cos(a) / 111320]);
    }
    return { type: "Polygon", coordinates: [ring] };
  }

  // Each overlay on its own: a role that may not see one (the DPO and the sensors) still
  // gets the others and a working page.
  async function optional(path) {
    try { return await sw.api(path, { noRedirect: true }); }
    catch (e) { document.getElementById("map-notes").textContent = e.message; return null; }
  }

  async function addOverlays() {
    const [zones, sensors] = await Promise.all([optional("/api/zones"), optional("/api/sensors")]);
    map.addSource("zones", { type: "geojson", data: zones || empty() });
    for (const [kind, style] of Object.entries(ZONE_STYLE)) {
      const id = "zone-" + kind;
      map.addLayer({ id, type: style.type, source: "zones", filter: ["==", ["get", "kind"], kind], paint: style.paint });
      addToggle(kind, [id], kind !== "arrival_sector");
    }
    window.swCoverage.init(map, sensors ? sensors.sensors : [], circle, addToggle);
    map.setLayoutProperty("zone-arrival_sector", "visibility", "none");

    for (const name of ["trails", "vectors", "tracks"]) map.addSource(name, { type: "geojson", data: empty() });
    map.addLayer({ id: "trails", type: "line", source: "trails",
      paint: { "line-color": ["match", ["get", "cls"], ...Object.entries(CLASS_COLOURS).flat(), "#bdbdbd"],
        "line-width": 1.2, "line-opacity": 0.55 } });
    map.addLayer({ id: "vectors", type: "line", source: "vectors",
      paint: { "line-color": ["match", ["get", "cls"], ...Object.entries(CLASS_COLOURS).flat(), "#bdbdbd"], "line-width": 1.5 } });
    const trackIds = [];
    for (const id of TRACK_LAYERS) {
      const cls = id.slice(7);
      map.addLayer({ id, type: "circle", source: "tracks", filter: ["==", ["get", "cls"], cls],
        paint: { "circle-radius": cls === "small_boat" ? 6 : 4, "circle-color": CLASS_COLOURS[cls],
          "circle-stroke-color": "#06131f", "circle-stroke-width": 1 } });
      addToggle(cls, [id]);
      trackIds.push(id);
      map.on("click", id, (ev) => {
        if (window.swTools && window.swTools.busy()) return;
        window.swTargets.select(ev.features[0].properties.track_id);
      });
      map.on("mousemove", id, (ev) => {
        map.getCanvas().style.cursor = "pointer";
        const tr = tracks.get(ev.features[0].properties.track_id);
        if (!tr) return;
        tooltip.setLngLat([tr.lon, tr.lat]).setHTML(`<b>${sw.esc(tr.name || tr.track_id)}</b><br>` +
          `${sw.esc(sw.t("class." + tr.class))} · ${sw.esc(sw.t("unit.kn", { value: tr.speed_kn }))}`).addTo(map);
      });
      map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; tooltip.remove(); });
    }
    addToggle("trails", ["trails"]);
    addToggle("vectors", ["vectors"]);

    // The selected track: a ring that follows it. Open alerts: a marker where each was raised.
    map.addSource("selected", { type: "geojson", data: empty() });
    map.addLayer({ id: "selected", type: "circle", source: "selected",
      paint: { "circle-radius": 13, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#ffe14d", "circle-stroke-width": 3 } });
    map.addSource("alerts", { type: "geojson", data: empty() });
    map.addLayer({ id: "alerts", type: "circle", source: "alerts",
      paint: { "circle-radius": 10, "circle-color": "rgba(0,0,0,0)", "circle-stroke-width": 2.5,
        "circle-stroke-color": ["match", ["get", "severity"], "critical", "#ff3b3b", "high", "#f2994a", "#f2c94c"] } });
    addToggle("alerts", ["alerts"]);
    map.on("click", "alerts", (ev) => {
      const id = ev.features[0].properties.alert_id;
      const card = document.querySelector(`#alerts [data-alert-id="${CSS.escape(id)}"]`);
      if (card) { card.scrollIntoView({ block: "nearest" }); card.querySelector("button").focus(); }
    });
  }

  async function init() {
    map = new maplibregl.Map({
      container: "map",
      style: await sw.basemapStyle(),
      center: [1.1, 50.85], zoom: 8, attributionControl: false, preserveDrawingBuffer: true,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    map.addControl(new maplibregl.ScaleControl({ unit: "nautical" }), "bottom-left");
    map.addControl(new maplibregl.AttributionControl({
      customAttribution: sw.t("map.attribution") }), "bottom-right");
    await new Promise((ok) => map.on("load", ok));
    await addOverlays();
    if (window.swTools) window.swTools.init(map);
    setInterval(render, 250);
    window.swMap.ready = true;
    document.body.dataset.mapReady = "1";
  }

  const tooltip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "sw-tooltip", offset: 10 });
  let highlighted = null;
  function highlight(id) { highlighted = id; dirty = true; }
  function setAlerts(list) {
    if (!map || !map.getSource("alerts")) return;
    map.getSource("alerts").setData({ type: "FeatureCollection", features: list.map((a) => {
      const p = (a.detail && a.detail.last_position) || a;
      return { type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] },
        properties: { alert_id: a.alert_id, severity: a.severity, type: a.type } };
    }) });
  }
  function flyTo(lon, lat) { if (map) map.flyTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), 10) }); }
  function trail(id) { return trails.get(id) || []; }

  window.swMap = { init, upsertTracks, flyTo, trail, tracks, highlight, setAlerts, ready: false,
    get map() { return map; } };
})();
