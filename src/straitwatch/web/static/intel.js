/* straitwatch intel.js — the intelligence pages (one per <body data-page>): report list
 * and search, report detail with the dissemination dialog, the new-report form with
 * grading pickers for each scale, the permission-request inbox, entity list and page.
 * Everything shown is escaped with sw.esc; every read is logged server-side.
 */
"use strict";
(function () {
  const main = document.getElementById("intel-main");
  const params = new URLSearchParams(location.search);
  const esc = sw.esc;

  function banner(h) {
    return h && h.banner
      ? `<p class="sw-intel-banner" role="note" data-testid="handling-banner">${esc(h.banner)}</p>` : "";
  }
  function handlingText(h) { return h ? `${esc(h.scale)} ${esc(h.code)}` : "—"; }
  function fail(e) { main.innerHTML = `<p class="sw-error" role="alert">${esc(e.message)}</p>`; }

  async function reportList() {
    const q = params.get("q");
    if (q) return searchPage(q);
    const { reports } = await sw.api("/api/reports");
    main.innerHTML = reports.length === 0 ? "<p>No reports you may see.</p>" :
      `<table class="sw-table" data-testid="report-list"><thead><tr><th>#</th><th>Title</th>
       <th>Grade (as given)</th><th>Normalised</th><th>Handling</th><th>Provider</th><th>Events</th>
       </tr></thead><tbody>${reports.map((r) => `<tr>
       <td>${r.id}</td><td><a href="/static/intel-report.html?id=${r.id}">${esc(r.title)}</a>
       ${r.handling.banner ? `<br><small class="sw-intel-flag">${esc(r.handling.banner)}</small>` : ""}</td>
       <td>${esc(r.grade.as_given)}</td><td>${r.grade.sort_key}/200</td>
       <td>${handlingText(r.handling)}</td><td>${esc(r.provider_agency)}</td>
       <td>${esc(sw.utc(r.event_time))}</td></tr>`).join("")}</tbody></table>`;
  }

  async function searchPage(q) {
    document.getElementById("search-q").value = q;
    const { hits } = await sw.api("/api/search", { query: { q } });
    main.innerHTML = `<h2>Search: ${esc(q)}</h2>` + (hits.length === 0 ? "<p>Nothing you may see.</p>" :
      `<ul class="sw-intel-hits" data-testid="search-hits">${hits.map((h) => `<li>${esc(h.kind)}
       <a href="/static/intel-${h.kind === "report" ? "report" : "entity"}.html?id=${encodeURIComponent(h.id)}">
       ${esc(h.title)}</a> <small>${esc(h.handling || "")}</small><br><small>${esc(h.snippet)}</small></li>`).join("")}</ul>`);
  }

  function disseminationDialog(r) {
    const dlg = document.createElement("dialog");
    dlg.setAttribute("data-testid", "dissemination-dialog");
    dlg.innerHTML = `<form method="dialog"><h3>Disseminate report ${r.id}</h3>
      <p>Handling code <b>${handlingText(r.handling)}</b>: ${esc(r.handling.label)}</p>
      ${r.handling.conditions ? `<p>Conditions the recipients must acknowledge: ${esc(r.handling.conditions)}</p>` : ""}
      ${r.handling.effect === "permission" ? "<p>The provider's permission is needed: a request goes to them.</p>" : ""}
      <label>Agencies (comma-separated codes, or ALL) <input name="to" required value="ALL"></label>
      <label>Purpose <input name="purpose" maxlength="300"></label>
      <menu><button value="cancel" formnovalidate>Cancel</button><button value="ok" id="send">Disseminate</button></menu>
      <div class="sw-intel-outcomes" data-testid="dissemination-outcomes"></div></form>`;
    dlg.querySelector("#send").addEventListener("click", async (ev) => {
      ev.preventDefault();
      const f = dlg.querySelector("form");
      try {
        const { outcomes } = await sw.api(`/api/reports/${r.id}/disseminations`, {
          method: "POST",
          body: { to_agencies: f.to.value.split(",").map((s) => s.trim()).filter(Boolean),
                  purpose: f.purpose.value || null } });
        dlg.querySelector(".sw-intel-outcomes").innerHTML = `<ul>${outcomes.map((o) =>
          `<li>${esc(o.agency)}: <b>${esc(o.outcome.replaceAll("_", " "))}</b> — ${esc(o.reason)}</li>`).join("")}</ul>`;
      } catch (e) { sw.toast(e.message, "error"); }
    });
    document.body.appendChild(dlg);
    return dlg;
  }

  async function reportDetail() {
    const id = params.get("id");
    const r = await sw.api(`/api/reports/${encodeURIComponent(id)}`, { query: { purpose: params.get("purpose") } });
    const me = await sw.me();
    const g = r.grade;
    main.innerHTML = `${banner(r.handling)}<article class="sw-intel-report" data-testid="report">
      <h2>#${r.id} ${esc(r.title)}</h2>
      <dl class="sw-intel-facts">
        <dt>Provider</dt><dd>${esc(r.provider_agency)} (${esc(r.author)})</dd>
        <dt>Grade as given</dt><dd data-testid="grade">${esc(g.as_given)}: source ${esc(g.source)} (${esc(g.source_label)}),
          information ${esc(g.information)} (${esc(g.information_label)})</dd>
        ${g.translated ? `<dt>In your scale</dt><dd data-testid="grade-translated">${esc(g.translated)} (translation; the grade as given stands)</dd>` : ""}
        <dt>Normalised</dt><dd>source ${g.normalised_source}, information ${g.normalised_information} (${g.sort_key}/200)</dd>
        <dt>Handling</dt><dd data-testid="handling">${handlingText(r.handling)}: ${esc(r.handling.label)}
          ${r.handling.conditions ? `<br>Conditions: ${esc(r.handling.conditions)}` : ""}</dd>
        <dt>Time of events</dt><dd>${esc(sw.utc(r.event_time))}</dd>
        <dt>Location</dt><dd>${esc(r.location || "—")}</dd>
        <dt>Subjects</dt><dd>${esc(r.subjects.join(", ") || "—")}</dd>
        <dt>Purpose / legal basis</dt><dd>${esc(r.purpose)} · ${esc(r.legal_basis)}</dd>
        <dt>Review / retention</dt><dd>${esc(r.review_date)} / ${esc(r.retention_until)}</dd>
      </dl>
      ${r.conditions_to_acknowledge ? `<div class="sw-intel-ack" data-testid="conditions">
        <p>Handling conditions: <b>${esc(r.conditions_to_acknowledge)}</b></p>
        <button id="ack">I acknowledge these conditions</button></div>` :
        `<pre class="sw-intel-body" data-testid="report-body">${esc(r.body)}</pre>`}
      ${r.attachments.length ? `<h3>Attachments</h3><ul>${r.attachments.map((a) =>
        `<li><a href="/api/reports/${r.id}/attachments/${a.id}">${esc(a.filename)}</a> (${esc(a.media_type)}, ${a.size_bytes} bytes)</li>`).join("")}</ul>` : ""}
      ${r.disseminations ? `<h3>Disseminated to</h3><table class="sw-table" data-testid="disseminations">
        <tr><th>Agency</th><th>Status</th><th>By</th><th>When</th><th>Acknowledged</th></tr>${r.disseminations.map((d) =>
        `<tr><td>${esc(d.to_agency)}</td><td>${esc(d.status)}</td><td>${esc(d.by)}</td><td>${esc(sw.utc(d.at))}</td>
         <td>${esc(d.acknowledged_by || "")}</td></tr>`).join("")}</table>` : ""}
      <p><button id="disseminate">Disseminate…</button></p></article>`;
    const ack = document.getElementById("ack");
    if (ack) ack.addEventListener("click", async () => {
      try { await sw.api(`/api/reports/${r.id}/acknowledgement`, { method: "POST" }); location.reload(); }
      catch (e) { sw.toast(e.message, "error"); }
    });
    const dlg = disseminationDialog(r);
    document.getElementById("disseminate").addEventListener("click", () => dlg.showModal());
    dlg.addEventListener("close", () => { if (me.agency === r.provider_agency) location.reload(); });
  }

  function options(map) {
    return Object.entries(map).map(([code, label]) =>
      `<option value="${esc(code)}">${esc(code)} — ${esc(typeof label === "string" ? label : label.label)}</option>`).join("");
  }

  async function newReport() {
    const scales = await sw.api("/api/reports/grading");
    const names = Object.keys(scales);
    const handlingScales = names.filter((n) => Object.keys(scales[n].handling).length);
    main.innerHTML = `<form id="new-report" class="sw-intel-form" data-testid="new-report">
      <label>Title <input name="title" required maxlength="300"></label>
      <label>Text <textarea name="body" required rows="8"></textarea></label>
      <label>Time of the events (UTC) <input name="event_time" type="datetime-local" required></label>
      <label>Location <input name="location" maxlength="300"></label>
      <label>Subjects (one per line) <textarea name="subjects" rows="2"></textarea></label>
      <fieldset><legend>Grading, in your own scale</legend>
        <label>Scale <select name="grade_scale">${names.map((n) => `<option value="${esc(n)}">${esc(scales[n].label)}</option>`).join("")}</select></label>
        <label>Source <select name="grade_source"></select></label>
        <label>Information <select name="grade_information"></select></label></fieldset>
      <fieldset><legend>Handling code</legend>
        <label>Scale <select name="handling_scale">${handlingScales.map((n) => `<option value="${esc(n)}">${esc(scales[n].label)}</option>`).join("")}</select></label>
        <label>Code <select name="handling_code"></select></label>
        <p class="sw-muted" id="handling-hint"></p>
        <label>Conditions <textarea name="handling_conditions" rows="2"></textarea></label></fieldset>
      <label>Purpose <input name="purpose" required maxlength="300"></label>
      <label>Legal basis <input name="legal_basis" required maxlength="300"></label>
      <label>Review date <input name="review_date" type="date"></label>
      <label>Retain until <input name="retention_until" type="date"></label>
      <button>Store report</button></form>`;
    const f = document.getElementById("new-report");
    const fillGrade = () => {
      const s = scales[f.grade_scale.value];
      f.grade_source.innerHTML = options(s.source);
      f.grade_information.innerHTML = options(s.information);
    };
    const fillHandling = () => {
      f.handling_code.innerHTML = options(scales[f.handling_scale.value].handling);
      hint();
    };
    const hint = () => {
      const h = scales[f.handling_scale.value].handling[f.handling_code.value];
      document.getElementById("handling-hint").textContent = h ?
        `Dissemination: ${h.effect}${h.needs_conditions ? " (conditions required)" : ""}${h.banner ? " · " + h.banner : ""}` : "";
      f.handling_conditions.required = !!(h && h.needs_conditions);
    };
    f.grade_scale.addEventListener("change", fillGrade);
    f.handling_scale.addEventListener("change", fillHandling);
    f.handling_code.addEventListener("change", hint);
    fillGrade(); fillHandling();
    f.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const v = Object.fromEntries(new FormData(f));
      const body = { ...v, event_time: v.event_time + ":00Z",
        subjects: v.subjects.split("\n").map((s) => s.trim()).filter(Boolean),
        handling_conditions: v.handling_conditions || null, location: v.location || null,
        review_date: v.review_date || null, retention_until: v.retention_until || null };
      try {
        const r = await sw.api("/api/reports", { method: "POST", body });
        location.href = `/static/intel-report.html?id=${r.id}`;
      } catch (e) { sw.toast(`${e.where ? e.where + ": " : ""}${e.message}`, "error"); }
    });
  }

  async function requests() {
    const { requests } = await sw.api("/api/permission-requests");
    const me = await sw.me();
    main.innerHTML = requests.length === 0 ? "<p>No permission requests.</p>" :
      `<table class="sw-table" data-testid="requests"><tr><th>#</th><th>Report</th><th>Asked by</th>
       <th>For</th><th>Status</th><th>Reason</th><th></th></tr>${requests.map((q) => `<tr>
       <td>${q.id}</td><td><a href="/static/intel-report.html?id=${q.report_id}">${q.report_id}</a></td>
       <td>${esc(q.requested_by)} (${esc(q.requester_agency)})</td><td>${esc(q.to_agencies.join(", "))}</td>
       <td>${esc(q.status)}</td><td>${esc(q.reason || "")}</td><td>${q.status === "pending" &&
       q.provider_agency === me.agency && q.requested_by !== me.username ?
       `<button data-approve="${q.id}">Approve</button> <button data-refuse="${q.id}">Refuse…</button>` : ""}</td>
       </tr>`).join("")}</table>`;
    main.addEventListener("click", async (ev) => {
      const a = ev.target.dataset.approve, r = ev.target.dataset.refuse;
      if (!a && !r) return;
      try {
        if (a) await sw.api(`/api/permission-requests/${a}/approve`, { method: "POST", body: {} });
        else {
          const reason = prompt("Reason for refusing (shown to the requester):");
          if (!reason) return;
          await sw.api(`/api/permission-requests/${r}/refuse`, { method: "POST", body: { reason } });
        }
        location.reload();
      } catch (e) { sw.toast(e.message, "error"); }
    });
  }

  async function entityList() {
    const q = params.get("q") || "";
    const { entities } = await sw.api("/api/entities", { query: { q } });
    main.innerHTML = `<form><input name="q" value="${esc(q)}" placeholder="Filter" aria-label="Filter"><button>Filter</button>
      <a href="/api/entities/export">Export FtM JSON lines</a></form>` + (entities.length === 0 ? "<p>No entities you may see.</p>" :
      `<table class="sw-table" data-testid="entities"><tr><th>Entity</th><th>Schema</th><th>Handling</th><th>Reports</th></tr>
      ${entities.map((e) => `<tr><td><a href="/static/intel-entity.html?id=${encodeURIComponent(e.id)}">${esc(e.caption)}</a></td>
      <td>${esc(e.schema)}</td><td>${handlingText(e.handling)}</td><td>${e.reports.join(", ")}</td></tr>`).join("")}</table>`);
  }

  async function entityPage() {
    const e = await sw.api(`/api/entities/${encodeURIComponent(params.get("id"))}`);
    const source = (prop, value) => e.provenance.filter((p) => p.prop === prop && p.value === value)
      .map((p) => p.report_id ? `<a href="/static/intel-report.html?id=${p.report_id}">#${p.report_id}</a> ${esc(p.agency)}` : esc(p.agency)).join("; ");
    main.innerHTML = `${banner(e.handling)}<h2>${esc(e.caption)} <small>${esc(e.schema)}</small></h2>
      <p>Handling (strictest of its sources): <b>${handlingText(e.handling)}</b></p>
      <table class="sw-table" data-testid="entity-values"><tr><th>Property</th><th>Value</th><th>Source</th></tr>
      ${Object.entries(e.properties).flatMap(([prop, values]) => values.map((v) =>
        `<tr><td>${esc(prop)}</td><td>${esc(v)}</td><td>${source(prop, v)}</td></tr>`)).join("")}</table>`;
  }

  const PAGES = { "intel": reportList, "intel-report": reportDetail, "intel-new": newReport,
    "intel-requests": requests, "intel-entities": entityList, "intel-entity": entityPage };

  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q) location.href = "/static/intel.html?q=" + encodeURIComponent(q);
  });
  sw.header(document.body.dataset.title)
    .then(() => PAGES[document.body.dataset.page]())
    .catch(fail);
})();
