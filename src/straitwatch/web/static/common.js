/* straitwatch common.js — shared by every page (keep it small and stable).
 *
 *   sw.api(path, {method, body, query})  fetch JSON from the API. `body` is sent as JSON,
 *       or as multipart/form-data when it is a FormData (a file upload). Sends the session
 *       cookie, and the X-CSRF-Token header (from the sw_csrf cookie) on POST/PUT/PATCH/
 *       DELETE. On 401 it sends the browser to /login?next=<this page> (and never settles;
 *       pass {noRedirect: true} to get the error instead). Other errors
 *       throw an Error with .code, .where, .status from {"error": {code, message, where}}.
 *   sw.me()                 the signed-in user {username, agency, role, country} (cached).
 *   sw.header(title)        draw the page header into <header id="sw-header">: title,
 *       navigation, user with agency and role, a UTC clock, sign-out; returns sw.me().
 *   sw.utc(value)           "2022-08-22 04:10:05Z" from a Date or ISO string.
 *   sw.esc(text)            HTML-escape text for innerHTML.
 *   sw.toast(message, kind) a short message at the bottom of the page ("error"|"ok").
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

  function pad(n) { return String(n).padStart(2, "0"); }
  function utc(value) {
    const d = value instanceof Date ? value : new Date(value);
    if (isNaN(d)) return "";
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
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

  const NAV = [
    ["/", "Live picture"],
    ["/static/intel.html", "Intelligence"],
    ["/static/flows.html", "Flows"],
    ["/static/documents.html", "Documents"],
  ];

  async function header(title) {
    const el = document.getElementById("sw-header");
    const user = await me();
    const nav = NAV.map(([href, label]) =>
      `<a href="${href}"${location.pathname === href ? ' aria-current="page"' : ""}>${esc(label)}</a>`).join("");
    el.innerHTML =
      `<span class="sw-brand">straitwatch</span>` +
      (NAV.some(([, label]) => label === title) ? "" : `<span class="sw-title">${esc(title)}</span>`) +
      `<nav>${nav}</nav><span class="sw-spacer"></span>` +
      `<span class="sw-user" data-testid="user">${esc(user.username)} · ` +
      `<b>${esc(user.agency)}</b> · ${esc(user.role.replace("_", " "))}</span>` +
      `<time class="sw-clock" data-testid="utc-clock"></time>` +
      `<button type="button" class="sw-logout">Sign out</button>`;
    const clock = el.querySelector(".sw-clock");
    const tick = () => { clock.textContent = utc(new Date()).slice(11) + " UTC"; };
    tick();
    setInterval(tick, 1000);
    el.querySelector(".sw-logout").addEventListener("click", async () => {
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

  window.sw = { api, me, header, utc, esc, toast, basemapStyle };
})();
