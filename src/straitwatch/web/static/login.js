// SPDX-License-Identifier: EUPL-1.2
/* The sign-in page: post the form, then go back to the page that sent us here, which
 * must be a page of this site (an absolute or protocol-relative `next`, or one a browser
 * would read as such, such as "/\evil.example", goes to the live picture instead). */
"use strict";
(function () {
  function safeNext(raw) {
    if (!raw || /[\u0000-\u001f\\]/.test(raw) || !raw.startsWith("/") || raw.startsWith("//")) {
      return "/";
    }
    try {
      const url = new URL(raw, location.origin);
      return url.origin === location.origin ? url.pathname + url.search + url.hash : "/";
    } catch (e) {
      return "/";
    }
  }
  window.swSafeNext = safeNext;
  // A new sign-in starts a new consultation: no purpose carries over from the last user.
  sessionStorage.clear();
  sw.ready.then(() => {
    document.title = "straitwatch · " + sw.t("login.title");
    document.getElementById("lang-slot").replaceWith(sw.langSwitch());
  });
  document.getElementById("login").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const f = ev.target, err = document.getElementById("login-error");
    err.hidden = true;
    try {
      await sw.api("/api/auth/login", {
        method: "POST", noRedirect: true,
        body: { username: f.username.value.trim(), password: f.password.value },
      });
      const asked = new URLSearchParams(location.search).get("next");
      let next = asked ? safeNext(asked) : null;
      if (!next) { // each role's own home page when no page was asked for
        const me = await sw.api("/api/auth/me");
        next = { analyst: "/static/intel.html", investigator: "/static/intel.html" }[me.role] || "/";
      }
      location.href = next;
    } catch (e) {
      err.textContent = e.message;
      err.hidden = false;
    }
  });
})();
