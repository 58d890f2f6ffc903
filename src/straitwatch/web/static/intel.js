// SPDX-License-Identifier: EUPL-1.2
/* straitwatch intel.js — the intelligence pages (one per <body data-page>): report list
 * and search, report detail with the dissemination dialog, the new-report form with
 * grading pickers for each scale, the permission-request inbox, the notices inbox (recalls,
 * changed conditions, decisions on permission requests), entity list and page.
 * Everything shown is escaped with sw.esc; every read is logged server-side with the
 * purpose of this consultation, asked once per browser session (sessionStorage) and sent
 * with every read (the API refuses a read without one).
 */
"use strict";
(function () {
  const main = document.getElementById("intel-main");
  const params = new URLSearchParams(location.search);
  const esc = sw.esc, t = sw.t;
  const PURPOSE_KEY = "sw.consultationPurpose";
  function purpose() { return (sessionStorage.getItem(PURPOSE_KEY) || "").trim(); }
  function withPurpose(query) { return Object.assign({ purpose: purpose() }, query || {}); }
  function purposeParam() { return "purpose=" + encodeURIComponent(purpose()); }
  // A page that shows intelligence asks first why it is being consulted.
  function needPurpose() {
    main.innerHTML = `<p class="sw-intel-purpose-needed" role="alert" data-testid="purpose-needed">${esc(t("intel.purposeNeeded"))}</p>`;
    document.getElementById("purpose-q").focus();
  }

  function banner(h) {
    return h && h.banner
      ? `<p class="sw-intel-banner" role="note" data-testid="handling-banner">${esc(h.banner)}</p>` : "";
  }
  function handlingText(h) { return h ? `${esc(h.scale)} ${esc(h.code)}` : "—"; }
  // A refusal is a sentence from the server (in the user's language); say where to go next.
  function fail(e) {
    const hint = e.status === 403 ? `<p>${esc(t("intel.refusedHint"))} <a href="/">${esc(t("nav.home"))}</a></p>` : "";
    main.innerHTML = `<p class="sw-error" role="alert" data-testid="refusal">${esc(e.message)}</p>${hint}`;
  }

  async function reportList() {
    const q = params.get("q");
    if (q) return searchPage(q);
    const { reports } = await sw.api("/api/reports", { query: withPurpose() });
    main.innerHTML = reports.length === 0 ? `<p>${esc(t("intel.noReports"))}</p>` :
      `<table class="sw-table" data-testid="report-list"><thead><tr><th>#</th><th>${esc(t("intel.title"))}</th>
       <th>${esc(t("intel.gradeAsGiven"))}</th><th>${esc(t("intel.normalised"))}</th><th>${esc(t("intel.handling"))}</th>
       <th>${esc(t("intel.provider"))}</th><th>${esc(t("intel.events"))}</th>
       </tr></thead><tbody>${reports.map((r) => `<tr>
       <td>${r.id}</td><td><a href="/static/intel-report.html?id=${r.id}">${esc(r.title)}</a>
       ${r.handling.banner ? `<br><small class="sw-intel-flag">${esc(r.handling.banner)}</small>` : ""}</td>
       <td>${esc(r.grade.as_given)}</td><td>${r.grade.sort_key}/200</td>
       <td>${handlingText(r.handling)}</td><td>${esc(r.provider_agency)}</td>
       <td>${esc(sw.utc(r.event_time))}</td></tr>`).join("")}</tbody></table>`;
  }

  async function searchPage(q) {
    document.getElementById("search-q").value = q;
    const { hits } = await sw.api("/api/search", { query: withPurpose({ q }) });
    main.innerHTML = `<h2>${esc(t("intel.searchFor", { q }))}</h2>` + (hits.length === 0 ? `<p>${esc(t("intel.nothing"))}</p>` :
      `<ul class="sw-intel-hits" data-testid="search-hits">${hits.map((h) => `<li>${esc(t("intel.kind." + (h.kind === "report" ? "report" : "entity")))}
       <a href="/static/intel-${h.kind === "report" ? "report" : "entity"}.html?id=${encodeURIComponent(h.id)}">
       ${esc(h.title)}</a> <small>${esc(h.handling || "")}</small><br><small>${esc(h.snippet)}</small></li>`).join("")}</ul>`);
  }

  function disseminationDialog(r, me, agencies) {
    const dlg = document.createElement("dialog");
    dlg.setAttribute("data-testid", "dissemination-dialog");
    // No agency is ticked by default: the sender chooses each recipient (need-to-know).
    const boxes = agencies.filter((code) => code !== me.agency).map((code) =>
      `<label class="sw-intel-agency"><input type="checkbox" name="to" value="${esc(code)}"> ${esc(t("agency." + code))}</label>`).join("");
    dlg.innerHTML = `<form method="dialog"><h3>${esc(t("intel.disseminateTitle", { id: r.id }))}</h3>
      <p>${esc(t("intel.handlingCode"))} <b>${handlingText(r.handling)}</b>: ${esc(r.handling.label)}</p>
      ${r.handling.conditions ? `<p>${esc(t("intel.conditionsToAck"))} ${esc(r.handling.conditions)}</p>` : ""}
      ${r.handling.effect === "permission" ? `<p>${esc(t("intel.permissionNeeded"))}</p>` : ""}
      <fieldset data-testid="recipients"><legend>${esc(t("intel.recipients"))}</legend>${boxes}</fieldset>
      <label>${esc(t("intel.purpose"))} <input name="purpose" maxlength="300" required></label>
      <menu><button value="cancel" formnovalidate>${esc(t("common.cancel"))}</button><button value="ok" id="send">${esc(t("intel.disseminate"))}</button></menu>
      <div class="sw-intel-outcomes" data-testid="dissemination-outcomes"></div></form>`;
    dlg.querySelector("#send").addEventListener("click", async (ev) => {
      ev.preventDefault();
      const f = dlg.querySelector("form");
      const to = [...f.querySelectorAll("input[name=to]:checked")].map((x) => x.value);
      if (!to.length) { sw.toast(t("intel.chooseRecipients"), "error"); return; }
      if (!f.purpose.value.trim()) { sw.toast(t("intel.givePurpose"), "error"); f.purpose.focus(); return; }
      try {
        const { outcomes } = await sw.api(`/api/reports/${r.id}/disseminations`, {
          method: "POST",
          body: { to_agencies: to, purpose: f.purpose.value.trim() } });
        dlg.querySelector(".sw-intel-outcomes").innerHTML = `<ul>${outcomes.map((o) =>
          `<li>${esc(o.agency)}: <b>${esc(t("intel.outcome." + o.outcome))}</b> — ${esc(o.reason)}</li>`).join("")}</ul>`;
      } catch (e) { sw.toast(e.message, "error"); }
    });
    document.body.appendChild(dlg);
    return dlg;
  }

  async function reportDetail() {
    const id = params.get("id");
    const r = await sw.api(`/api/reports/${encodeURIComponent(id)}`, { query: { purpose: params.get("purpose") || purpose() } });
    const me = await sw.me();
    const g = r.grade;
    main.innerHTML = `${banner(r.handling)}<article class="sw-intel-report" data-testid="report">
      <h2>#${r.id} ${esc(r.title)}</h2>
      <dl class="sw-intel-facts">
        <dt>${esc(t("intel.provider"))}</dt><dd>${esc(r.provider_agency)} (${esc(r.author)})</dd>
        <dt>${esc(t("intel.gradeAsGiven"))}</dt><dd data-testid="grade">${esc(g.as_given)}: ${esc(t("intel.gradeDetail", {
          source: g.source, sourceLabel: g.source_label, information: g.information, informationLabel: g.information_label }))}</dd>
        ${g.translated ? `<dt>${esc(t("intel.inYourScale"))}</dt><dd data-testid="grade-translated">${esc(g.translated)} ${esc(t("intel.translationNote"))}</dd>` : ""}
        <dt>${esc(t("intel.normalised"))}</dt><dd>${esc(t("intel.normalisedDetail", { source: g.normalised_source, information: g.normalised_information, key: g.sort_key }))}</dd>
        <dt>${esc(t("intel.handling"))}</dt><dd data-testid="handling">${handlingText(r.handling)}: ${esc(r.handling.label)}
          ${r.handling.conditions ? `<br>${esc(t("intel.conditions"))} ${esc(r.handling.conditions)}` : ""}</dd>
        <dt>${esc(t("intel.eventTime"))}</dt><dd>${esc(sw.utc(r.event_time))}</dd>
        <dt>${esc(t("intel.location"))}</dt><dd>${esc(r.location || "—")}</dd>
        <dt>${esc(t("intel.subjects"))}</dt><dd>${esc(r.subjects.join(", ") || "—")}</dd>
        <dt>${esc(t("intel.purposeBasis"))}</dt><dd>${esc(r.purpose)} · ${esc(r.legal_basis)}</dd>
        <dt>${esc(t("intel.reviewRetention"))}</dt><dd>${esc(sw.date(r.review_date))} / ${esc(sw.date(r.retention_until))}</dd>
      </dl>
      ${r.conditions_to_acknowledge ? `<div class="sw-intel-ack" data-testid="conditions">
        <p>${esc(t("intel.conditions"))} <b>${esc(r.conditions_to_acknowledge)}</b></p>
        <button id="ack">${esc(t("intel.acknowledgeConditions"))}</button></div>` :
        `<pre class="sw-intel-body" data-testid="report-body">${esc(r.body)}</pre>`}
      ${r.attachments.length ? `<h3>${esc(t("intel.attachments"))}</h3><ul>${r.attachments.map((a) =>
        `<li><a href="/api/reports/${r.id}/attachments/${a.id}?${purposeParam()}">${esc(a.filename)}</a> (${esc(a.media_type)}, ${esc(t("intel.bytes", { n: a.size_bytes }))})</li>`).join("")}</ul>` : ""}
      ${r.disseminations ? `<h3>${esc(t("intel.disseminatedTo"))}</h3><table class="sw-table" data-testid="disseminations">
        <tr><th>${esc(t("intel.agency"))}</th><th>${esc(t("intel.status"))}</th><th>${esc(t("intel.by"))}</th><th>${esc(t("intel.when"))}</th><th>${esc(t("intel.acknowledged"))}</th></tr>${r.disseminations.map((d) =>
        `<tr><td>${esc(d.to_agency)}</td><td>${esc(d.status)}</td><td>${esc(d.by)}</td><td>${esc(sw.utc(d.at))}</td>
         <td>${esc(d.acknowledged_by || "")}</td></tr>`).join("")}</table>` : ""}
      ${me.may.includes("reports.disseminate") ? `<p><button id="disseminate">${esc(t("intel.disseminateMore"))}</button></p>` : ""}</article>`;
    const ack = document.getElementById("ack");
    if (ack) ack.addEventListener("click", async () => {
      try { await sw.api(`/api/reports/${r.id}/acknowledgement`, { method: "POST" }); location.reload(); }
      catch (e) { sw.toast(e.message, "error"); }
    });
    const send = document.getElementById("disseminate");
    if (!send) return;
    const dlg = disseminationDialog(r, me, await sw.agencies());
    send.addEventListener("click", () => dlg.showModal());
    dlg.addEventListener("close", () => { if (me.agency === r.provider_agency) location.reload(); });
  }

  function options(map) {
    return Object.entries(map).map(([code, label]) =>
      `<option value="${esc(code)}">${esc(code)} — ${esc(typeof label === "string" ? label : label.label)}</option>`).join("");
  }

  // The most restrictive handling code (highest rank) and the lowest grade (lowest score;
  // the later code on a tie): a report is shared no wider and trusted no more than chosen.
  function strictest(handling) {
    return Object.entries(handling).reduce((best, cur) => (cur[1].rank >= best[1].rank ? cur : best))[0];
  }
  function lowest(scores) {
    return Object.entries(scores).reduce((low, cur) => (cur[1] <= low[1] ? cur : low))[0];
  }
  function isoDay(d) { return d.toISOString().slice(0, 10); }

  async function newReport() {
    const scales = await sw.api("/api/reports/grading");
    const names = Object.keys(scales);
    const handlingScales = names.filter((n) => Object.keys(scales[n].handling).length);
    const today = isoDay(new Date());
    main.innerHTML = `<form id="new-report" class="sw-intel-form" data-testid="new-report" novalidate>
      <label>${esc(t("intel.title"))} <input name="title" required maxlength="300"></label>
      <label>${esc(t("intel.text"))} <textarea name="body" required rows="8"></textarea></label>
      <label>${esc(t("intel.eventTimeUtc"))} <input name="event_time" type="datetime-local" required></label>
      <label>${esc(t("intel.location"))} <input name="location" maxlength="300"></label>
      <label>${esc(t("intel.subjectsPerLine"))} <textarea name="subjects" rows="2"></textarea></label>
      <fieldset><legend>${esc(t("intel.gradingOwnScale"))}</legend>
        <label>${esc(t("intel.scale"))} <select name="grade_scale">${names.map((n) => `<option value="${esc(n)}">${esc(scales[n].label)}</option>`).join("")}</select></label>
        <label>${esc(t("intel.source"))} <select name="grade_source"></select></label>
        <label>${esc(t("intel.information"))} <select name="grade_information"></select></label>
        <p class="sw-muted">${esc(t("intel.gradeDefaultHint"))}</p></fieldset>
      <fieldset><legend>${esc(t("intel.handlingCodeLegend"))}</legend>
        <label>${esc(t("intel.scale"))} <select name="handling_scale">${handlingScales.map((n) => `<option value="${esc(n)}">${esc(scales[n].label)}</option>`).join("")}</select></label>
        <label>${esc(t("intel.code"))} <select name="handling_code"></select></label>
        <p class="sw-muted" id="handling-hint"></p>
        <label>${esc(t("intel.conditionsLabel"))} <textarea name="handling_conditions" rows="2"></textarea></label></fieldset>
      <label>${esc(t("intel.purpose"))} <input name="purpose" required maxlength="300"></label>
      <label>${esc(t("intel.legalBasis"))} <input name="legal_basis" required maxlength="300"></label>
      <label>${esc(t("intel.reviewDate"))} <input name="review_date" type="date" min="${today}"></label>
      <label>${esc(t("intel.retainUntil"))} <input name="retention_until" type="date" min="${today}"></label>
      <p class="sw-error" id="form-error" role="alert" hidden data-testid="form-error"></p>
      <button>${esc(t("intel.store"))}</button></form>`;
    const f = document.getElementById("new-report");
    // Safe defaults: the lowest grade of each axis and the most restrictive handling code;
    // the author raises them on purpose.
    const fillGrade = () => {
      const s = scales[f.grade_scale.value];
      f.grade_source.innerHTML = options(s.source);
      f.grade_information.innerHTML = options(s.information);
      f.grade_source.value = lowest(s.source_scores);
      f.grade_information.value = lowest(s.information_scores);
    };
    const fillHandling = () => {
      const h = scales[f.handling_scale.value].handling;
      f.handling_code.innerHTML = options(h);
      f.handling_code.value = strictest(h);
      hint();
    };
    const hint = () => {
      const h = scales[f.handling_scale.value].handling[f.handling_code.value];
      document.getElementById("handling-hint").textContent = h ? t("intel.handlingHint", {
        effect: h.effect, conditions: h.needs_conditions ? "yes" : "no", banner: h.banner || "" }) : "";
      f.handling_conditions.required = !!(h && h.needs_conditions);
    };
    f.grade_scale.addEventListener("change", fillGrade);
    f.handling_scale.addEventListener("change", fillHandling);
    f.handling_code.addEventListener("change", hint);
    fillGrade(); fillHandling();
    const formError = document.getElementById("form-error");
    function refuse(field, message) {
      formError.textContent = message; formError.hidden = false;
      if (field && f[field]) f[field].focus();
    }
    f.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      formError.hidden = true;
      const v = Object.fromEntries(new FormData(f));
      for (const name of ["title", "body", "event_time", "purpose", "legal_basis"]) {
        if (!String(v[name] || "").trim()) return refuse(name, t("intel.required", { field: t("intel.field." + name) }));
      }
      if (v.review_date && v.review_date < today) return refuse("review_date", t("intel.reviewPast"));
      const body = { ...v, event_time: v.event_time + ":00Z",
        subjects: v.subjects.split("\n").map((x) => x.trim()).filter(Boolean),
        handling_conditions: v.handling_conditions || null, location: v.location || null,
        review_date: v.review_date || null, retention_until: v.retention_until || null };
      try {
        const r = await sw.api("/api/reports", { method: "POST", body });
        // The author reads back what they stored under the purpose they stored it for.
        location.href = `/static/intel-report.html?id=${r.id}&purpose=${encodeURIComponent(purpose() || v.purpose)}`;
      } catch (e) { refuse(e.where, e.message); }
    });
  }

  async function requests() {
    const { requests } = await sw.api("/api/permission-requests");
    const me = await sw.me();
    main.innerHTML = requests.length === 0 ? `<p>${esc(t("intel.noRequests"))}</p>` :
      `<table class="sw-table" data-testid="requests"><tr><th>#</th><th>${esc(t("intel.kind.report"))}</th><th>${esc(t("intel.askedBy"))}</th>
       <th>${esc(t("intel.for"))}</th><th>${esc(t("intel.status"))}</th><th>${esc(t("intel.reason"))}</th><th></th></tr>${requests.map((q) => `<tr>
       <td>${q.id}</td><td><a href="/static/intel-report.html?id=${q.report_id}">${q.report_id}</a></td>
       <td>${esc(q.requested_by)} (${esc(q.requester_agency)})</td><td>${esc(q.to_agencies.join(", "))}</td>
       <td>${esc(q.status)}</td><td>${esc(q.reason || "")}</td><td>${q.status === "pending" &&
       q.provider_agency === me.agency && q.requested_by !== me.username ?
       `<button data-approve="${q.id}">${esc(t("intel.approve"))}</button> <button data-refuse="${q.id}">${esc(t("intel.refuse"))}</button>` : ""}</td>
       </tr>`).join("")}</table>`;
    main.addEventListener("click", async (ev) => {
      const a = ev.target.dataset.approve, r = ev.target.dataset.refuse;
      if (!a && !r) return;
      try {
        if (a) await sw.api(`/api/permission-requests/${a}/approve`, { method: "POST", body: {} });
        else {
          const reason = prompt(t("intel.refuseReason"));
          if (!reason) return;
          await sw.api(`/api/permission-requests/${r}/refuse`, { method: "POST", body: { reason } });
        }
        location.reload();
      } catch (e) { sw.toast(e.message, "error"); }
    });
  }

  // Notices to the user's agency about reports it received: recalled (the report no longer
  // exists for it), conditions changed, a permission request decided.
  async function notices() {
    const { notices } = await sw.api("/api/notices");
    main.innerHTML = notices.length === 0 ? `<p data-testid="no-notices">${esc(t("intel.noNotices"))}</p>` :
      `<table class="sw-table" data-testid="notices"><tr><th>${esc(t("intel.when"))}</th><th>${esc(t("intel.notice"))}</th>
       <th>${esc(t("intel.kind.report"))}</th><th>${esc(t("intel.reason"))}</th><th>${esc(t("intel.by"))}</th></tr>${notices.map((n) => `<tr data-kind="${esc(n.kind)}">
       <td>${esc(sw.utc(n.at))}</td><td>${esc(t("intel.noticeKind." + n.kind))}</td>
       <td>${n.kind === "recalled" ? `#${n.report_id}` : `<a href="/static/intel-report.html?id=${n.report_id}">#${n.report_id}</a>`}</td>
       <td>${esc(n.reason || "")}</td><td>${esc(n.by)}</td></tr>`).join("")}</table>`;
  }

  async function entityList() {
    const q = params.get("q") || "";
    const { entities } = await sw.api("/api/entities", { query: withPurpose({ q }) });
    main.innerHTML = `<form><input name="q" value="${esc(q)}" placeholder="${esc(t("intel.filter"))}" aria-label="${esc(t("intel.filter"))}"><button>${esc(t("intel.filter"))}</button>
      <a href="/api/entities/export?${purposeParam()}">${esc(t("intel.export"))}</a></form>` + (entities.length === 0 ? `<p>${esc(t("intel.noEntities"))}</p>` :
      `<table class="sw-table" data-testid="entities"><tr><th>${esc(t("intel.kind.entity"))}</th><th>${esc(t("intel.schema"))}</th><th>${esc(t("intel.handling"))}</th><th>${esc(t("intel.reports"))}</th></tr>
      ${entities.map((e) => `<tr><td><a href="/static/intel-entity.html?id=${encodeURIComponent(e.id)}">${esc(e.caption)}</a></td>
      <td>${esc(e.schema)}</td><td>${handlingText(e.handling)}</td><td>${e.reports.join(", ")}</td></tr>`).join("")}</table>`);
  }

  async function entityPage() {
    const e = await sw.api(`/api/entities/${encodeURIComponent(params.get("id"))}`, { query: withPurpose() });
    const source = (prop, value) => e.provenance.filter((p) => p.prop === prop && p.value === value)
      .map((p) => p.report_id ? `<a href="/static/intel-report.html?id=${p.report_id}">#${p.report_id}</a> ${esc(p.agency)}` : esc(p.agency)).join("; ");
    main.innerHTML = `${banner(e.handling)}<h2>${esc(e.caption)} <small>${esc(e.schema)}</small></h2>
      <p>${esc(t("intel.entityHandling"))} <b>${handlingText(e.handling)}</b></p>
      <table class="sw-table" data-testid="entity-values"><tr><th>${esc(t("intel.property"))}</th><th>${esc(t("intel.value"))}</th><th>${esc(t("intel.source"))}</th></tr>
      ${Object.entries(e.properties).flatMap(([prop, values]) => values.map((v) =>
        `<tr><td>${esc(prop)}</td><td>${esc(v)}</td><td>${source(prop, v)}</td></tr>`)).join("")}</table>`;
  }

  // One page file (intel.html) serves every intelligence page; the path says which.
  const PAGES = {
    "intel": [reportList, "intel.page.reports"], "intel-report": [reportDetail, "intel.page.report"],
    "intel-new": [newReport, "intel.page.new"], "intel-requests": [requests, "intel.page.requests"],
    "intel-entities": [entityList, "intel.page.entities"], "intel-entity": [entityPage, "intel.page.entity"],
    "intel-notices": [notices, "intel.page.notices"],
  };
  const READS = new Set([reportList, reportDetail, entityList, entityPage]);
  const page = (location.pathname.match(/\/(intel(?:-[a-z]+)?)\.html$/) || [null, "intel"])[1];
  const [render, titleKey] = PAGES[page] || PAGES.intel;

  document.getElementById("search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = document.getElementById("search-q").value.trim();
    if (q) location.href = "/static/intel.html?q=" + encodeURIComponent(q);
  });
  const purposeInput = document.getElementById("purpose-q");
  purposeInput.value = purpose();
  document.getElementById("purpose-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const why = purposeInput.value.trim();
    if (!why) { sw.toast(t("intel.purposeNeeded"), "error"); purposeInput.focus(); return; }
    sessionStorage.setItem(PURPOSE_KEY, why);
    location.reload(); // read again, under the purpose now given
  });
  sw.header(titleKey)
    .then(() => (READS.has(render) && !purpose() && !params.get("purpose") ? needPurpose() : render()))
    .catch(fail)
    .finally(() => sw.drawn());
})();
