// SPDX-License-Identifier: EUPL-1.2
/* straitwatch network-disruptions.js — disruptions recorded against the network, and the
 * weekly summary, on the link chart page (network.js hands in the purpose typed and the
 * entities selected).
 *
 * A disruption (arrest, seizure, frozen account, ...) is recorded against the selected
 * entities through /api/network/disruptions; each listed disruption says what it changed in
 * the network the analyst may see (links, pairs still connected, networks identified,
 * before and after). The weekly summary is /api/network/brief: networks identified,
 * facilitators linked, disruptions recorded, new links.
 */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let page = null; // { purpose(), selected() } from network.js

  function effectText(e) {
    return sw.t("network.effect", { linksBefore: e.before.links, linksAfter: e.after.links,
      pairsBefore: e.before.connected_pairs, pairsAfter: e.after.connected_pairs,
      networksBefore: e.before.networks, networksAfter: e.after.networks });
  }

  async function showDisruptions() {
    const { disruptions } = await sw.api("/api/network/disruptions", { query: { purpose: page.purpose() } });
    $("net-disruptions").innerHTML = disruptions.map((d) => `<li data-id="${d.id}"><strong>` +
      `${sw.esc(sw.t("network.disruption." + d.kind))}</strong> ${sw.esc(d.occurred_on)} — ` +
      `${sw.esc(d.entities.map((x) => x.caption).join(", "))}<br><span class="sw-muted">` +
      `${sw.esc(effectText(d.effect))}</span></li>`).join("");
    $("net-disruptions").dataset.count = String(disruptions.length);
  }

  async function recordDisruption(ev) {
    ev.preventDefault();
    const ids = page.selected();
    if (!page.purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); return; }
    if (!ids.length) { sw.toast(sw.t("network.pickFirst"), "error"); return; }
    try {
      await sw.api("/api/network/disruptions", { method: "POST", body: { kind: $("net-disruption-kind").value,
        occurred_on: $("net-disruption-date").value, entity_ids: ids, purpose: page.purpose() } });
      await showDisruptions();
    } catch (err) { sw.toast(err.message, "error"); }
  }

  async function showBrief() {
    if (!page.purpose()) { sw.toast(sw.t("network.needPurpose"), "error"); return; }
    try {
      const b = await sw.api("/api/network/brief", { query: { purpose: page.purpose(), days: 7 } });
      $("net-brief").textContent = sw.t("network.brief", { networks: b.networks_identified,
        facilitators: b.facilitators_linked, disruptions: b.disruptions_recorded, links: b.new_links });
    } catch (err) { sw.toast(err.message, "error"); }
  }

  function wire(from) {
    page = from;
    $("net-disruption-date").value = new Date().toISOString().slice(0, 10);
    $("net-record").addEventListener("submit", recordDisruption);
    $("net-brief-show").addEventListener("click", showBrief);
  }

  window.swNetDisruptions = { wire };
})();
