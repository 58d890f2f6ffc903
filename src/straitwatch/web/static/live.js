/* Boot of the live picture page: header, map, panels, then the WebSocket stream
 * (/api/stream: a snapshot, then deltas; reconnects after a drop). */
"use strict";
(async function () {
  const user = await sw.header();
  window.swPanels.init(user);
  await window.swMap.init();
  const state = document.getElementById("stream-state");
  let backoff = 500;

  function onMessage(ev) {
    const m = JSON.parse(ev.data);
    const snapshot = m.type === "snapshot";
    window.swMap.upsertTracks(m.tracks || [], snapshot);
    window.swPanels.upsertAlerts(m.alerts || [], snapshot);
    if (m.clock) document.getElementById("picture-clock").textContent = sw.utc(m.clock);
    if (m.replay) window.swPanels.showReplay(m.replay);
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
