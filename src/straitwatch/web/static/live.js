// SPDX-License-Identifier: EUPL-1.2
/* Boot of the live picture page: header, map, panels, then the WebSocket stream
 * (/api/stream: a snapshot, then deltas; reconnects after a drop). A role that sees no
 * tracks (the DPO, the administrator) gets the page too, with the distress alerts every
 * person on duty sees, and a sentence saying what the page shows them. */
"use strict";
(async function () {
  const user = await sw.header();
  if (!user.may.includes("tracks.read")) {
    const note = document.getElementById("role-note");
    note.textContent = sw.t("live.roleNote", { role: sw.t("role." + user.role) });
    note.hidden = false;
  }
  window.swPanels.init(user);
  window.swTargets.init();
  const toggle = document.getElementById("toggle-left");
  toggle.addEventListener("click", () => {
    const open = document.body.classList.toggle("sw-left-open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  await window.swMap.init();
  sw.drawn();
  const state = document.getElementById("stream-state");
  let backoff = 500;

  function showReplay(info) {
    if (!info) return;
    document.getElementById("replay-panel").hidden = false;
    document.getElementById("replay-clock").textContent = sw.t("live.replayInfo", {
      clock: sw.utc(info.clock), speed: info.speed, at: Math.round(info.position_s / 60), of: Math.round(info.duration_s / 60) });
  }

  function onMessage(ev) {
    const m = JSON.parse(ev.data);
    const snapshot = m.type === "snapshot";
    window.swMap.upsertTracks(m.tracks || [], snapshot);
    window.swPanels.upsertAlerts(m.alerts || [], snapshot);
    if (m.clock) document.getElementById("picture-clock").textContent = sw.utc(m.clock);
    if (m.replay) showReplay(m.replay);
  }

  function connect() {
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/stream");
    ws.onopen = () => { state.textContent = sw.t("live.live"); state.className = "sw-ok"; backoff = 500; };
    ws.onmessage = onMessage;
    ws.onclose = (ev) => {
      state.textContent = sw.t("live.reconnecting"); state.className = "sw-warn";
      if (ev.code === 4401) { location.href = "/login?next=/"; return; }
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }
  connect();
})();
