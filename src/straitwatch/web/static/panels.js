/* The side panels of the live picture: alerts (sorted by severity then age, with
 * acknowledge / assign / resolve), the distress banner, track detail, replay controls.
 * Exposes window.swPanels. */
"use strict";
(function () {
  const RANK = { critical: 3, high: 2, warning: 1, info: 0 };
  const OUTCOMES = ["rescued", "intercepted", "prevented", "landed", "false_alarm", "lost_contact"];
  const alerts = new Map();
  const seenDistress = new Set();
  let me = null;

  function order(a, b) {
    return (RANK[b.severity] - RANK[a.severity]) || a.time.localeCompare(b.time);
  }

  function actions(a) {
    if (a.state === "resolved") return `<span class="sw-muted">${sw.esc(sw.t("alert.state.resolved"))} · ${sw.esc(a.outcome ? sw.t("outcome." + a.outcome) : "")}</span>`;
    const b = [];
    if (a.state === "new") b.push(`<button data-act="acknowledge">${sw.esc(sw.t("alert.act.acknowledge"))}</button>`);
    if (a.state === "acknowledged" || a.state === "assigned") b.push(`<button data-act="assign">${sw.esc(sw.t("alert.act.assign"))}</button>`);
    b.push(`<button data-act="resolve">${sw.esc(sw.t("alert.act.resolve"))}</button>`);
    return b.join("");
  }

  function renderAlerts() {
    const list = [...alerts.values()].filter((a) => a.state !== "resolved").sort(order);
    const ol = document.getElementById("alerts");
    ol.innerHTML = list.map((a) => `
      <li class="sw-alert sw-sev-${sw.esc(a.severity)} sw-type-${sw.esc(a.type)}" data-alert-id="${sw.esc(a.alert_id)}"
          data-testid="alert" data-type="${sw.esc(a.type)}" data-state="${sw.esc(a.state)}">
        <div class="sw-alert-head"><b>${sw.esc(sw.t("alert.type." + a.type))}</b>
          <span class="sw-sev">${sw.esc(sw.t("alert.severity." + a.severity))}</span><span class="sw-state">${sw.esc(sw.t("alert.state." + a.state))}</span></div>
        <div>${sw.esc(a.summary)}</div>
        <div class="sw-muted">${sw.esc(sw.utc(a.time))} · ${sw.esc((a.routed_to || []).join(", "))}
          ${a.assigned_unit ? " · " + sw.esc(a.assigned_unit) : ""}</div>
        <div class="sw-actions">${actions(a)}</div>
      </li>`).join("");
    document.getElementById("alert-count").textContent = String(list.length);
  }

  function banner() {
    const open = [...alerts.values()].filter((a) => a.type === "distress" && a.state === "new");
    const el = document.getElementById("distress-banner");
    if (!open.length) { el.hidden = true; return; }
    const a = open.sort(order)[0];
    el.innerHTML = `<b>${sw.esc(sw.t("distress.banner"))}</b> ${sw.esc(a.summary)} · ${sw.esc(sw.utc(a.time))}
      <button data-alert-id="${sw.esc(a.alert_id)}" data-act="show">${sw.esc(sw.t("alert.act.show"))}</button>
      <button data-alert-id="${sw.esc(a.alert_id)}" data-act="acknowledge">${sw.esc(sw.t("alert.act.acknowledge"))}</button>`;
    el.hidden = false;
  }

  function beep() {
    try {
      const ctx = new AudioContext(), o = ctx.createOscillator();
      o.frequency.value = 880; o.connect(ctx.destination); o.start(); o.stop(ctx.currentTime + 0.3);
    } catch (e) { /* sound is optional; the banner is not */ }
  }

  function upsertAlerts(list, replace) {
    if (replace) alerts.clear();
    for (const a of list) {
      alerts.set(a.alert_id, a);
      if (a.type === "distress" && a.state === "new" && !seenDistress.has(a.alert_id)) {
        seenDistress.add(a.alert_id);
        if (!replace) beep();
      }
    }
    renderAlerts();
    banner();
  }

  async function act(alertId, verb) {
    const a = alerts.get(alertId);
    if (verb === "show") { if (a) window.swMap.flyTo(a.lon, a.lat); return; }
    let body;
    if (verb === "assign") {
      const unit = prompt("Assign to which unit (name or call sign)?", "");
      if (!unit) return;
      body = { unit };
    } else if (verb === "resolve") {
      const outcome = prompt("Outcome: " + OUTCOMES.join(", "), "rescued");
      if (!outcome) return;
      body = { outcome: outcome.trim() };
    }
    try {
      const updated = await sw.api(`/api/alerts/${encodeURIComponent(alertId)}/${verb}`, { method: "POST", body });
      upsertAlerts([updated], false);
      sw.toast(`Alert ${verb}d`, "ok");
    } catch (e) {
      sw.toast(e.message, "error");
    }
  }

  function onClick(ev) {
    const btn = ev.target.closest("button[data-act]");
    if (!btn) return;
    const id = btn.dataset.alertId || btn.closest("[data-alert-id]").dataset.alertId;
    act(id, btn.dataset.act);
  }

  async function showTrack(trackId) {
    const el = document.getElementById("track-detail");
    try {
      const t = await sw.api("/api/tracks/" + encodeURIComponent(trackId));
      const linked = t.alerts.map((a) => `<li>${sw.esc(a.type)} · ${sw.esc(a.state)} · ${sw.esc(sw.utc(a.time))}</li>`).join("");
      el.innerHTML = `<h2>Track ${sw.esc(t.track_id)} <button class="sw-close" aria-label="Close">×</button></h2>
        <dl>
          <dt>Class</dt><dd data-testid="track-class">${sw.esc(t.class.replace("_", " "))} (${sw.esc(t.status)})</dd>
          <dt>Identity</dt><dd>${t.mmsi ? "MMSI " + sw.esc(t.mmsi) : "none (no AIS)"} ${sw.esc(t.name || "")}</dd>
          <dt>Speed / course</dt><dd>${t.speed_kn.toFixed(1)} kn / ${t.course_deg.toFixed(0)}°</dd>
          <dt>Position</dt><dd>${t.lat.toFixed(4)}, ${t.lon.toFixed(4)} (±${t.sigma_m.toFixed(0)} m)</dd>
          <dt>Sensors</dt><dd>${sw.esc(t.sources.join(", ") || "—")}</dd>
          ${t.persons_estimate ? `<dt>Persons (est.)</dt><dd>${sw.esc(t.persons_estimate)}</dd>` : ""}
          <dt>First seen</dt><dd>${sw.esc(sw.utc(t.first_seen || t.time))}</dd>
          <dt>History</dt><dd>${t.history.length} points since ${sw.esc(sw.utc(t.history.length ? t.history[0].time : t.time))}</dd>
        </dl>
        <h3>Alerts</h3><ul>${linked || "<li class='sw-muted'>none</li>"}</ul>`;
      el.hidden = false;
      el.querySelector(".sw-close").addEventListener("click", () => { el.hidden = true; });
    } catch (e) {
      sw.toast(e.message, "error");
    }
  }

  let replayBusy = false;
  function showReplay(info) {
    if (!info) return;
    document.getElementById("replay-panel").hidden = false;
    document.getElementById("replay-clock").textContent =
      `${sw.utc(info.clock)} · ×${info.speed} · ${(info.position_s / 60).toFixed(0)}/${(info.duration_s / 60).toFixed(0)} min`;
    const slider = document.getElementById("replay-position");
    slider.max = String(Math.floor(info.duration_s));
    if (!replayBusy && document.activeElement !== slider) slider.value = String(Math.floor(info.position_s));
    const speed = document.getElementById("replay-speed");
    if (document.activeElement !== speed) speed.value = String(info.speed);
  }

  async function control(body) {
    replayBusy = true;
    try { showReplay(await sw.api("/api/replay", { method: "POST", body })); }
    catch (e) { sw.toast(e.message, "error"); }
    finally { replayBusy = false; }
  }

  function init(user) {
    me = user;
    document.getElementById("alerts").addEventListener("click", onClick);
    document.getElementById("distress-banner").addEventListener("click", onClick);
    document.getElementById("replay-position").addEventListener("change", (ev) => control({ position_s: Number(ev.target.value) }));
    document.getElementById("replay-speed").addEventListener("change", (ev) => control({ speed: Number(ev.target.value) }));
  }

  window.swPanels = { init, upsertAlerts, showTrack, showReplay, alerts };
})();
