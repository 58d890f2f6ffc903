// SPDX-License-Identifier: EUPL-1.2
/* The flows page: headline figures of the latest week, charts (arrivals, forecast,
 * prevention, deaths, nationalities), the patrol plan and the Frontex routes map, all from
 * /api/flows (flows.read). Every text is a message of the catalogues (flows.*), in the
 * page's language. Exposes window.swFlows.ready once everything is drawn. */
"use strict";
(function () {
  const { fmt, pct } = window.swCharts;
  const esc = (t) => window.sw.esc(t);
  const T = (key, params) => window.sw.t("flows." + key, params);
  const C = { people: "#5ec8f2", mean: "#f2c94c", lastYear: "#c3c9d0", boats: "#6fcf97",
    prevented: "#bb6bd9", deaths: "#eb5757", deathsAll: "#f2994a", band80: "#5ec8f2", band95: "#5ec8f2" };
  const SRC = {
    homeOffice: () => T("src.homeOffice"),
    prevention: () => T("src.prevention"),
    iom: () => T("src.iom"),
    irr: () => T("src.irr"),
    frontex: () => T("src.frontex"),
  };

  const date = (s) => new Date(s + "T00:00:00Z");
  const longDay = (s) => date(s).toLocaleDateString(window.sw.locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const addDays = (s, n) => new Date(date(s).getTime() + n * 864e5).toISOString().slice(0, 10);
  const monthOf = (s) => new Date(s.slice(0, 7) + "-01T00:00:00Z").toLocaleDateString(window.sw.locale, { month: "long", year: "numeric", timeZone: "UTC" });

  function change(now, before, label) {
    if (now === null || before === null || before === undefined) return `<span class="flows-delta">${esc(T("delta.none", { label }))}</span>`;
    if (before === 0) return `<span class="flows-delta">${esc(T("delta.value", { label, value: fmt(before) }))}</span>`;
    const d = 100 * (now - before) / before;
    const word = d > 0.05 ? "up" : d < -0.05 ? "down" : "level";
    const arrow = word === "up" ? "▲" : word === "down" ? "▼" : "=";
    return `<span class="flows-delta flows-${word}" title="${esc(T("delta.value", { label, value: fmt(before, 1) }))}">` +
      `<span aria-hidden="true">${arrow}</span> ${esc(T("delta.change", { word, pct: fmt(Math.abs(d), 0), label, before: fmt(before, 1) }))}</span>`;
  }

  function shareChange(now, before, label) {
    if (now === null || before === null) return `<span class="flows-delta">${esc(T("delta.none", { label }))}</span>`;
    const d = 100 * (now - before);
    const word = d > 0.05 ? "up" : d < -0.05 ? "down" : "level";
    return `<span class="flows-delta flows-${word}"><span aria-hidden="true">${word === "up" ? "▲" : word === "down" ? "▼" : "="}</span> ` +
      `${esc(T("delta.points", { word, points: fmt(Math.abs(d), 1), label, before: pct(before) }))}</span>`;
  }

  function card(id, title, value, lines, note) {
    return `<article class="flows-card" data-testid="card-${id}"><h3>${esc(title)}</h3>` +
      `<div class="flows-figure" data-testid="figure-${id}">${value}</div>${lines.join("")}` +
      (note ? `<p class="flows-card-note">${esc(note)}</p>` : "") + `</article>`;
  }

  function headline(view, summary) {
    const w = view.week, lw = view.last_week, ly = view.same_week_last_year, ytd = view.year_to_date;
    document.getElementById("week-label").textContent = T("weekLabel", { label: w.label, from: longDay(w.start), to: longDay(w.end) });
    const lwLabel = T("lastWeek"), lyLabel = `${ly.label}`;
    let deaths;
    if (ytd.deaths !== null) {
      deaths = card("deaths", T("card.deathsYtd", { year: String(ytd.year) }), fmt(ytd.deaths), [], T("card.deathsIom"));
    } else if (view.deaths_latest_year) {
      const d = view.deaths_latest_year;
      deaths = card("deaths", T("card.deathsTo", { year: String(d.year), to: longDay(d.to) }), fmt(d.channel_crossing),
        [`<span class="flows-delta">${esc(T("card.deadArea", { n: fmt(d.dead_and_missing) }))}</span>`],
        T("card.iomRunsTo", { to: longDay(d.to), year: String(ytd.year) }));
    } else {
      deaths = card("deaths", T("card.deaths"), "—", [], T("card.noIom"));
    }
    document.getElementById("headline").innerHTML = [
      card("people", T("card.people"), fmt(w.people),
        [change(w.people, lw.people, lwLabel), change(w.people, ly.people, lyLabel)]),
      card("boats", T("card.boats"), fmt(w.boats),
        [change(w.boats, lw.boats, lwLabel), change(w.boats, ly.boats, lyLabel)]),
      card("ppb", T("card.ppb"), fmt(w.people_per_boat, 1),
        [change(w.people_per_boat, lw.people_per_boat, lwLabel), change(w.people_per_boat, ly.people_per_boat, lyLabel)]),
      card("prevented", T("card.prevented"), pct(w.prevention_share),
        [`<span class="flows-delta">${esc(T("card.preventedPeople", { n: fmt(w.prevented) }))}</span>`,
          shareChange(w.prevention_share, lw.prevention_share, lwLabel)],
        T("card.frenchEstimates")),
      deaths,
      card("ytd", T("card.ytd", { year: String(ytd.year) }), fmt(ytd.people),
        [change(ytd.people, ytd.people_same_period_last_year, T("sameDaysOf", { year: String(ytd.year - 1) }))]),
    ].join("");
    document.getElementById("headline-notes").textContent = T("headlineNotes", {
      prevention: T("note.prevention"), to: longDay(summary.daily_to), deaths: T("note.deaths") });
  }

  /* Arrivals per week (last two years) or month (all), rolling mean and last year's line. */
  async function arrivalsChart(summary, by) {
    const host = document.getElementById("chart-arrivals");
    const from = by === "week" ? addDays(summary.daily_to, -728) : undefined;
    const view = await window.sw.api("/api/flows/arrivals", { query: { by, from } });
    const rows = view.rows;
    const unit = by === "week" ? "week" : "month";
    const controls = `<label class="flows-control">${esc(T("arr.per"))} <select id="arrivals-by" aria-label="${esc(T("arr.perLabel"))}">` +
      `<option value="week"${by === "week" ? " selected" : ""}>${esc(T("arr.optWeek"))}</option>` +
      `<option value="month"${by === "month" ? " selected" : ""}>${esc(T("arr.optMonth"))}</option></select></label>`;
    const perUnit = T("arr.perUnit", { unit });
    const slot = window.swCharts.figure(host, {
      title: T("arr.title", { unit }), controls, testid: "figure-arrivals",
      legend: [[perUnit, C.people, "box"], [T("arr.rolling", { unit }), C.mean, "line"],
        [T("arr.samePeriod"), C.lastYear, "dash"]],
      note: rows.some((r) => !r.complete) ? T("arr.partNote") : "",
      source: SRC.homeOffice(),
      table: { columns: [T("col.period"), T("col.people"), T("col.boats"), T("card.ppb"), T("arr.rollingShort"), T("arr.yearEarlier"), T("arr.change")],
        rows: rows.slice().reverse().map((r) => [r.complete ? r.period : T("arr.part", { period: r.period }), fmt(r.migrants_arrived), fmt(r.boats_arrived),
          fmt(r.people_per_boat, 1), fmt(r.rolling_mean_migrants), fmt(r.last_year_migrants),
          r.yoy_change_pct === null ? "—" : `${r.yoy_change_pct > 0 ? "+" : ""}${pct(r.yoy_change_pct / 100, 0)}`]) },
    });
    const pts = (key) => rows.map((r) => ({ x: date(r.start), y: r[key], label: r.period }));
    window.swCharts.time(slot, {
      title: T("arr.svgTitle", { unit }),
      desc: T("arr.desc", { n: rows.length, unit, from: rows[0].period, to: rows[rows.length - 1].period,
        max: fmt(Math.max(...rows.map((r) => r.migrants_arrived))) }),
      yLabel: perUnit, xLabel: by === "week" ? T("arr.xWeek") : T("col.month"), height: 280,
      series: [
        { name: perUnit, kind: "bars", color: C.people, points: pts("migrants_arrived"), unit: T("col.people") },
        { name: T("arr.rollingShort"), kind: "line", color: C.mean, points: pts("rolling_mean_migrants"), dots: false },
        { name: T("arr.yearEarlier"), kind: "line", color: C.lastYear, dash: "5 3", width: 1.5, points: pts("last_year_migrants"), dots: false },
      ],
    });
    document.getElementById("arrivals-by").addEventListener("change", (ev) => arrivalsChart(summary, ev.target.value).catch(fail));
  }

  /* The last six weeks of days and the forecast with its 80% and 95% intervals. */
  async function forecastChart(summary, days) {
    const [fc, recent] = await Promise.all([
      window.sw.api("/api/flows/forecast", { query: { days } }),
      window.sw.api("/api/flows/arrivals", { query: { by: "day", from: addDays(summary.daily_to, -41) } }),
    ]);
    const people = fc.migrants_arrived;
    const last = people.total[people.total.length - 1];
    const controls = `<label class="flows-control">${esc(T("fc.daysAhead"))} <select id="forecast-days" aria-label="${esc(T("fc.daysAhead"))}">` +
      [7, 14, 28].map((d) => `<option${d === days ? " selected" : ""}>${d}</option>`).join("") + `</select></label>`;
    const slot = window.swCharts.figure(document.getElementById("chart-forecast"), {
      title: T("fc.title", { days }), controls, testid: "figure-forecast",
      legend: [[T("fc.detectedPerDay"), C.people, "box"], [T("fc.mean"), C.mean, "line"], [T("fc.i80"), C.band80, "band"], [T("fc.i95"), C.band95, "band-light"]],
      note: T("fc.note", { days, end: longDay(people.data_end), mean: fmt(last.mean), low: fmt(last.low80), high: fmt(last.high80),
        boats: fmt(fc.boats_arrived.total[days - 1].mean, 1) }),
      source: T("src.forecast", { source: SRC.homeOffice() }),
      table: { columns: [T("col.day"), T("fc.colMean"), T("fc.low80"), T("fc.high80"), T("fc.low95"), T("fc.high95"), T("fc.total")],
        rows: people.daily.map((d, i) => [longDay(d.date), fmt(d.mean, 1), fmt(d.low80, 1), fmt(d.high80, 1), fmt(d.low95, 1), fmt(d.high95, 1), fmt(people.total[i].mean)]) },
    });
    const f = people.daily;
    window.swCharts.time(slot, {
      title: T("fc.svgTitle", { days }),
      desc: T("fc.desc", { from: longDay(f[0].date), to: longDay(f[f.length - 1].date), total: fmt(last.mean) }),
      yLabel: T("fc.perDay"), xLabel: T("col.day"),
      series: [
        { name: T("fc.i95"), kind: "band", color: C.band95, opacity: 0.13, points: f.map((d) => ({ x: date(d.date), lo: d.low95, hi: d.high95 })) },
        { name: T("fc.i80"), kind: "band", color: C.band80, opacity: 0.28, points: f.map((d) => ({ x: date(d.date), lo: d.low80, hi: d.high80 })) },
        { name: T("fc.detected"), kind: "bars", color: C.people, unit: T("col.people"), points: recent.rows.map((r) => ({ x: date(r.start), y: r.migrants_arrived })) },
        { name: T("fc.forecast"), kind: "line", color: C.mean, points: f.map((d) => ({ x: date(d.date), y: d.mean })) },
      ],
    });
    document.getElementById("forecast-days").addEventListener("change", (ev) => forecastChart(summary, Number(ev.target.value)).catch(fail));
  }

  async function preventionChart() {
    const view = await window.sw.api("/api/flows/prevention", { query: { by: "week" } });
    const rows = view.rows;
    const slot = window.swCharts.figure(document.getElementById("chart-prevention"), {
      title: T("prev.title"), testid: "figure-prevention",
      legend: [[T("prev.legend"), C.prevented, "box"]],
      note: T("note.prevention"), source: T("src.withArrivals", { source: SRC.prevention() }),
      table: { columns: [T("col.week"), T("prev.prevented"), T("prev.arrived"), T("prev.share")],
        rows: rows.slice().reverse().map((r) => [r.period, fmt(r.migrants_prevented), fmt(r.migrants_arrived_same_weeks), pct(r.prevention_share)]) },
    });
    const weekStart = (label) => {  // "2024-W18" -> Monday of that ISO week
      const [y, w] = label.split("-W").map(Number);
      const jan4 = Date.UTC(y, 0, 4);
      const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 864e5;
      return new Date(monday + (w - 1) * 7 * 864e5);
    };
    window.swCharts.time(slot, {
      title: T("prev.svgTitle"),
      desc: rows.length ? T("prev.desc", { n: rows.length, from: rows[0].period, latest: pct(rows[rows.length - 1].prevention_share) }) : T("prev.none"),
      yLabel: T("prev.share"), xLabel: T("col.week"), yMax: 1, yFormat: (v) => pct(v, 0),
      series: [{ name: T("prev.share"), kind: "bars", color: C.prevented,
        points: rows.map((r) => ({ x: weekStart(r.period), y: r.prevention_share, label: r.period })) }],
    });
  }

  async function deathsChart() {
    const view = await window.sw.api("/api/flows/deaths", { query: { by: "year" } });
    const rows = view.rows;
    const slot = window.swCharts.figure(document.getElementById("chart-deaths"), {
      title: T("deaths.title"), testid: "figure-deaths",
      legend: [[T("deaths.crossing"), C.deaths, "box"], [T("deaths.allLegend"), C.deathsAll, "box"]],
      note: T("deaths.note", { note: T("note.deaths"), to: longDay(view.data_to) }), source: SRC.iom(),
      table: { columns: [T("col.year"), T("deaths.incidents"), T("deaths.deadArea"), T("deaths.crossing")],
        rows: rows.slice().reverse().map((r) => [r.period, fmt(r.incidents), fmt(r.dead_and_missing), fmt(r.channel_crossing)]) },
    });
    window.swCharts.bars(slot, {
      title: T("deaths.svgTitle"),
      desc: rows.map((r) => T("deaths.atSea", { year: r.period, n: fmt(r.channel_crossing) })).join("; "),
      yLabel: T("deaths.yLabel"), xLabel: T("col.year"),
      categories: rows.map((r) => r.period),
      series: [{ name: T("deaths.crossing"), color: C.deaths, values: rows.map((r) => r.channel_crossing) },
        { name: T("deaths.all"), color: C.deathsAll, values: rows.map((r) => r.dead_and_missing) }],
    });
  }

  async function nationalitiesChart(summary, which) {
    const frontexFrom = summary.frontex_to ? addDays(summary.frontex_to, -334).slice(0, 8) + "01" : undefined;
    const view = await window.sw.api("/api/flows/nationalities", { query: { n: 10, from: which === "frontex" ? frontexFrom : undefined } });
    const small = which !== "frontex";
    const rows = small ? view.small_boats.map((r) => ({ label: r.nationality, value: r.detections, note: pct(r.share, 0) }))
      : view.frontex.map((r) => ({ label: r.nationality_name || r.nationality_iso3, value: r.detections, note: pct(r.share, 0) }));
    const controls = `<label class="flows-control">${esc(T("nat.of"))} <select id="nationalities-which" aria-label="${esc(T("nat.which"))}">` +
      `<option value="small"${small ? " selected" : ""}>${esc(T("nat.optSmall"))}</option>` +
      `<option value="frontex"${small ? "" : " selected"}>${esc(T("nat.optFrontex"))}</option></select></label>`;
    const slot = window.swCharts.figure(document.getElementById("chart-nationalities"), {
      title: T("nat.title"), controls, testid: "figure-nationalities",
      note: small ? T("nat.noteSmall") : T("nat.noteFrontex", { from: monthOf(frontexFrom), to: monthOf(summary.frontex_to) }),
      source: small ? SRC.irr() : SRC.frontex(),
      table: { columns: [T("nat.nationality"), small ? T("col.people") : T("nat.detections"), T("nat.share")], rows: rows.map((r) => [r.label, fmt(r.value), r.note]) },
    });
    window.swCharts.hbars(slot, {
      title: small ? T("nat.svgSmall") : T("nat.svgFrontex"),
      desc: rows.map((r) => `${r.label} ${fmt(r.value)}`).join(", "), rows,
      color: small ? C.people : "#f2994a", xLabel: small ? T("nat.xSmall") : T("nat.xFrontex"),
    });
    document.getElementById("nationalities-which").addEventListener("change", (ev) => nationalitiesChart(summary, ev.target.value).catch(fail));
  }

  /** Which days the plan is for, and why those: the day after the data's last day onward
   *  (the forecast starts where the data ends), said plainly when those days are past. */
  function planBasis(plan) {
    const first = plan.days[0], lastDay = plan.days[plan.days.length - 1];
    const today = new Date().toISOString().slice(0, 10);
    const params = { from: longDay(first), to: longDay(lastDay), days: plan.days.length, dataTo: longDay(plan.data_to) };
    const past = lastDay < today;
    const box = document.getElementById("patrol-basis");
    box.textContent = past
      ? T("plan.basisPast", { ...params, today: longDay(today), ago: Math.round((date(today) - date(lastDay)) / 864e5) })
      : T("plan.basisFuture", params);
    box.classList.toggle("flows-warning", past);
    box.dataset.past = past ? "1" : "0";
  }

  async function patrolPlan() {
    const units = Number(document.getElementById("patrol-units").value);
    const days = Number(document.getElementById("patrol-days").value);
    const p = Number(document.getElementById("patrol-p").value);
    let plan;
    try {
      plan = await window.sw.api("/api/flows/patrol-plan", { query: { units, days, p } });
    } catch (e) {
      window.sw.toast(T("plan.error", { message: e.message + (e.where ? " (" + e.where + ")" : "") }), "error");
      return;
    }
    planBasis(plan);
    document.getElementById("patrol-result").innerHTML = T("plan.result", {
      from: esc(longDay(plan.days[0])), to: esc(longDay(plan.days[plan.days.length - 1])),
      coverage: `<b data-testid="patrol-coverage">${pct(plan.coverage)}</b>`,
      expected: fmt(plan.expected_departures, 1), covered: fmt(plan.expected_covered, 1),
      baseline: pct(plan.baseline_even_spread_coverage) });
    const names = plan.sector_names;
    const cell = {};
    for (const r of plan.summary) cell[r.sector + "|" + r.shift] = r;
    document.getElementById("patrol-table").innerHTML =
      `<caption>${esc(T("plan.caption", { days: plan.days.length }))}</caption>` +
      `<thead><tr><th scope="col">${esc(T("plan.sector"))}</th>${plan.shifts.map((s) => `<th scope="col">${esc(T("plan.shift", { name: s }))}</th>`).join("")}` +
      `<th scope="col">${esc(T("plan.unitShifts"))}</th></tr></thead><tbody>` +
      plan.sectors.map((s) => {
        const cells = plan.shifts.map((sh) => cell[s + "|" + sh]);
        const total = cells.reduce((n, c) => n + (c ? c.unit_shifts : 0), 0);
        return `<tr><th scope="row">${esc(s)} ${esc(names[s] || "")}</th>` +
          cells.map((c) => c ? `<td><b>${c.unit_shifts}</b> <span class="sw-muted">(${fmt(c.expected_covered, 2)} / ${fmt(c.expected_departures, 2)})</span></td>` : `<td class="sw-muted">0</td>`).join("") +
          `<td>${total}</td></tr>`;
      }).join("") + "</tbody>";
    const uniform = plan.history_source.startsWith("uniform");
    document.getElementById("patrol-note").textContent =
      (uniform ? T("plan.historyUniform") : T("plan.historyObserved", { source: plan.history_source })) + " " +
      T("plan.model", { p: fmt(plan.detection_probability, 2) });
    document.body.dataset.patrolReady = "1";
    document.body.dataset.patrolPlanned = String(Number(document.body.dataset.patrolPlanned || 0) + 1);
  }

  function fail(e) {
    console.error(e);
    window.sw.toast(e.message || String(e), "error");
  }

  function message(title, lines) {
    const box = document.getElementById("flows-message");
    box.innerHTML = `<h1>${esc(title)}</h1>` + lines.map(([text, cls]) => `<p${cls ? ` class="${cls}"` : ""}>${esc(text)}</p>`).join("");
    box.hidden = false;
    document.getElementById("flows-content").hidden = true;
  }

  async function main() {
    await window.sw.header();
    let summary;
    try {
      summary = await window.sw.api("/api/flows/summary");
    } catch (e) {
      if (e.status === 403) message(T("denied.title"), [[e.message], [T("denied.hint"), "sw-muted"]]);
      else message(T("error.title"), [[e.message]]);
      document.body.dataset.flowsState = e.status === 403 ? "denied" : "error";
      window.sw.drawn();
      return;
    }
    if (!summary.daily_to) {
      message(T("empty.title"), [[T("empty.hint")]]);
      document.body.dataset.flowsState = "empty";
      window.sw.drawn();
      return;
    }
    document.getElementById("flows-content").hidden = false;
    document.getElementById("flows-coverage").textContent = T("coverage", {
      from: longDay(summary.daily_from), to: longDay(summary.daily_to), weekly: longDay(summary.weekly_to),
      iom: longDay(summary.iom_to), frontex: monthOf(summary.frontex_to) });
    const week = await window.sw.api("/api/flows/week");
    headline(week, summary);
    document.getElementById("patrol-form").addEventListener("submit", (ev) => { ev.preventDefault(); patrolPlan(); });
    const frontexNote = document.getElementById("frontex-note");
    const mapDone = Promise.all([
      window.sw.api("/api/flows/frontex/map"),
      window.sw.api("/api/flows/frontex/routes", { query: { by: "month" } }),
    ]).then(([geo, routes]) => {
      frontexNote.textContent = T("note.frontex");
      return window.swFlowsMap.init("frontex-map", geo, routes.rows);
    });
    const results = await Promise.allSettled([
      arrivalsChart(summary, "week"), forecastChart(summary, 14), preventionChart(), deathsChart(),
      nationalitiesChart(summary, "small"), patrolPlan(), mapDone,
    ]);
    results.filter((r) => r.status === "rejected").forEach((r) => fail(r.reason));
    window.swFlows.ready = true;
    document.body.dataset.flowsState = "ready";
    window.sw.drawn();
    redrawOnResize(summary);
  }

  /** Charts are drawn at their slot's width: draw them again, with the choices made in
   *  their selectors, when the window's width settles on a new value. */
  function redrawOnResize(summary) {
    let width = window.innerWidth, timer = 0;
    const value = (id, fallback) => document.getElementById(id)?.value || fallback;
    window.addEventListener("resize", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (window.innerWidth === width) return;
        width = window.innerWidth;
        Promise.all([
          arrivalsChart(summary, value("arrivals-by", "week")),
          forecastChart(summary, Number(value("forecast-days", 14))),
          preventionChart(), deathsChart(),
          nationalitiesChart(summary, value("nationalities-which", "small")),
        ]).then(() => { document.body.dataset.flowsRedrawn = String(width); }).catch(fail);
      }, 250);
    });
  }

  window.swFlows = { ready: false };
  main().catch(fail);
})();
