// SPDX-License-Identifier: EUPL-1.2
/* The alerts of the live picture: cards (severity then age) linked to the map, the
 * distress banner with its count and the alarm that repeats until every distress alert is
 * acknowledged, the workflow dialogs (assign a unit, resolve with an outcome and a note),
 * and the shift log of resolved alerts. Buttons are shown only where the access policy
 * (asked through /api/alerts/{id}/may) will accept them. Exposes window.swPanels. */
"use strict";
(function () {
  const RANK = { critical: 3, high: 2, warning: 1, info: 0 };
  const OUTCOMES = ["rescued", "intercepted", "prevented", "landed", "false_alarm", "lost_contact"];
  const ALARM_EVERY_MS = 4000;
  const alerts = new Map();
  const may = new Map();       // alert_id -> true/false (the policy's answer), or a Promise
  let me = null;
  const esc = (x) => sw.esc(x), t = (k, p) => sw.t(k, p);

  function order(a, b) {
    return (RANK[b.severity] - RANK[a.severity]) || a.time.localeCompare(b.time);
  }
  function agency(code) { return code ? t("agency." + code) : "—"; }

  // --- the policy's answer, asked once per alert ------------------------------------------
  function askMay(id) {
    if (may.has(id)) return;
    if (!me.may.includes("alerts.update")) { may.set(id, false); return; }
    may.set(id, sw.api(`/api/alerts/${encodeURIComponent(id)}/may`)
      .then((d) => { may.set(id, d.update); render(); })
      .catch(() => { may.set(id, false); render(); }));
  }

  function actions(a) {
    if (a.state === "resolved" || may.get(a.alert_id) !== true) return "";
    const b = [];
    if (a.state === "new") b.push(`<button data-act="acknowledge">${esc(t("alert.act.acknowledge"))}</button>`);
    if (a.state !== "new") b.push(`<button data-act="assign">${esc(t("alert.act.assign"))}</button>`);
    b.push(`<button data-act="resolve">${esc(t("alert.act.resolve"))}</button>`);
    return b.join("");
  }

  /** "Add note…" on every alert the user may handle, resolved ones too (a late note). */
  function noteAction(a) {
    return may.get(a.alert_id) === true ? `<button data-act="notes">${esc(t("alert.act.note"))}</button>` : "";
  }

  function facts(a) {
    const d = a.detail || {};
    const rows = [];
    const pos = d.last_position || a;
    rows.push([t("alert.position"), sw.position(pos.lat, pos.lon)]);
    if (d.persons_estimate) rows.push([t("alert.persons"), t("alert.personsValue", { n: d.persons_estimate })]);
    if (d.sar_region) rows.push([t("alert.sarRegion"), t("sar." + d.sar_region)]);
    if (d.factors && d.factors.length) rows.push([t("alert.factors"), d.factors.map((f) => t("factor." + f)).join(", ")]);
    if (d.risk_score !== undefined) rows.push([t("alert.risk"), sw.num(d.risk_score, 2)]);
    if (d.speed_kn !== undefined) rows.push([t("alert.speed"), t("unit.kn", { value: d.speed_kn })]);
    if (d.rule && d.thresholds) {
      // A behaviour event (issue 16): the rule in words, with the thresholds it applied.
      const th = d.thresholds, min = (s) => Math.round((s || 0) / 60);
      rows.push([t("alert.rule"), t("rule." + a.type, { ...th, min_duration_min: min(th.min_duration_s),
        min_gap_min: min(th.min_gap_s), preset: d.preset || "" })]);
      if (d.vessels && d.vessels.length) rows.push([t("alert.vessels"), d.vessels.join(", ")]);
      if (d.start) rows.push([t("alert.period"), d.end ? t("alert.fromTo", { from: sw.utc(d.start), to: sw.utc(d.end) })
        : t("alert.since", { from: sw.utc(d.start) })]);
    }
    return rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("");
  }

  function history(a) {
    const h = [[a.time, t("alert.raised"), ""]];
    if (a.acknowledged_at) h.push([a.acknowledged_at, t("alert.state.acknowledged"), a.acknowledged_by]);
    if (a.assigned_at) h.push([a.assigned_at, t("alert.assignedTo", { unit: a.assigned_unit || "" }), a.assigned_by]);
    if (a.resolved_at) h.push([a.resolved_at, t("outcome." + a.outcome), a.resolved_by]);
    for (const n of (a.detail && a.detail.notes) || []) h.push([n.at, t("alert.noted", { text: n.text }), n.by]);
    h.sort((x, y) => String(x[0]).localeCompare(String(y[0])));
    return h.map(([when, what, who]) => `<li>${esc(sw.utcTime(when))} · ${esc(what)}${who ? " · " + esc(who) : ""}</li>`).join("");
  }

  function card(a) {
    const holder = a.assigned_unit ? t("alert.heldBy", { unit: a.assigned_unit })
      : a.acknowledged_by ? t("alert.ackBy", { who: a.acknowledged_by }) : t("alert.notAcknowledged");
    return `<li class="sw-alert sw-sev-${esc(a.severity)} sw-type-${esc(a.type)}" data-alert-id="${esc(a.alert_id)}"
        data-testid="alert" data-type="${esc(a.type)}" data-state="${esc(a.state)}">
      <button class="sw-alert-head" data-act="show" aria-label="${esc(t("alert.showLabel", { type: t("alert.type." + a.type) }))}">
        <b>${esc(t("alert.type." + a.type))}</b>
        <span class="sw-sev">${esc(t("alert.severity." + a.severity))}</span>
        <span class="sw-state">${esc(t("alert.state." + a.state))}</span>
        <span class="sw-muted">${esc(sw.utcTime(a.time))}</span></button>
      <div class="sw-lead" data-testid="lead">${esc(t("alert.lead", { centre: agency(a.lead_agency || (a.routed_to || [])[0]) }))}</div>
      <div class="sw-muted" data-testid="holder">${esc(holder)}</div>
      <dl class="sw-facts">${facts(a)}</dl>
      ${a.note ? `<p class="sw-note">${esc(a.note)}</p>` : ""}
      <details><summary>${esc(t("alert.history"))}</summary><ol class="sw-history" data-testid="history">${history(a)}</ol></details>
      <div class="sw-actions">${actions(a)}${noteAction(a)}</div>
    </li>`;
  }

  // Re-rendering must not knock keyboard focus back to the page body: remember which
  // control had it (by alert and action) and give it back.
  function keepFocus(fn) {
    const el = document.activeElement;
    const owner = el && el.closest && el.closest("[data-alert-id]");
    const key = owner && [owner.dataset.alertId, el.dataset.act, owner.parentElement && owner.parentElement.id];
    fn();
    if (!key) return;
    const again = document.querySelector(`#${key[2]} [data-alert-id="${CSS.escape(key[0])}"] [data-act="${key[1]}"]`);
    if (again) again.focus();
  }

  function render() {
    const open = [...alerts.values()].filter((a) => a.state !== "resolved").sort(order);
    const done = [...alerts.values()].filter((a) => a.state === "resolved")
      .sort((a, b) => (b.resolved_at || "").localeCompare(a.resolved_at || ""));
    open.forEach((a) => askMay(a.alert_id));
    // Redraw a list only when it changed, so a button is not replaced under the pointer.
    const draw = (id, html) => {
      const el = document.getElementById(id);
      if (el.dataset.drawn !== html) { el.innerHTML = html; el.dataset.drawn = html; }
    };
    keepFocus(() => {
      draw("alerts", open.map(card).join(""));
      draw("shift-log", done.map(card).join("") || `<li class="sw-muted">${esc(t("alert.noneResolved"))}</li>`);
    });
    document.getElementById("alert-count").textContent = sw.num(open.length);
    document.getElementById("resolved-count").textContent = sw.num(done.length);
    banner();
    window.swMap.setAlerts(open);
  }

  // --- distress: banner with count, alarm until acknowledged ---------------------------
  let alarmTimer = null, ctx = null, beeps = 0;
  function unacknowledged() {
    return [...alerts.values()].filter((a) => a.type === "distress" && a.state === "new").sort(order);
  }
  function tone() {
    beeps += 1;
    document.body.dataset.alarmBeeps = String(beeps);
    try {
      ctx = ctx || new AudioContext();
      if (ctx.state === "suspended") ctx.resume();
      for (const [start, freq] of [[0, 880], [0.35, 660], [0.7, 880], [1.05, 660]]) {
        const o = ctx.createOscillator(), g = ctx.createGain();
        o.frequency.value = freq; g.gain.value = 0.3;
        o.connect(g); g.connect(ctx.destination);
        o.start(ctx.currentTime + start); o.stop(ctx.currentTime + start + 0.3);
      }
    } catch (e) { /* no sound device: the banner still flashes */ }
  }
  function alarm(on) {
    document.body.dataset.alarm = on ? "on" : "off";
    if (on && !alarmTimer) { tone(); alarmTimer = setInterval(tone, ALARM_EVERY_MS); }
    if (!on && alarmTimer) { clearInterval(alarmTimer); alarmTimer = null; }
  }

  function banner() {
    const open = unacknowledged();
    const el = document.getElementById("distress-banner");
    alarm(open.length > 0);
    if (!open.length) { el.hidden = true; return; }
    const a = open[0], d = a.detail || {};
    const canAck = may.get(a.alert_id) === true;
    const html = `<b>${esc(t("distress.banner"))}</b>
      <span class="sw-count" data-testid="distress-count">${esc(t("distress.count", { n: open.length }))}</span>
      <span>${esc(t("distress.summary", { persons: d.persons_estimate || 0,
        position: sw.position((d.last_position || a).lat, (d.last_position || a).lon),
        centre: agency(a.lead_agency), time: sw.utcTime(a.time) }))}</span>
      <span class="sw-spacer"></span>
      <button data-alert-id="${esc(a.alert_id)}" data-act="show">${esc(t("alert.act.show"))}</button>
      ${canAck ? `<button data-alert-id="${esc(a.alert_id)}" data-act="acknowledge">${esc(t("alert.act.acknowledge"))}</button>` : ""}`;
    // Redraw only on change: a banner rebuilt on every delta moves its buttons under the pointer.
    if (el.dataset.drawn !== html) { el.innerHTML = html; el.dataset.drawn = html; }
    el.hidden = false;
  }

  function upsertAlerts(list, replace) {
    if (replace) alerts.clear();
    for (const a of list) alerts.set(a.alert_id, a);
    render();
  }

  // --- workflow -------------------------------------------------------------------------
  const dialog = () => document.getElementById("alert-dialog");
  const TITLES = { assign: "alert.assignTitle", resolve: "alert.resolveTitle", notes: "alert.noteTitle" };
  const DO = { assign: "alert.act.assignDo", resolve: "alert.act.resolveDo", notes: "alert.act.noteDo" };
  function openDialog(a, verb) {
    const dlg = dialog();
    const body = verb === "notes"
      ? `<label>${esc(t("alert.noteText"))} <textarea name="text" rows="4" required maxlength="2000"></textarea></label>`
      : verb === "assign"
      ? `<label>${esc(t("alert.unitLabel"))} <input name="unit" required maxlength="128" value="${esc(a.assigned_unit || "")}"></label>`
      : `<fieldset><legend>${esc(t("alert.outcomeLabel"))}</legend>${OUTCOMES.map((o, i) =>
        `<label class="sw-radio"><input type="radio" name="outcome" value="${o}" ${i === 0 ? "" : ""} required> ${esc(t("outcome." + o))}</label>`).join("")}</fieldset>
        <label>${esc(t("alert.noteLabel"))} <textarea name="note" rows="3" maxlength="2000"></textarea></label>`;
    dlg.innerHTML = `<form method="dialog" data-testid="alert-form">
      <h3>${esc(t(TITLES[verb], { type: t("alert.type." + a.type) }))}</h3>
      ${body}<p class="sw-error" role="alert" hidden></p>
      <menu><button value="cancel" formnovalidate>${esc(t("common.cancel"))}</button>
      <button value="ok" data-testid="alert-submit">${esc(t(DO[verb]))}</button></menu></form>`;
    const form = dlg.querySelector("form"), err = dlg.querySelector(".sw-error");
    form.addEventListener("submit", async (ev) => {
      if (ev.submitter && ev.submitter.value === "cancel") return;
      ev.preventDefault();
      if (!form.reportValidity()) return;
      const v = Object.fromEntries(new FormData(form));
      const ok = await send(a.alert_id, verb, verb === "notes" ? { text: v.text.trim() }
        : verb === "assign" ? { unit: v.unit.trim() }
        : { outcome: v.outcome, note: (v.note || "").trim() || null }, err);
      if (ok) dlg.close();
    });
    dlg.showModal();
    const first = dlg.querySelector("input, textarea");
    if (first) first.focus();
  }

  async function send(alertId, verb, body, errorEl) {
    try {
      const updated = await sw.api(`/api/alerts/${encodeURIComponent(alertId)}/${verb}`, { method: "POST", body });
      upsertAlerts([updated], false);
      sw.toast(t("alert.done." + verb), "ok");
      return true;
    } catch (e) {
      if (errorEl) { errorEl.textContent = e.message; errorEl.hidden = false; } else sw.toast(e.message, "error");
      return false;
    }
  }

  function act(alertId, verb) {
    const a = alerts.get(alertId);
    if (!a) return;
    if (verb === "show") { window.swMap.flyTo(a.lon, a.lat); if (a.track_id) window.swPanels.showTrack(a.track_id); return; }
    if (verb === "acknowledge") { send(alertId, "acknowledge"); return; }
    openDialog(a, verb);
  }

  function onClick(ev) {
    const btn = ev.target.closest("[data-act]");
    if (!btn) return;
    const id = btn.dataset.alertId || btn.closest("[data-alert-id]").dataset.alertId;
    act(id, btn.dataset.act);
  }

  function init(user) {
    me = user;
    for (const id of ["alerts", "shift-log", "distress-banner"]) document.getElementById(id).addEventListener("click", onClick);
  }

  window.swPanels = { init, upsertAlerts, alerts, alarm: () => ({ on: !!alarmTimer, beeps }),
    showTrack: (id) => window.swTargets.select(id), showReplay: (info) => window.swReplay && window.swReplay.show(info) };
})();
