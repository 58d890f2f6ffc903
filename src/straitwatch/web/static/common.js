// SPDX-License-Identifier: EUPL-1.2
/* straitwatch common.js — shared by every page (keep it small and stable).
 *
 *   sw.api(path, {method, body, query})  fetch JSON from the API. `body` is sent as JSON,
 *       or as multipart/form-data when it is a FormData (a file upload). Sends the session
 *       cookie, and the X-CSRF-Token header (from the sw_csrf cookie) on POST/PUT/PATCH/
 *       DELETE. On 401 it sends the browser to /login?next=<this page> (and never settles;
 *       pass {noRedirect: true} to get the error instead). Other errors
 *       throw an Error with .code, .where, .status from {"error": {code, message, where}}.
 *   sw.me()                 the signed-in user {username, agency, role, country} (cached).
 *   sw.header(titleKey)     the page shell, the one place it is drawn: into <header
 *       id="sw-header"> the title, navigation, user with agency and role, the language
 *       switch, a UTC clock and sign-out; waits for the messages; returns sw.me().
 *   sw.lang                 "en" | "fr": the sw_lang cookie (the switch), else the browser's
 *       languages, else English; <html lang> is set to it at once.
 *   sw.ready                resolves when the page's message catalogue is loaded and the
 *       static texts (data-i18n="key", data-i18n-attr="placeholder=key;aria-label=key")
 *       are translated.
 *   sw.t(key, params)       the message `key` of i18n/<lang>.json, an ICU MessageFormat
 *       string (plurals, numbers, selects) formatted with `params`.
 *   sw.localise(root)       translate the data-i18n texts under `root` (after innerHTML).
 *   sw.utc(value)           a date-time in UTC, written the way sw.lang writes dates.
 *   sw.date(value)          a calendar date written the way sw.lang writes dates.
 *   sw.num(value, digits)   a number the way sw.lang writes it (decimal comma in French).
 *   sw.esc(text)            HTML-escape text for innerHTML.
 *   sw.toast(message, kind) a short message at the bottom of the page ("error"|"ok").
 *   sw.drawn()              the page says its first view is drawn (body[data-page-ready="1"]),
 *       what tests and tools wait for.
 *   sw.agencies()           the partner agencies' codes, from /api/agencies (declared once,
 *                           in agencies.yaml; names: sw.t("agency." + code)); one fetch.
 */
