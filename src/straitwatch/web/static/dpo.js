// SPDX-License-Identifier: EUPL-1.2
/* straitwatch dpo.js — the data-protection officer's workspace: find a subject (name,
 * alias, phone, id), their file (values, source reports with review and retention
 * dates, every collection, alteration, consultation, disclosure, combination and erasure,
 * refused attempts), the signed export, erasure with a reason; reviews due; refusals.
 * Everything shown is escaped with sw.esc; every read is logged server-side.
 */
"use strict";
(function () {
  const main = document.getElementById("dpo-main");
  const params = new URLSearchParams(location.search);
  const esc = sw.esc, t = sw.t;
  const KINDS = ["collection", "alteration", "consultation", "disclosure", "combination", "erasure", "access_denied"];

  function fail(e) {
    main.innerHTML = `<p class="sw-error" role="alert" data-testid="refusal">${esc(e.message)}</p>`;
  }
  function day(v) { return v ? esc(sw.date(v)) : "—"; }

  async function search(q) {
    document.getElementById("dpo-q").value = q;
    const { subjects } = await sw.api("/api/dpo/subjects", { query: { q } });
    main.innerHTML = `<h2>${esc(t("dpo.resultsFor", { q }))}</h2>` + (subjects.length === 0
      ? `<p data-testid="no-subject">${esc(t("dpo.noSubject"))}</p>`
      : `<table class="sw-table" data-testid="subjects"><thead><tr><th>${esc(t("dpo.subject"))}</th>
         <th>${esc(t("dpo.schema"))}</th><th>${esc(t("dpo.owner"))}</th><th>${esc(t("dpo.matchedOn"))}</th></tr></thead>
         <tbody>${subjects.map((s) => `<tr><td><a href="/static/dpo.html?id=${encodeURIComponent(s.entity_id)}">
         ${esc(s.caption)}</a><br><small>${esc(s.entity_id)}</small></td><td>${esc(s.schema)}</td>
         <td>${esc(s.owner_agency)}</td><td>${esc(s.matched_on.join(", "))}</td></tr>`).join("")}</tbody></table>`);
  }

  function trailTable(events, testid) {
    if (events.length === 0) return `<p>${esc(t("dpo.none"))}</p>`;
    return `<table class="sw-table" data-testid="${testid}"><thead><tr><th>#</th><th>${esc(t("dpo.when"))}</th>
      <th>${esc(t("dpo.what"))}</th><th>${esc(t("dpo.who"))}</th><th>${esc(t("dpo.resource"))}</th>
      <th>${esc(t("dpo.purpose"))}</th></tr></thead><tbody>${events.map((e) => `<tr>
      <td>${e.seq}</td><td>${esc(sw.utc(e.time))}</td><td>${esc(t("dpo.kind." + e.action))}</td>
      <td>${esc(e.actor)} · <b>${esc(e.agency || "")}</b></td>
      <td>${esc(e.resource_kind)}/${esc(e.resource_id || "")}</td><td>${esc(e.purpose || "")}</td></tr>`).join("")}
      </tbody></table>`;
  }

  async function subject(id) {
    const f = await sw.api("/api/dpo/subjects/" + encodeURIComponent(id));
    const counts = KINDS.map((k) => `<li>${esc(t("dpo.kind." + k))}: <b data-kind="${k}">${f.counts[k] || 0}</b></li>`).join("");
    main.innerHTML = `<h2 data-testid="subject-name">${esc(f.names.join(" / ") || f.caption || f.entity_id)}</h2>
      ${f.erased ? `<p class="sw-intel-banner" role="note" data-testid="erased">${esc(t("dpo.erased"))}</p>` : ""}
      <dl class="sw-intel-facts"><dt>${esc(t("dpo.id"))}</dt><dd>${esc(f.entity_id)}</dd>
      <dt>${esc(t("dpo.schema"))}</dt><dd>${esc(f.schema || "—")}</dd>
      <dt>${esc(t("dpo.owner"))}</dt><dd>${esc(f.owner_agency || "—")}</dd></dl>
      <h3>${esc(t("dpo.processing"))}</h3><ul class="sw-dpo-counts" data-testid="counts">${counts}</ul>
      <p><a class="sw-button" data-testid="export" download href="/api/dpo/subjects/${encodeURIComponent(f.entity_id)}/export">${esc(t("dpo.export"))}</a></p>
      <h3>${esc(t("dpo.values"))}</h3>${f.values.length === 0 ? `<p>${esc(t("dpo.none"))}</p>` :
      `<table class="sw-table" data-testid="values"><tbody>${f.values.map((v) => `<tr><td>${esc(v.prop)}</td>
       <td>${esc(v.value)}</td><td>${esc(v.agency)}</td><td>${v.report_id === null ? "—" : "#" + v.report_id}</td></tr>`).join("")}</tbody></table>`}
      <h3>${esc(t("dpo.reports"))}</h3>${reportsTable(f.reports, "subject-reports")}
      <h3>${esc(t("dpo.trail"))}</h3>${trailTable(f.trail, "trail")}
      <h3>${esc(t("dpo.refusals"))}</h3>${trailTable(f.refusals, "subject-refusals")}
      ${f.erased ? "" : `<form id="erase" class="sw-intel-form" data-testid="erase-form"><h3>${esc(t("dpo.erase"))}</h3>
        <label>${esc(t("dpo.reason"))}<textarea name="reason" required maxlength="1000"></textarea></label>
        <button type="submit">${esc(t("dpo.eraseButton"))}</button></form>`}`;
    const form = document.getElementById("erase");
    if (form) {
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        if (!confirm(t("dpo.eraseConfirm"))) return;
        try {
          await sw.api(`/api/dpo/subjects/${encodeURIComponent(f.entity_id)}/erase`,
            { method: "POST", body: { reason: form.reason.value } });
          sw.toast(t("dpo.erasedToast"));
          await subject(f.entity_id);
        } catch (e) { sw.toast(e.message, "error"); }
      });
    }
  }

  function reportsTable(reports, testid) {
    if (reports.length === 0) return `<p>${esc(t("dpo.none"))}</p>`;
    return `<table class="sw-table" data-testid="${testid}"><thead><tr><th>#</th><th>${esc(t("dpo.title"))}</th>
      <th>${esc(t("dpo.owner"))}</th><th>${esc(t("dpo.reviewDate"))}</th><th>${esc(t("dpo.retentionUntil"))}</th></tr></thead>
      <tbody>${reports.map((r) => `<tr><td>${r.report_id}</td><td>${esc(r.title)}</td><td>${esc(r.provider_agency)}</td>
      <td>${day(r.review_date)}${r.review_overdue ? ` <b class="sw-intel-flag">${esc(t("dpo.overdue"))}</b>` : ""}</td>
      <td>${day(r.retention_until)}${r.retention_ended ? ` <b class="sw-intel-flag">${esc(t("dpo.ended"))}</b>` : ""}</td>
      </tr>`).join("")}</tbody></table>`;
  }

  async function reviews() {
    const days = Number(params.get("within_days") || 30);
    const { reports } = await sw.api("/api/dpo/reviews", { query: { within_days: days } });
    main.innerHTML = `<h2>${esc(t("dpo.reviewsWithin", { days }))}</h2>${reportsTable(reports, "reviews")}`;
  }

  async function refusals() {
    const { refusals: events } = await sw.api("/api/dpo/refusals", { query: { limit: 200 } });
    main.innerHTML = `<h2>${esc(t("dpo.nav.refusals"))}</h2>` + (events.length === 0 ? `<p>${esc(t("dpo.none"))}</p>` :
      `<table class="sw-table" data-testid="refusals"><thead><tr><th>#</th><th>${esc(t("dpo.when"))}</th>
       <th>${esc(t("dpo.who"))}</th><th>${esc(t("dpo.resource"))}</th><th>${esc(t("dpo.why"))}</th></tr></thead>
       <tbody>${events.map((e) => `<tr><td>${e.seq}</td><td>${esc(sw.utc(e.time))}</td>
       <td>${esc(e.actor)} · <b>${esc(e.agency || "")}</b> · ${esc(e.role || "")}</td>
       <td>${esc(e.resource_kind)}/${esc(e.resource_id || "")}</td>
       <td>${esc((e.detail && (e.detail.reason || e.detail.attempted)) || "")}</td></tr>`).join("")}</tbody></table>`);
  }

  document.getElementById("dpo-search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("dpo-q").value.trim();
    if (q.length >= 2) location.href = "/static/dpo.html?q=" + encodeURIComponent(q);
  });

  sw.header("dpo.title").then(async () => {
    try {
      if (params.get("id")) await subject(params.get("id"));
      else if (params.get("q")) await search(params.get("q"));
      else if (params.get("view") === "reviews") await reviews();
      else if (params.get("view") === "refusals") await refusals();
      else main.innerHTML = `<p>${esc(t("dpo.intro"))}</p>`;
    } catch (e) { fail(e); }
    sw.drawn();
  });
})();
