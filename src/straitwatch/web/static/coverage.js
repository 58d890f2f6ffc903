// SPDX-License-Identifier: EUPL-1.2
/* Sensor health on the live map: each declared sensor's coverage drawn by its state —
 * reporting, drifting, silent (the coverage hole it leaves, filled red), no reports yet —
 * for the whole day or for one hour of it (reports per hour of the day, UTC, as the
 * pipeline counted them), with a table of the sensors. Data: GET /api/sensors, refreshed
 * every few seconds. Exposes window.swCoverage.
 */
"use strict";
(function () {
  const COLOURS = { reporting: "#6fcf97", drifting: "#f2994a", silent: "#eb5757", quiet_hour: "#eb5757", no_reports: "#828282" };
  const HOLES = ["silent", "quiet_hour"];
  const REFRESH_MS = 5000;
  let map = null, circle = null, sensors = [], hour = "all";

  /** The state shown for one sensor: its status, or at a chosen hour `quiet_hour` where it
   *  has never reported in that hour (a hole in the coverage at that time of day). */
  function shown(s) {
    const h = s.health;
    if (hour === "all" || h.status === "no_reports") return h.status;
    return h.reports_by_hour[Number(hour)] > 0 ? h.status : "quiet_hour";
  }

  function draw() {
    if (!map || !map.getSource("coverage")) return;
    const features = sensors.filter((s) => s.max_range_m).map((s) => ({ type: "Feature",
      geometry: circle(s.lon, s.lat, s.max_range_m), properties: { id: s.id, kind: s.kind, status: shown(s) } }));
    map.getSource("coverage").setData({ type: "FeatureCollection", features });
    const t = sw.t, esc = sw.esc;
    document.getElementById("coverage-table").innerHTML = sensors.map((s) => {
      const st = shown(s), last = s.health.last_report;
      return `<tr data-sensor="${esc(s.id)}" data-status="${esc(st)}"><td><span class="sw-swatch" style="background:${COLOURS[st]}"></span> ${esc(s.id)}</td>` +
        `<td>${esc(t("coverage.status." + st))}</td><td class="sw-muted">${last ? esc(sw.utcTime(last)) : "—"}</td></tr>`;
    }).join("");
    document.getElementById("coverage-panel").dataset.hour = hour;
  }

  async function refresh() {
    try {
      const body = await sw.api("/api/sensors", { noRedirect: true });
      sensors = body.sensors;
      draw();
    } catch (e) { /* a role without sensors.read: the panel stays empty, the map works */ }
  }

  function hourPicker() {
    const select = document.getElementById("coverage-hour");
    const pad = (n) => String(n).padStart(2, "0");
    select.innerHTML = `<option value="all">${sw.esc(sw.t("coverage.allDay"))}</option>` +
      Array.from({ length: 24 }, (_, h) => `<option value="${h}">${sw.esc(sw.t("coverage.hourRange",
        { from: pad(h) + ":00", to: pad((h + 1) % 24) + ":00" }))}</option>`).join("");
    select.addEventListener("change", () => { hour = select.value; draw(); });
  }

  /** Called by the map once it is loaded, with its circle() and addToggle(). */
  function init(theMap, sensorList, circleFn, addToggle) {
    map = theMap; circle = circleFn; sensors = sensorList || [];
    map.addSource("coverage", { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({ id: "coverage-holes", type: "fill", source: "coverage",
      filter: ["in", ["get", "status"], ["literal", HOLES]],
      paint: { "fill-color": COLOURS.silent, "fill-opacity": 0.22 } });
    map.addLayer({ id: "coverage", type: "line", source: "coverage",
      paint: { "line-color": ["match", ["get", "status"], ...Object.entries(COLOURS).flat(), "#828282"],
        "line-width": 1.2, "line-opacity": 0.7 } });
    addToggle("coverage_holes", ["coverage-holes"], true);
    addToggle("coverage", ["coverage"], false);
    map.setLayoutProperty("coverage", "visibility", "none");
    hourPicker();
    draw();
    setInterval(refresh, REFRESH_MS);
  }

  window.swCoverage = { init, refresh, COLOURS };
})();