"use strict";
(function () {
  const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  function toLogin() {
    const next = encodeURIComponent(location.pathname + location.search);
    location.href = "/login?next=" + next;
  }

  async function api(path, opts = {}) {
    const method = (opts.method || "GET").toUpperCase();
    const headers = { Accept: "application/json" };
    let url = path;
    if (opts.query) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(opts.query)) {
        if (v === undefined || v === null || v === "") continue;
        (Array.isArray(v) ? v : [v]).forEach((x) => q.append(k, x));
      }
      if ([...q].length) url += "?" + q;
    }
    let body;
    if (opts.body instanceof FormData) {
      body = opts.body; // the browser writes the multipart Content-Type with its boundary
    } else if (opts.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(opts.body);
    }
    if (UNSAFE.has(method)) headers["X-CSRF-Token"] = cookie("sw_csrf");
    const res = await fetch(url, { method, headers, body, credentials: "same-origin" });
    if (res.status === 401 && !opts.noRedirect) {
      toLogin();
      return new Promise(() => {}); // the page is going away: nothing more to do here
    }
    const type = res.headers.get("content-type") || "";
    const data = type.includes("json") ? await res.json() : await res.text();
    if (!res.ok) {
      const e = (data && data.error) || { code: "error", message: res.statusText };
      throw Object.assign(new Error(e.message), { code: e.code, where: e.where, status: res.status });
    }
    return data;
  }

  let mePromise = null;
  function me() {
    mePromise = mePromise || api("/api/auth/me");
    return mePromise;
  }

  // --- Languages: ICU MessageFormat catalogues (i18n/en.json, i18n/fr.json) ---------
  const LANGUAGES = { en: "English", fr: "Français" };
  const LOCALES = { en: "en-GB", fr: "fr-FR" };
  function chooseLang() {
    const chosen = cookie("sw_lang");
    if (chosen in LANGUAGES) return chosen;
    for (const tag of navigator.languages || [navigator.language || "en"]) {
      const primary = String(tag).slice(0, 2).toLowerCase();
      if (primary in LANGUAGES) return primary;
    }
    return "en";
  }
  const lang = chooseLang();
  const locale = LOCALES[lang];
  document.documentElement.lang = lang;
  let messages = null;
  const compiled = new Map();

  function loadScript(src) {
    return new Promise((ok, fail) => {
      if (window.IntlMessageFormat) { ok(); return; }
      const el = document.createElement("script");
      el.src = src; el.onload = ok; el.onerror = () => fail(new Error("cannot load " + src));
      document.head.appendChild(el);
    });
  }

  function t(key, params) {
    const source = messages && messages[key];
    if (source === undefined) {
      console.warn("straitwatch: no message", key);
      return key;
    }
    let f = compiled.get(key);
    if (!f) { f = new IntlMessageFormat(source, locale); compiled.set(key, f); }
    return String(f.format(params));
  }

  function localise(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of root.querySelectorAll("[data-i18n-attr]")) {
      for (const pair of el.dataset.i18nAttr.split(";")) {
        const [attr, key] = pair.split("=").map((x) => x.trim());
        if (attr && key) el.setAttribute(attr, t(key));
      }
    }
  }

  const ready = Promise.all([
    loadScript("/static/vendor/intl-messageformat.js"),
    fetch(`/static/i18n/${lang}.json`).then((r) => r.json()),
  ]).then(([, m]) => {
    messages = m;
    const done = () => { localise(document); document.documentElement.dataset.i18nReady = "1"; };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", done);
    else done();
  });

  function setLang(value) {
    document.cookie = `sw_lang=${value}; path=/; max-age=31536000; samesite=lax`;
    location.reload();
  }

  function langSwitch() {
    const sel = document.createElement("select");
    sel.className = "sw-lang";
    sel.setAttribute("data-testid", "lang-switch");
    sel.setAttribute("aria-label", t("shell.language"));
    for (const [code, name] of Object.entries(LANGUAGES)) {
      const o = document.createElement("option");
      o.value = code; o.lang = code; o.textContent = name; o.selected = code === lang;
      sel.appendChild(o);
    }
    sel.addEventListener("change", () => setLang(sel.value));
    return sel;
  }

  const dateTimeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  const timeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  function utc(value) {
    const d = value instanceof Date ? value : new Date(value);
    if (isNaN(d)) return "";
    return dateTimeFormat.format(d) + " UTC";
  }
  function utcTime(value) {
    const d = value instanceof Date ? value : new Date(value);
    return isNaN(d) ? "" : timeFormat.format(d) + " UTC";
  }
  const dateFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "UTC", year: "numeric", month: "long", day: "numeric" });
  /** A calendar date ("2026-12-07" or a Date) the way sw.lang writes it: "7 December 2026". */
  function date(value) {
    if (!value) return "—";
    const d = value instanceof Date ? value : new Date(String(value).length === 10 ? value + "T00:00:00Z" : value);
    return isNaN(d) ? String(value) : dateFormat.format(d);
  }
  function num(value, digits = 0) {
    return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
      .format(value);
  }

  function esc(text) {
    return String(text ?? "").replace(/[&<>"']/g, (c) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function toast(message, kind = "ok") {
    const el = document.createElement("div");
    el.className = "sw-toast sw-toast-" + kind;
    el.setAttribute("role", kind === "error" ? "alert" : "status");
    el.textContent = message;
    document.body.appendChild(el);
    setTimeout(() => el.remove(), 5000);
  }

  // --- The page shell: one header for every page ------------------------------------
  const NAV = [
    ["/", "nav.live", ["/"]],
    ["/static/intel.html", "nav.intel", ["/static/intel"]],
    ["/static/network.html", "nav.network", ["/static/network.html"]],
    ["/static/shiftlog.html", "nav.shiftLog", ["/static/shiftlog.html"], ["watch_officer", "supervisor"]],
    ["/static/linkage.html", "nav.linkage", ["/static/linkage.html"], ["analyst", "investigator", "supervisor"]],
    ["/static/flows.html", "nav.flows", ["/static/flows.html"]],
    ["/static/documents.html", "nav.documents", ["/static/documents.html"]],
    ["/static/dpo.html", "nav.dpo", ["/static/dpo.html"], ["dpo"]],  // for the DPO only
  ];

  function current(prefixes) {
    return prefixes.some((p) => (p === "/" ? location.pathname === "/" : location.pathname.startsWith(p)));
  }

  async function header(titleKey) {
    await ready;
    const el = document.getElementById("sw-header");
    const user = await me();
    const here = NAV.find(([, , prefixes]) => current(prefixes));
    const title = titleKey ? t(titleKey) : "";
    document.title = "straitwatch · " + (title || (here ? t(here[1]) : ""));
    const nav = NAV.filter(([, , , roles]) => !roles || roles.includes(user.role)).map(([href, key, prefixes]) =>
      `<a href="${href}"${current(prefixes) ? ' aria-current="page"' : ""}>${esc(t(key))}</a>`).join("");
    el.innerHTML =
      `<span class="sw-brand">straitwatch</span>` +
      (title && (!here || t(here[1]) !== title) ? `<span class="sw-title">${esc(title)}</span>` : "") +
      `<nav aria-label="${esc(t("shell.nav"))}">${nav}</nav><span class="sw-spacer"></span>` +
      `<span class="sw-user" data-testid="user">${esc(user.username)} · ` +
      `<b>${esc(user.agency)}</b> · ${esc(t("role." + user.role))}</span>` +
      `<time class="sw-clock" data-testid="utc-clock"></time>` +
      `<span class="sw-lang-slot"></span>` +
      `<button type="button" class="sw-logout">${esc(t("shell.signOut"))}</button>`;
    el.querySelector(".sw-lang-slot").replaceWith(langSwitch());
    const clock = el.querySelector(".sw-clock");
    const tick = () => { clock.textContent = utcTime(new Date()); };
    tick();
    setInterval(tick, 1000);
    el.querySelector(".sw-logout").addEventListener("click", async () => {
      sessionStorage.clear(); // the purpose of this consultation ends with the session
      try { await api("/api/auth/logout", { method: "POST" }); } finally { location.href = "/login"; }
    });
    return user;
  }

  /** The basemap every map draws: Natural Earth land and borders from the bundled
   *  world-atlas (no tile server), sea as the background. `lineScale` thins the lines on
   *  small-scale maps. */
  async function basemapStyle(lineScale = 1) {
    const topo = await fetch("/static/vendor/countries-10m.json").then((r) => r.json());
    const land = topojson.feature(topo, topo.objects.land);
    const borders = topojson.mesh(topo, topo.objects.countries, (a, b) => a !== b);
    return {
      version: 8,
      sources: { land: { type: "geojson", data: land }, borders: { type: "geojson", data: borders } },
      layers: [
        { id: "sea", type: "background", paint: { "background-color": "#0b2a44" } },
        { id: "land", type: "fill", source: "land", paint: { "fill-color": "#27333d" } },
        { id: "coast", type: "line", source: "land", paint: { "line-color": "#5d7485", "line-width": 0.8 * lineScale } },
        { id: "borders", type: "line", source: "borders",
          paint: { "line-color": "#7d8c99", "line-width": 0.6 * lineScale, "line-dasharray": [3, 2] } },
      ],
    };
  }

  // The partner agencies' codes as the server declares them (their names are in the
  // message catalogues, "agency.CODE"); fetched once per page.
  let agencyCodes = null;
  function agencies() {
    if (!agencyCodes) {
      agencyCodes = api("/api/agencies").then((body) => body.agencies.map((a) => a.code));
      agencyCodes.catch(() => { agencyCodes = null; });  // a failed fetch is tried again
    }
    return agencyCodes;
  }

  function drawn() { document.body.dataset.pageReady = "1"; }

  window.sw = { api, me, header, utc, utcTime, date, num, esc, toast, basemapStyle, drawn,
    lang, locale, ready, t, localise, langSwitch, LANGUAGES, agencies };
})();
