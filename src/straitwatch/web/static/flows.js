/* The flows page: headline figures of the latest week, charts (arrivals, forecast,
 * prevention, deaths, nationalities), the patrol plan and the Frontex routes map, all from
 * /api/flows (flows.read). Exposes window.swFlows.ready once everything is drawn. */
"use strict";
(function () {
  const { fmt, pct } = window.swCharts;
  const esc = (t) => window.sw.esc(t);
  const C = { people: "#5ec8f2", mean: "#f2c94c", lastYear: "#c3c9d0", boats: "#6fcf97",
    prevented: "#bb6bd9", deaths: "#eb5757", deathsAll: "#f2994a", band80: "#5ec8f2", band95: "#5ec8f2" };
  const SRC = {
    homeOffice: "Home Office and Border Force, Migrants detected crossing the English Channel in small boats (OGL v3.0); provisional operational data",
    prevention: "French operational estimates (people prevented from crossing), published weekly by the Home Office from the week ending 5 May 2024",
    iom: "IOM Missing Migrants Project",
    irr: "Home Office, Immigration system statistics, table Irr_D01 (OGL v3.0)",
    frontex: "Frontex, monthly detections of illegal border-crossings",
  };

  const date = (s) => new Date(s + "T00:00:00Z");
  const longDay = (s) => date(s).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const addDays = (s, n) => new Date(date(s).getTime() + n * 864e5).toISOString().slice(0, 10);

  function change(now, before, label) {
    if (now === null || before === null || before === undefined) return `<span class="flows-delta">${esc(label)}: —</span>`;
    if (before === 0) return `<span class="flows-delta">${esc(label)}: ${fmt(before)}</span>`;
    const d = 100 * (now - before) / before;
    const word = d > 0.05 ? "up" : d < -0.05 ? "down" : "level";
    const arrow = word === "up" ? "▲" : word === "down" ? "▼" : "=";
    return `<span class="flows-delta flows-${word}" title="${esc(label)}: ${fmt(before, 1)}">` +
      `<span aria-hidden="true">${arrow}</span> ${word} ${Math.abs(d).toFixed(0)}% on ${esc(label)} (${fmt(before, 1)})</span>`;
  }

  function shareChange(now, before, label) {
    if (now === null || before === null) return `<span class="flows-delta">${esc(label)}: —</span>`;
    const d = 100 * (now - before);
    const word = d > 0.05 ? "up" : d < -0.05 ? "down" : "level";
    return `<span class="flows-delta flows-${word}"><span aria-hidden="true">${word === "up" ? "▲" : word === "down" ? "▼" : "="}</span> ` +
      `${word} ${Math.abs(d).toFixed(1)} points on ${esc(label)} (${pct(before)})</span>`;
  }

  function card(id, title, value, lines, note) {
    return `<article class="flows-card" data-testid="card-${id}"><h3>${esc(title)}</h3>` +
      `<div class="flows-figure" data-testid="figure-${id}">${value}</div>${lines.join("")}` +
      (note ? `<p class="flows-card-note">${esc(note)}</p>` : "") + `</article>`;
  }

  function headline(view, summary) {
    const w = view.week, lw = view.last_week, ly = view.same_week_last_year, ytd = view.year_to_date;
    document.getElementById("week-label").textContent = `${w.label} (${longDay(w.start)} to ${longDay(w.end)})`;
    const lwLabel = "last week", lyLabel = `${ly.label}`;
    let deaths;
    if (ytd.deaths !== null) {
      deaths = card("deaths", `Deaths at sea, ${ytd.year} to date`, fmt(ytd.deaths), [], "IOM Missing Migrants Project, Channel-crossing incidents");
    } else if (view.deaths_latest_year) {
      const d = view.deaths_latest_year;
      deaths = card("deaths", `Deaths at sea, ${d.year} to ${longDay(d.to)}`, fmt(d.channel_crossing),
        [`<span class="flows-delta">${fmt(d.dead_and_missing)} dead and missing in the whole area, land included</span>`],
        `IOM data runs to ${longDay(d.to)}: no figure for ${ytd.year} yet`);
    } else {
      deaths = card("deaths", "Deaths at sea", "—", [], "No IOM data loaded");
    }
    document.getElementById("headline").innerHTML = [
      card("people", "People crossing", fmt(w.people),
        [change(w.people, lw.people, lwLabel), change(w.people, ly.people, lyLabel)]),
      card("boats", "Small boats", fmt(w.boats),
        [change(w.boats, lw.boats, lwLabel), change(w.boats, ly.boats, lyLabel)]),
      card("ppb", "People per boat", fmt(w.people_per_boat, 1),
        [change(w.people_per_boat, lw.people_per_boat, lwLabel), change(w.people_per_boat, ly.people_per_boat, lyLabel)]),
      card("prevented", "Share prevented*", pct(w.prevention_share),
        [`<span class="flows-delta">${fmt(w.prevented)} people prevented</span>`,
          shareChange(w.prevention_share, lw.prevention_share, lwLabel)],
        "* French operational estimates"),
      deaths,
      card("ytd", `People crossing, ${ytd.year} to date`, fmt(ytd.people),
        [change(ytd.people, ytd.people_same_period_last_year, `the same days of ${ytd.year - 1}`)]),
    ].join("");
    document.getElementById("headline-notes").textContent =
      `* ${view.notes.prevention} Crossings: Home Office (provisional operational data, daily series to ${longDay(summary.daily_to)}). ` +
      `Same week last year: 52 weeks earlier, Monday to Sunday. Deaths: ${view.notes.deaths}`;
  }

  /* Arrivals per week (last two years) or month (all), rolling mean and last year's line. */
  async function arrivalsChart(summary, by) {
    const host = document.getElementById("chart-arrivals");
    const from = by === "week" ? addDays(summary.daily_to, -728) : undefined;
    const view = await window.sw.api("/api/flows/arrivals", { query: { by, from } });
    const rows = view.rows;
    const unit = by === "week" ? "week" : "month";
    const controls = `<label class="flows-control">Per <select id="arrivals-by" aria-label="Period of each bar">` +
      `<option value="week"${by === "week" ? " selected" : ""}>week (last two years)</option>` +
      `<option value="month"${by === "month" ? " selected" : ""}>month (since 2018)</option></select></label>`;
    const slot = window.swCharts.figure(host, {
      title: `People crossing per ${unit}`, controls, testid: "figure-arrivals",
      legend: [[`People per ${unit}`, C.people, "box"], [`Rolling mean (${by === "week" ? "4 weeks" : "3 months"})`, C.mean, "line"],
        ["Same period a year earlier", C.lastYear, "dash"]],
      note: rows.some((r) => !r.complete) ? "The last bar is a period not yet complete." : "",
      source: SRC.homeOffice,
      table: { columns: ["Period", "People", "Boats", "People per boat", "Rolling mean", "A year earlier", "Change"],
        rows: rows.slice().reverse().map((r) => [r.period + (r.complete ? "" : " (part)"), fmt(r.migrants_arrived), fmt(r.boats_arrived),
          fmt(r.people_per_boat, 1), fmt(r.rolling_mean_migrants), fmt(r.last_year_migrants),
          r.yoy_change_pct === null ? "—" : `${r.yoy_change_pct > 0 ? "+" : ""}${r.yoy_change_pct.toFixed(0)}%`]) },
    });
    const pts = (key) => rows.map((r) => ({ x: date(r.start), y: r[key], label: r.period }));
    window.swCharts.time(slot, {
      title: `People detected crossing the Channel in small boats per ${unit}`,
      desc: `${rows.length} ${unit}s from ${rows[0].period} to ${rows[rows.length - 1].period}; ` +
        `highest ${fmt(Math.max(...rows.map((r) => r.migrants_arrived)))} people in a ${unit}.`,
      yLabel: `People per ${unit}`, xLabel: by === "week" ? "Week (Monday)" : "Month", height: 280,
      series: [
        { name: `People per ${unit}`, kind: "bars", color: C.people, points: pts("migrants_arrived"), unit: "people" },
        { name: "Rolling mean", kind: "line", color: C.mean, points: pts("rolling_mean_migrants"), dots: false },
        { name: "A year earlier", kind: "line", color: C.lastYear, dash: "5 3", width: 1.5, points: pts("last_year_migrants"), dots: false },
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
    const controls = `<label class="flows-control">Days ahead <select id="forecast-days" aria-label="Days ahead">` +
      [7, 14, 28].map((d) => `<option${d === days ? " selected" : ""}>${d}</option>`).join("") + `</select></label>`;
    const slot = window.swCharts.figure(document.getElementById("chart-forecast"), {
      title: `Forecast: people crossing, next ${days} days`, controls, testid: "figure-forecast",
      legend: [["Detected per day", C.people, "box"], ["Forecast (mean)", C.mean, "line"], ["80% interval", C.band80, "band"], ["95% interval", C.band95, "band-light"]],
      note: `Expected over the ${days} days after ${longDay(people.data_end)}: ${fmt(last.mean)} people ` +
        `(80% interval ${fmt(last.low80)}–${fmt(last.high80)}), ${fmt(fc.boats_arrived.total[days - 1].mean, 1)} boats. ` +
        "Seasonal model on the Home Office daily series; a single day depends on that day's sea.",
      source: SRC.homeOffice + "; forecast by straitwatch",
      table: { columns: ["Day", "Mean", "80% low", "80% high", "95% low", "95% high", "Running total"],
        rows: people.daily.map((d, i) => [d.date, fmt(d.mean, 1), fmt(d.low80, 1), fmt(d.high80, 1), fmt(d.low95, 1), fmt(d.high95, 1), fmt(people.total[i].mean)]) },
    });
    const f = people.daily;
    window.swCharts.time(slot, {
      title: `Forecast of people crossing per day for ${days} days`,
      desc: `Forecast from ${f[0].date} to ${f[f.length - 1].date}, ${fmt(last.mean)} people expected in all; the last 42 days detected shown before it.`,
      yLabel: "People per day", xLabel: "Day",
      series: [
        { name: "95% interval", kind: "band", color: C.band95, opacity: 0.13, points: f.map((d) => ({ x: date(d.date), lo: d.low95, hi: d.high95 })) },
        { name: "80% interval", kind: "band", color: C.band80, opacity: 0.28, points: f.map((d) => ({ x: date(d.date), lo: d.low80, hi: d.high80 })) },
        { name: "Detected", kind: "bars", color: C.people, unit: "people", points: recent.rows.map((r) => ({ x: date(r.start), y: r.migrants_arrived })) },
        { name: "Forecast", kind: "line", color: C.mean, points: f.map((d) => ({ x: date(d.date), y: d.mean })) },
      ],
    });
    document.getElementById("forecast-days").addEventListener("change", (ev) => forecastChart(summary, Number(ev.target.value)).catch(fail));
  }

  async function preventionChart() {
    const view = await window.sw.api("/api/flows/prevention", { query: { by: "week" } });
    const rows = view.rows;
    const slot = window.swCharts.figure(document.getElementById("chart-prevention"), {
      title: "Share of crossing attempts prevented, per week", testid: "figure-prevention",
      legend: [["Prevented ÷ (prevented + arrived)", C.prevented, "box"]],
      note: view.note, source: SRC.prevention + "; arrivals: Home Office",
      table: { columns: ["Week", "Prevented", "Arrived", "Share prevented"],
        rows: rows.slice().reverse().map((r) => [r.period, fmt(r.migrants_prevented), fmt(r.migrants_arrived_same_weeks), pct(r.prevention_share)]) },
    });
    const weekStart = (label) => {  // "2024-W18" -> Monday of that ISO week
      const [y, w] = label.split("-W").map(Number);
      const jan4 = Date.UTC(y, 0, 4);
      const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 864e5;
      return new Date(monday + (w - 1) * 7 * 864e5);
    };
    window.swCharts.time(slot, {
      title: "Share of crossing attempts prevented by the French authorities, per week",
      desc: rows.length ? `${rows.length} weeks from ${rows[0].period}; latest ${pct(rows[rows.length - 1].prevention_share)}.` : "No prevention figures.",
      yLabel: "Share prevented", xLabel: "Week", yMax: 1, yFormat: (v) => `${Math.round(v * 100)}%`,
      series: [{ name: "Share prevented", kind: "bars", color: C.prevented,
        points: rows.map((r) => ({ x: weekStart(r.period), y: r.prevention_share, label: r.period })) }],
    });
  }

  async function deathsChart() {
    const view = await window.sw.api("/api/flows/deaths", { query: { by: "year" } });
    const rows = view.rows;
    const slot = window.swCharts.figure(document.getElementById("chart-deaths"), {
      title: "Dead and missing per year, Channel area", testid: "figure-deaths",
      legend: [["Channel crossing", C.deaths, "box"], ["All incidents in the area (land included)", C.deathsAll, "box"]],
      note: `${view.note} Data to ${longDay(view.data_to)}: the last year is partial.`, source: SRC.iom,
      table: { columns: ["Year", "Incidents", "Dead and missing (area)", "Channel crossing"],
        rows: rows.slice().reverse().map((r) => [r.period, fmt(r.incidents), fmt(r.dead_and_missing), fmt(r.channel_crossing)]) },
    });
    window.swCharts.bars(slot, {
      title: "Dead and missing per year in the Channel area (IOM)",
      desc: rows.map((r) => `${r.period}: ${r.channel_crossing} at sea`).join("; "),
      yLabel: "Dead and missing", xLabel: "Year",
      categories: rows.map((r) => r.period),
      series: [{ name: "Channel crossing", color: C.deaths, values: rows.map((r) => r.channel_crossing) },
        { name: "All in the area", color: C.deathsAll, values: rows.map((r) => r.dead_and_missing) }],
    });
  }

  async function nationalitiesChart(summary, which) {
    const frontexFrom = summary.frontex_to ? addDays(summary.frontex_to, -334).slice(0, 8) + "01" : undefined;
    const view = await window.sw.api("/api/flows/nationalities", { query: { n: 10, from: which === "frontex" ? frontexFrom : undefined } });
    const small = which !== "frontex";
    const rows = small ? view.small_boats.map((r) => ({ label: r.nationality, value: r.detections, note: pct(r.share, 0) }))
      : view.frontex.map((r) => ({ label: r.nationality_name || r.nationality_iso3, value: r.detections, note: pct(r.share, 0) }));
    const controls = `<label class="flows-control">Of <select id="nationalities-which" aria-label="Which figures">` +
      `<option value="small"${small ? " selected" : ""}>small-boat arrivals, 2018–2023</option>` +
      `<option value="frontex"${small ? "" : " selected"}>Frontex detections, last 12 months</option></select></label>`;
    const slot = window.swCharts.figure(document.getElementById("chart-nationalities"), {
      title: "Top nationalities", controls, testid: "figure-nationalities",
      note: small ? "Finalised statistics, small boats as method of entry, 2018 to 2023 (people)."
        : `Detections (not persons) on all routes, ${frontexFrom.slice(0, 7)} to ${summary.frontex_to.slice(0, 7)}; ISO 3166 codes.`,
      source: small ? SRC.irr : SRC.frontex,
      table: { columns: ["Nationality", small ? "People" : "Detections", "Share"], rows: rows.map((r) => [r.label, fmt(r.value), r.note]) },
    });
    window.swCharts.hbars(slot, {
      title: small ? "Top nationalities of small-boat arrivals, 2018–2023" : "Top nationalities detected by Frontex, last 12 months",
      desc: rows.map((r) => `${r.label} ${r.value}`).join(", "), rows,
      color: small ? C.people : "#f2994a", xLabel: small ? "People (share of all small-boat arrivals)" : "Detections (share of all)",
    });
    document.getElementById("nationalities-which").addEventListener("change", (ev) => nationalitiesChart(summary, ev.target.value).catch(fail));
  }

  async function patrolPlan() {
    const units = Number(document.getElementById("patrol-units").value);
    const days = Number(document.getElementById("patrol-days").value);
    const p = Number(document.getElementById("patrol-p").value);
    let plan;
    try {
      plan = await window.sw.api("/api/flows/patrol-plan", { query: { units, days, p } });
    } catch (e) {
      window.sw.toast(`Patrol plan: ${e.message}${e.where ? " (" + e.where + ")" : ""}`, "error");
      return;
    }
    document.getElementById("patrol-result").innerHTML =
      `${esc(longDay(plan.days[0]))} to ${esc(longDay(plan.days[plan.days.length - 1]))}: ` +
      `<b data-testid="patrol-coverage">${pct(plan.coverage)}</b> of the ${fmt(plan.expected_departures, 1)} boats expected to leave would be covered ` +
      `(${fmt(plan.expected_covered, 1)} boats), against ${pct(plan.baseline_even_spread_coverage)} for the same units spread evenly along the coast.`;
    const names = plan.sector_names;
    const cell = {};
    for (const r of plan.summary) cell[r.sector + "|" + r.shift] = r;
    document.getElementById("patrol-table").innerHTML =
      `<caption>Unit-shifts per departure sector and shift over ${plan.days.length} days (expected boats covered / expected)</caption>` +
      `<thead><tr><th scope="col">Sector</th>${plan.shifts.map((s) => `<th scope="col">${esc(s)}</th>`).join("")}<th scope="col">Unit-shifts</th></tr></thead><tbody>` +
      plan.sectors.map((s) => {
        const cells = plan.shifts.map((sh) => cell[s + "|" + sh]);
        const total = cells.reduce((n, c) => n + (c ? c.unit_shifts : 0), 0);
        return `<tr><th scope="row">${esc(s)} ${esc(names[s] || "")}</th>` +
          cells.map((c) => c ? `<td><b>${c.unit_shifts}</b> <span class="sw-muted">(${fmt(c.expected_covered, 2)} / ${fmt(c.expected_departures, 2)})</span></td>` : `<td class="sw-muted">0</td>`).join("") +
          `<td>${total}</td></tr>`;
      }).join("") + "</tbody>";
    const uniform = plan.history_source.startsWith("uniform");
    document.getElementById("patrol-note").textContent =
      `Sector history: ${plan.history_source}. ` +
      (uniform ? "No departure alerts recorded yet: every sector and hour counts alike, so which sectors get the units is arbitrary " +
        "and only the number of units per day matters. "
        : "Departures are expected in each sector and hour as the departure alerts were raised. ") +
      `One unit covers a departure in its sector with probability ${plan.detection_probability}; n units with 1 − (1 − p)^n. ` +
      "Boats forecast: Home Office daily series.";
    document.body.dataset.patrolReady = "1";
  }

  function fail(e) {
    console.error(e);
    window.sw.toast(e.message || String(e), "error");
  }

  function message(html) {
    const box = document.getElementById("flows-message");
    box.innerHTML = html;
    box.hidden = false;
    document.getElementById("flows-content").hidden = true;
  }

  async function main() {
    await window.sw.header("Flows");
    let summary;
    try {
      summary = await window.sw.api("/api/flows/summary");
    } catch (e) {
      message(e.status === 403
        ? `<h1>Flows not available to you</h1><p>${esc(e.message)}</p><p class="sw-muted">Ask your agency's administrator for a role that may read flow statistics.</p>`
        : `<h1>Flows could not be loaded</h1><p>${esc(e.message)}</p>`);
      document.body.dataset.flowsState = e.status === 403 ? "denied" : "error";
      return;
    }
    if (!summary.daily_to) {
      message("<h1>No flows data loaded yet</h1><p>An administrator loads the published figures with <code>straitwatch flows load</code>.</p>");
      document.body.dataset.flowsState = "empty";
      return;
    }
    document.getElementById("flows-content").hidden = false;
    document.getElementById("flows-coverage").textContent =
      `Home Office daily series ${longDay(summary.daily_from)} to ${longDay(summary.daily_to)}; weekly with French prevention estimates to ${longDay(summary.weekly_to)}; ` +
      `IOM incidents to ${longDay(summary.iom_to)}; Frontex to ${summary.frontex_to.slice(0, 7)}.`;
    const week = await window.sw.api("/api/flows/week");
    headline(week, summary);
    document.getElementById("patrol-form").addEventListener("submit", (ev) => { ev.preventDefault(); patrolPlan(); });
    const frontexNote = document.getElementById("frontex-note");
    const mapDone = Promise.all([
      window.sw.api("/api/flows/frontex/map"),
      window.sw.api("/api/flows/frontex/routes", { query: { by: "month" } }),
    ]).then(([geo, routes]) => {
      frontexNote.textContent = geo.note;
      return window.swFlowsMap.init("frontex-map", geo, routes.rows);
    });
    const results = await Promise.allSettled([
      arrivalsChart(summary, "week"), forecastChart(summary, 14), preventionChart(), deathsChart(),
      nationalitiesChart(summary, "small"), patrolPlan(), mapDone,
    ]);
    results.filter((r) => r.status === "rejected").forEach((r) => fail(r.reason));
    window.swFlows.ready = true;
    document.body.dataset.flowsState = "ready";
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
