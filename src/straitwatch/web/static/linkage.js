// SPDX-License-Identifier: EUPL-1.2
/* straitwatch linkage.js — the analyst's review queue of borderline record pairs.
 *
 * Each pair the signed-in analyst may see (/api/linkage/reviews: the server asks the one
 * visibility decision) shows both records, the match probability and the evidence as a
 * waterfall: one bar per field, in bits, for (green) or against (red) the match, starting
 * from the prior. The analyst accepts (one person) or rejects (two people) with a reason;
 * each decision is a combination audited server-side, and can be undone from here.
 * Field and level names come from the catalogues ("linkage.field.*", "linkage.level.*").
 */
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const esc = sw.esc, t = sw.t;
  const slug = (text) => String(text).toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_|_$/g, "");

  function bars(waterfall) {
    const scale = Math.max(1, ...waterfall.map((b) => Math.abs(b.match_weight)));
    const rows = waterfall.map((b) => {
      const w = b.match_weight;
      return `<tr data-field="${esc(b.field)}"><td>${esc(t("linkage.field." + slug(b.field)))}</td>
        <td>${esc(t("linkage.level." + slug(b.level)))}</td>
        <td class="sw-linkage-axis"><span class="sw-linkage-bar ${w >= 0 ? "sw-for" : "sw-against"}"
          data-width="${(50 * Math.abs(w)) / scale}"></span></td>
        <td>${esc(t("linkage.bits", { bits: sw.num(w, 1) }))}</td></tr>`;
    }).join("");
    return `<table class="sw-linkage-bars" data-testid="lk-waterfall"><thead><tr>
      <th>${esc(t("linkage.field"))}</th><th>${esc(t("linkage.level"))}</th>
      <th>${esc(t("linkage.weight"))}</th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  function item(r) {
    return `<article class="sw-linkage-item" data-testid="lk-item" data-review="${r.id}">
      <div class="sw-linkage-pair"><span><b>${esc(r.label_l)}</b> <small>${esc(r.record_id_l)}</small></span>
        <span><b>${esc(r.label_r)}</b> <small>${esc(r.record_id_r)}</small></span>
        <span data-testid="lk-probability">${esc(t("linkage.probability", { p: sw.num(r.match_probability, 2) }))}</span>
        ${r.same_cluster ? `<span class="sw-muted">${esc(t("linkage.together"))}</span>` : ""}</div>
      ${bars(r.waterfall)}
      <form class="sw-linkage-decide">
        <input name="reason" required maxlength="1000" data-testid="lk-reason"
          placeholder="${esc(t("linkage.reasonHint"))}" aria-label="${esc(t("linkage.reason"))}">
        <button type="submit" name="accept" value="1" data-testid="lk-accept">${esc(t("linkage.accept"))}</button>
        <button type="submit" name="reject" value="0" data-testid="lk-reject">${esc(t("linkage.reject"))}</button>
      </form></article>`;
  }

  function say(text, changeId) {
    const p = document.createElement("p");
    p.setAttribute("data-testid", "lk-decided");
    p.textContent = text + " ";
    if (changeId !== null) {
      const undo = document.createElement("button");
      undo.type = "button";
      undo.textContent = t("linkage.undo");
      undo.setAttribute("data-testid", "lk-undo");
      undo.addEventListener("click", async () => {
        const reason = window.prompt(t("linkage.undoReason")) || "";
        if (!reason.trim()) { sw.toast(t("linkage.reasonNeeded"), "error"); return; }
        try {
          const out = await sw.api(`/api/linkage/changes/${changeId}/undo`, { method: "POST", body: { reason } });
          undo.replaceWith(document.createTextNode(t("linkage.undone", { change: out.change_id })));
          await load();
        } catch (e) { sw.toast(e.message, "error"); }
      });
      p.appendChild(undo);
    }
    $("lk-done").prepend(p);
  }

  async function decide(form, accept) {
    const article = form.closest("[data-review]");
    const reason = form.reason.value.trim();
    if (!reason) { sw.toast(t("linkage.reasonNeeded"), "error"); form.reason.focus(); return; }
    try {
      const out = await sw.api(`/api/linkage/reviews/${article.dataset.review}/decision`,
        { method: "POST", body: { accept, reason } });
      const names = { a: article.querySelectorAll(".sw-linkage-pair b")[0].textContent,
        b: article.querySelectorAll(".sw-linkage-pair b")[1].textContent };
      say(t(accept ? "linkage.accepted" : "linkage.rejected", names), out.change_id);
      article.remove();
      count();
    } catch (e) { sw.toast(e.message, "error"); }
  }

  function count() {
    $("lk-count").textContent = t("linkage.count", { n: document.querySelectorAll("[data-review]").length });
  }

  async function load() {
    const { items } = await sw.api("/api/linkage/reviews");
    const host = $("lk-items");
    host.innerHTML = items.map(item).join("");
    host.querySelectorAll(".sw-linkage-bar").forEach((el) => { el.style.width = el.dataset.width + "%"; });
    host.querySelectorAll("form").forEach((form) => form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      decide(form, ev.submitter ? ev.submitter.name === "accept" : false);
    }));
    count();
  }

  sw.header("linkage.title").then(load).catch((e) => sw.toast(e.message, "error"));
})();
