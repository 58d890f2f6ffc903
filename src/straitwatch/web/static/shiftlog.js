// SPDX-License-Identifier: EUPL-1.2
/* The shift log: every alert of the watch and everything done about it (raised,
 * acknowledged, assigned, notes, outcome), in time order, with the alerts still open at
 * hand-over and who holds them; printable (the browser's print, a print style sheet).
 * The period is ?from=…&to=… (UTC, ISO 8601), by default the last 12 hours. */
"use strict";
(function () {
  const t = (k, p) => sw.t(k, p), esc = (x) => sw.esc(x);
  const HOUR = 3600e3;

  function period() {
    const q = new URLSearchParams(location.search);
    const to = q.get("to") ? new Date(q.get("to")) : new Date();
    const from = q.get("from") ? new Date(q.get("from")) : new Date(to.getTime() - 12 * HOUR);
    return [isNaN(from) ? new Date(Date.now() - 12 * HOUR) : from, isNaN(to) ? new Date() : to];
  }
  const local = (d) => d.toISOString().slice(0, 16);  // the inputs are in UTC

  /** The alert's events: [time, kind, what, who]. */
  function events(a) {
    const out = [[a.time, "raised", t("alert.raised"), ""]];
    if (a.acknowledged_at) out.push([a.acknowledged_at, "acknowledged", t("alert.state.acknowledged"), a.acknowledged_by]);
    if (a.assigned_at) out.push([a.assigned_at, "assigned", t("alert.assignedTo", { unit: a.assigned_unit || "" }), a.assigned_by]);
    for (const n of (a.detail && a.detail.notes) || []) out.push([n.at, "note", t("alert.noted", { text: n.text }), n.by]);
    if (a.resolved_at) {
      out.push([a.resolved_at, "resolved", t("outcome." + a.outcome) + (a.note ? " · " + a.note : ""), a.resolved_by]);
    }
    return out;
  }

  function alertName(a) {
    return `${t("alert.type." + a.type)} · ${t("alert.severity." + a.severity)} · ${a.alert_id}`;
  }
  function centre(a) {
    const code = a.lead_agency || (a.routed_to || [])[0];
    return code ? t("agency." + code) : "";
  }

  function draw(alerts, from, to) {
    const rows = [];
    for (const a of alerts) {
      for (const [when, kind, what, who] of events(a)) {
        const d = new Date(when);
        if (d >= from && d <= to) rows.push({ d, a, kind, what, who });
      }
    }
    rows.sort((x, y) => x.d - y.d || x.a.alert_id.localeCompare(y.a.alert_id));
    const inPeriod = new Set(rows.map((r) => r.a.alert_id));
    const open = alerts.filter((a) => a.state !== "resolved" && new Date(a.time) <= to);
    const count = (kind) => rows.filter((r) => r.kind === kind).length;
    document.getElementById("shift-heading").textContent = t("shift.period", { from: sw.utc(from), to: sw.utc(to) });
    document.getElementById("shift-summary").textContent = t("shift.summary", {
      alerts: inPeriod.size,
      raised: count("raised"), acknowledged: count("acknowledged"), notes: count("note"), resolved: count("resolved"),
      open: open.length });
    document.getElementById("shift-open").innerHTML = open.length
      ? `<thead><tr><th scope="col">${esc(t("shift.col.raised"))}</th><th scope="col">${esc(t("shift.col.alert"))}</th>` +
        `<th scope="col">${esc(t("shift.col.lead"))}</th><th scope="col">${esc(t("shift.col.position"))}</th>` +
        `<th scope="col">${esc(t("shift.col.state"))}</th></tr></thead><tbody>` +
        open.map((a) => `<tr data-alert-id="${esc(a.alert_id)}"><td class="when">${esc(sw.utc(a.time))}</td><td>${esc(alertName(a))}</td>` +
          `<td>${esc(centre(a))}</td><td>${esc(sw.position(a.lat, a.lon))}</td><td>${esc(holder(a))}</td></tr>`).join("") + "</tbody>"
      : `<tbody><tr><td class="sw-muted">${esc(t("shift.noneOpen"))}</td></tr></tbody>`;
    document.getElementById("shift-events").innerHTML = rows.length
      ? `<thead><tr><th scope="col">${esc(t("shift.col.time"))}</th><th scope="col">${esc(t("shift.col.alert"))}</th>` +
        `<th scope="col">${esc(t("shift.col.event"))}</th><th scope="col">${esc(t("shift.col.by"))}</th></tr></thead><tbody>` +
        rows.map((r) => `<tr data-alert-id="${esc(r.a.alert_id)}"><td class="when">${esc(sw.utc(r.d))}</td>` +
          `<td>${esc(alertName(r.a))}<br><span class="sw-muted">${esc(centre(r.a))}</span></td>` +
          `<td data-kind="${r.kind}">${esc(r.what)}</td><td>${esc(r.who || "—")}</td></tr>`).join("") + "</tbody>"
      : `<tbody><tr><td class="sw-muted">${esc(t("shift.none"))}</td></tr></tbody>`;
  }

  function holder(a) {
    if (a.assigned_unit) return t("alert.heldBy", { unit: a.assigned_unit });
    if (a.acknowledged_by) return t("alert.ackBy", { who: a.acknowledged_by });
    return t("alert.notAcknowledged");
  }

  async function main() {
    await sw.header("shift.title");
    const [from, to] = period();
    document.getElementById("shift-from").value = local(from);
    document.getElementById("shift-to").value = local(to);
    document.getElementById("shift-period").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = new URLSearchParams({
        from: document.getElementById("shift-from").value + ":00Z", to: document.getElementById("shift-to").value + ":00Z" });
      location.search = "?" + q;
    });
    document.getElementById("shift-print").addEventListener("click", () => window.print());
    try {
      const data = await sw.api("/api/alerts", { query: { limit: 2000 } });
      draw(data.alerts, from, to);
    } catch (e) {
      document.getElementById("shift-summary").innerHTML = `<span class="sw-error" role="alert">${esc(e.message)}</span>`;
    }
  }

  main().catch((e) => sw.toast(e.message, "error")).finally(() => sw.drawn());
})();
