// SPDX-License-Identifier: EUPL-1.2
/* The mariner's tools on the live map: the cursor position (degrees and decimal minutes,
 * or decimal degrees), measuring distance and bearing between two points, range rings
 * around a point, the port names, and the legend of track classes.
 * Exposes window.swTools (and sw.position, used by every panel). */
"use strict";
(function () {
  const NM_M = 1852, EARTH_M = 6371008.8;
  const esc = (x) => sw.esc(x), t = (k, p) => sw.t(k, p);
  let map = null, mode = null, points = [];
  let format = localStorage.getItem("sw_posfmt") || "dm";

  function dm(value, pos, neg, width) {
    const hemi = value >= 0 ? pos : neg;
    const a = Math.abs(value);
    let deg = Math.floor(a), min = (a - deg) * 60;
    if (min >= 59.9995) { deg += 1; min = 0; }
    return `${String(deg).padStart(width, "0")}°${sw.num(min, 3).padStart(6, "0")}′${t("compass." + hemi)}`;
  }
  function dms(value, pos, neg, width) {
    const hemi = value >= 0 ? pos : neg;
    let s = Math.round(Math.abs(value) * 36000) / 10;  // tenths of a second
    const deg = Math.floor(s / 3600); s -= deg * 3600;
    const min = Math.floor(s / 60); s -= min * 60;
    return `${String(deg).padStart(width, "0")}°${String(min).padStart(2, "0")}′${sw.num(s, 1).padStart(4, "0")}″${t("compass." + hemi)}`;
  }
  /** "50°57,123′N 001°45,678′E" (degrees and decimal minutes), "50°57′07,4″N 001°45′40,7″E"
   *  (degrees, minutes, seconds) or "50,95205° 1,76130°" (decimal degrees). */
  function position(lat, lon) {
    if (lat === undefined || lon === undefined || lat === null) return "—";
    if (format === "dd") return `${sw.num(lat, 5)}° ${sw.num(lon, 5)}°`;
    if (format === "dms") return `${dms(lat, "N", "S", 2)} ${dms(lon, "E", "W", 3)}`;
    return `${dm(lat, "N", "S", 2)} ${dm(lon, "E", "W", 3)}`;
  }
  sw.position = position;

  /** Great-circle distance (m) and initial true bearing (°) from a to b ([lon, lat]). */
  function distanceBearing(a, b) {
    const r = Math.PI / 180;
    const [l1, p1, l2, p2] = [a[0] * r, a[1] * r, b[0] * r, b[1] * r];
    const h = Math.sin((p2 - p1) / 2) ** 2 + Math.cos(p1) * Math.cos(p2) * Math.sin((l2 - l1) / 2) ** 2;
    const d = 2 * EARTH_M * Math.asin(Math.sqrt(h));
    const y = Math.sin(l2 - l1) * Math.cos(p2);
    const x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(l2 - l1);
    return { m: d, deg: (Math.atan2(y, x) / r + 360) % 360 };
  }

  function ring(c, radiusM, n = 72) {
    const out = [];
    for (let i = 0; i <= n; i++) {
      const a = (i / n) * 2 * Math.PI;
      out.push([c[0] + radiusM * Math.sin(a) / (111320 * Math.cos(c[1] * Math.PI / 180)), c[1] + radiusM * Math.cos(a) / 111320]);
    }
    return out;
  }

  function draw() {
    const features = [];
    if (points.length) features.push(...points.map((p) => ({ type: "Feature", geometry: { type: "Point", coordinates: p }, properties: {} })));
    if (mode === "measure" && points.length === 2) {
      features.push({ type: "Feature", geometry: { type: "LineString", coordinates: points }, properties: {} });
    }
    if (mode === "rings" && points.length === 1) {
      for (const nm of [1, 2, 5, 10]) features.push({ type: "Feature", geometry: { type: "LineString", coordinates: ring(points[0], nm * NM_M) }, properties: { nm } });
    }
    map.getSource("tools").setData({ type: "FeatureCollection", features });
  }

  function say(text) { document.getElementById("tool-result").textContent = text; }

  function setMode(next) {
    mode = mode === next ? null : next;
    points = [];
    for (const b of document.querySelectorAll("[data-tool]")) b.setAttribute("aria-pressed", String(b.dataset.tool === mode));
    map.getCanvas().style.cursor = mode ? "crosshair" : "";
    say(mode ? t("tools.hint." + mode) : "");
    draw();
  }

  function onClick(ev) {
    if (!mode) return;
    const p = [ev.lngLat.lng, ev.lngLat.lat];
    if (mode === "measure") {
      points = points.length === 2 ? [p] : [...points, p];
      if (points.length === 2) {
        const r = distanceBearing(points[0], points[1]);
        say(t("tools.measured", { nm: r.m / NM_M, km: r.m / 1000, deg: Math.round(r.deg) % 360 }));
      } else say(t("tools.hint.measure2"));
    } else {
      points = [p];
      say(t("tools.rings", { position: position(p[1], p[0]) }));
    }
    draw();
  }

  function ports(zones) {
    for (const f of (zones && zones.features) || []) {
      const kind = f.properties.kind;
      if ((kind !== "port" && kind !== "place") || f.geometry.type !== "Point") continue;
      const el = document.createElement("div");
      el.className = kind === "port" ? "sw-place" : "sw-place sw-place-coast";
      el.setAttribute("translate", "no");  // a place name, written as the place writes it
      el.textContent = f.properties.name;
      new maplibregl.Marker({ element: el, anchor: "left", offset: [6, 0] }).setLngLat(f.geometry.coordinates).addTo(map);
    }
    const toggle = () => {
      document.body.classList.toggle("sw-places-hidden", map.getZoom() < 7.5);
      document.body.classList.toggle("sw-coast-hidden", map.getZoom() < 9.5);  // beaches, headlands: closer in
    };
    map.on("zoom", toggle); toggle();
  }

  function legend() {
    const classes = ["small_boat", "dark_contact", "ais_vessel", "unknown"];
    document.getElementById("legend").innerHTML = classes.map((c) =>
      `<li><span class="sw-swatch sw-cls-${c}" aria-hidden="true"></span>${esc(t("class." + c))}</li>`).join("") +
      `<li><span class="sw-swatch sw-ring-alert" aria-hidden="true"></span>${esc(t("legend.alert"))}</li>` +
      `<li><span class="sw-swatch sw-ring-selected" aria-hidden="true"></span>${esc(t("legend.selected"))}</li>`;
  }

  async function init(m) {
    map = m;
    map.addSource("tools", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "tools-line", type: "line", source: "tools", paint: { "line-color": "#ffe14d", "line-width": 2, "line-dasharray": [3, 2] } });
    map.addLayer({ id: "tools-point", type: "circle", source: "tools", filter: ["==", ["geometry-type"], "Point"],
      paint: { "circle-radius": 4, "circle-color": "#ffe14d" } });
    map.on("click", onClick);
    const readout = document.getElementById("cursor-position");
    map.on("mousemove", (ev) => { readout.textContent = position(ev.lngLat.lat, ev.lngLat.lng); });
    for (const b of document.querySelectorAll("[data-tool]")) b.addEventListener("click", () => setMode(b.dataset.tool));
    const fmt = document.getElementById("position-format");
    fmt.value = format;
    fmt.addEventListener("change", () => { format = fmt.value; localStorage.setItem("sw_posfmt", format); });
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && mode) setMode(mode); });
    legend();
    try { ports(await sw.api("/api/zones", { noRedirect: true })); } catch (e) { /* no zones for this role */ }
  }

  window.swTools = { init, position, distanceBearing, busy: () => mode !== null, setMode,
    setFormat: (f) => { format = f; } };
})();
