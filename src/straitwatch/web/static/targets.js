// SPDX-License-Identifier: EUPL-1.2
/* Targets on the live picture: the selected vessel's panel (on the map, always in view,
 * following the track as it moves), and the target list: search by name, MMSI, call sign
 * or track id, filter by class, flag, speed and AIS/dark, sort by any column.
 * Exposes window.swTargets. */
"use strict";
(function () {
  const esc = (x) => sw.esc(x), t = (k, p) => sw.t(k, p);
  let selected = null;      // track id
  let details = null;       // the REST answer for the selected track (history, alerts)
  let sortKey = "track_id", sortDir = 1;

  // MMSI's first three digits (MID) -> flag, for the ships of the Channel (ITU MID table).
  const MID = { 232: "GB", 233: "GB", 234: "GB", 235: "GB", 226: "FR", 227: "FR", 228: "FR",
    205: "BE", 244: "NL", 245: "NL", 246: "NL", 211: "DE", 218: "DE", 209: "CY", 210: "CY",
    212: "CY", 215: "MT", 229: "MT", 248: "MT", 249: "MT", 256: "MT", 636: "LR", 538: "MH",
    351: "PA", 352: "PA", 353: "PA", 354: "PA", 355: "PA", 356: "PA", 357: "PA", 370: "PA",
    371: "PA", 372: "PA", 373: "PA", 308: "BS", 309: "BS", 311: "BS", 219: "DK", 220: "DK",
    257: "NO", 258: "NO", 259: "NO", 265: "SE", 266: "SE", 230: "FI", 224: "ES", 225: "ES",
    247: "IT", 240: "GR", 241: "GR", 237: "GR", 255: "PT", 263: "PT", 250: "IE", 273: "RU" };
  function flag(track) { return track.mmsi ? MID[String(track.mmsi).slice(0, 3)] || "" : ""; }

  function row(k, v, testid) {
    return `<dt>${esc(k)}</dt><dd${testid ? ` data-testid="${testid}"` : ""}>${esc(v)}</dd>`;
  }

  function draw() {
    const el = document.getElementById("track-detail");
    const tr = selected && window.swMap.tracks.get(selected);
    if (!selected) { el.hidden = true; return; }
    if (!tr) {
      el.innerHTML = `<h2>${esc(t("track.title", { id: selected }))}</h2><p class="sw-muted">${esc(t("track.gone"))}</p>
        <button class="sw-close" data-close>${esc(t("common.close"))}</button>`;
      el.hidden = false;
      return;
    }
    const linked = details ? details.alerts.map((a) =>
      `<li>${esc(t("alert.type." + a.type))} · ${esc(t("alert.state." + a.state))} · ${esc(sw.utcTime(a.time))}</li>`).join("") : "";
    el.innerHTML = `<h2><span>${esc(tr.name || t("track.title", { id: tr.track_id }))}</span>
        <button class="sw-close" data-close aria-label="${esc(t("common.close"))}">×</button></h2>
      <dl>
        ${row(t("track.id"), tr.track_id, "track-id")}
        ${row(t("track.class"), `${t("class." + tr.class)} (${t("track.status." + tr.status)})`, "track-class")}
        ${row(t("track.identity"), tr.mmsi ? t("track.mmsi", { mmsi: String(tr.mmsi) }) + (flag(tr) ? " · " + flag(tr) : "") : t("track.noAis"))}
        ${row(t("track.speedCourse"), `${t("unit.kn", { value: tr.speed_kn })} / ${t("unit.deg", { value: tr.course_deg })}`, "track-speed")}
        ${row(t("track.position"), sw.position(tr.lat, tr.lon), "track-position")}
        ${row(t("track.accuracy"), t("unit.m", { value: tr.sigma_m }))}
        ${row(t("track.updated"), sw.utcTime(tr.time), "track-time")}
        ${row(t("track.sensors"), (tr.sources || []).join(", ") || "—")}
        ${tr.persons_estimate ? row(t("track.persons"), sw.num(tr.persons_estimate)) : ""}
        ${row(t("track.firstSeen"), sw.utc(tr.first_seen || tr.time))}
      </dl>
      <h3>${esc(t("track.alerts"))}</h3><ul>${linked || `<li class="sw-muted">${esc(t("common.none"))}</li>`}</ul>`;
    el.hidden = false;
  }

  async function select(trackId) {
    selected = trackId;
    details = null;
    window.swMap.highlight(trackId);
    draw();
    document.getElementById("track-detail").dataset.trackId = trackId;
    try {
      const d = await sw.api("/api/tracks/" + encodeURIComponent(trackId));
      if (selected === trackId) { details = d; draw(); }
    } catch (e) { if (e.status !== 404) sw.toast(e.message, "error"); }
  }

  function close() { selected = null; details = null; window.swMap.highlight(null); draw(); }

  // --- the target list ------------------------------------------------------------------
  function matches(tr, q, cls, fl, minKn, ais) {
    if (cls && tr.class !== cls) return false;
    if (fl && flag(tr) !== fl) return false;
    if (minKn && !(tr.speed_kn >= minKn)) return false;
    if (ais === "ais" && !tr.mmsi) return false;
    if (ais === "dark" && tr.mmsi) return false;
    if (!q) return true;
    const hay = [tr.track_id, tr.name, tr.mmsi, tr.callsign].filter(Boolean).join(" ").toLowerCase();
    return hay.includes(q);
  }

  function list() {
    const f = document.getElementById("target-filters");
    const q = f.q.value.trim().toLowerCase();
    const rows = [...window.swMap.tracks.values()].filter((tr) =>
      matches(tr, q, f.cls.value, f.flag.value, Number(f.minKn.value) || 0, f.ais.value));
    const key = (tr) => (sortKey === "flag" ? flag(tr) : tr[sortKey] ?? "");
    rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * sortDir);
    const shown = rows.slice(0, 200);
    const el = document.getElementById("targets");
    const focusId = document.activeElement && document.activeElement.dataset && document.activeElement.dataset.track;
    el.innerHTML = shown.map((tr) => `<tr${tr.track_id === selected ? ' aria-selected="true"' : ""}>
      <td><button type="button" data-track="${esc(tr.track_id)}">${esc(tr.name || tr.track_id)}</button></td>
      <td>${esc(tr.mmsi || "—")}</td><td>${esc(flag(tr) || "—")}</td>
      <td>${esc(t("class." + tr.class))}</td><td class="sw-num">${esc(sw.num(tr.speed_kn, 1))}</td></tr>`).join("");
    if (focusId) { const b = el.querySelector(`[data-track="${CSS.escape(focusId)}"]`); if (b) b.focus(); }
    document.getElementById("target-count").textContent = t("targets.count", { shown: shown.length, total: rows.length });
  }

  function tick() {
    if (selected) draw();
    if (!document.getElementById("targets-panel").hidden) list();
  }

  function init() {
    const f = document.getElementById("target-filters");
    f.addEventListener("input", list);
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const first = document.querySelector("#targets [data-track]");
      if (first) select(first.dataset.track);
    });
    document.getElementById("targets").addEventListener("click", (ev) => {
      const b = ev.target.closest("[data-track]");
      if (b) { select(b.dataset.track); const tr = window.swMap.tracks.get(b.dataset.track); if (tr) window.swMap.flyTo(tr.lon, tr.lat); }
    });
    document.getElementById("targets-head").addEventListener("click", (ev) => {
      const th = ev.target.closest("[data-sort]");
      if (!th) return;
      sortDir = sortKey === th.dataset.sort ? -sortDir : 1;
      sortKey = th.dataset.sort;
      list();
    });
    document.getElementById("track-detail").addEventListener("click", (ev) => { if (ev.target.closest("[data-close]")) close(); });
    setInterval(tick, 1000);
  }

  window.swTargets = { init, select, close, list, selected: () => selected };
})();
