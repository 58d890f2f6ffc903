// SPDX-License-Identifier: EUPL-1.2
/* straitwatch documents.js — the travel-document check page.
 *
 * The officer pastes the MRZ lines (POST /api/documents/check) or gives a photo or scan of
 * the data page (POST /api/documents/check-image, multipart). The answer is drawn as a
 * verdict in words and colour, the fields with their check digits, the errors and
 * warnings naming their field, and the OCR corrections the validator proposes. A
 * correction is never applied silently: the officer puts the corrected lines in the text
 * box and checks again (a new, audited check). Everything shown is escaped with sw.esc.
 */
"use strict";
(function () {
  const esc = sw.esc, t = sw.t;
  const $ = (id) => document.getElementById(id);
  const text = $("mrz-text"), file = $("image-file"), drop = $("drop-zone"), out = $("result");
  const MAX_BYTES = 10 * 1024 * 1024;

  // Field order; each field's name is the message "doc.field.<key>".
  const FIELDS = ["document_code", "issuing_state", "document_number", "surname", "given_names",
    "nationality", "birth_date", "sex", "expiry_date", "optional_data", "optional_data_1",
    "optional_data_2", "composite"];
  const DOCUMENT_KINDS = { P: "passport", V: "visa", I: "id", A: "id", C: "id" };
  const SEXES = { M: "male", F: "female", X: "unspecified", "<": "unspecified" };

  function label(key) {
    return FIELDS.includes(key) || key === "mrz" ? t("doc.field." + key) : key.replaceAll("_", " ");
  }

  // MRZ text with each digit 0 drawn slashed (see documents.css): the letter O and the
  // digit 0 are the commonest OCR confusion and look alike in most screen fonts.
  function mrz(text) {
    return [...String(text)].map((c) => (c === "0" ? '<span class="sw-docs-zero">0</span>' : esc(c))).join("");
  }

  // O and 0, I and 1 look alike in many fonts: say which a character is.
  function character(c) {
    const kind = /[0-9]/.test(c) ? "digit" : /[A-Z]/.test(c) ? "letter" : c === "<" ? "filler" : "character";
    return `<code>${mrz(c)}</code> <span class="sw-muted">${esc(t("doc.char." + kind))}</span>`;
  }

  function purpose() { return $("purpose").value.trim() || t("doc.defaultPurpose"); }

  function kiB(n) { return n >= 1024 * 1024 ? t("doc.mb", { n: n / 1048576 }) : t("doc.kb", { n: Math.ceil(n / 1024) }); }

  // --- drawing ---------------------------------------------------------------------------

  function verdict(r, v) {
    if (!r) {
      return `<div class="sw-docs-verdict sw-docs-unread" data-testid="verdict" data-verdict="none">
        <span class="sw-docs-mark" aria-hidden="true">?</span><span>${esc(t("doc.noMrz"))}</span></div>
        <p>${esc(t("doc.noMrzHint"))}</p>`;
    }
    if (!r.format) {
      return `<div class="sw-docs-verdict sw-docs-invalid" data-testid="verdict" data-verdict="invalid">
        <span class="sw-docs-mark" aria-hidden="true">✖</span><span>${esc(t("doc.invalid"))}</span>
        <small>${esc(t("doc.notIcao"))}</small></div>`;
    }
    const counts = t("doc.counts", { errors: r.errors.length, warnings: r.warnings.length });
    // Two questions, two answers: is the MRZ well formed; is the document valid today.
    // An expired document is never shown as valid (data-verdict "expired").
    // A third answer, kept apart: flags raised (fraud indicators, the printed page against
    // the MRZ, the lost/stolen/revoked list). Green only when none is raised.
    const flagged = Boolean(v && v.flags.length);
    const kind = !r.valid ? "invalid" : r.expired ? "expired" : flagged ? "flagged" : "valid";
    const today = r.valid ? `<span class="sw-docs-today ${r.expired ? "sw-error" : "sw-ok"}" data-testid="valid-today">
      ${r.expired ? "✖" : "✔"} ${esc(t(r.expired ? "doc.expiredToday" : "doc.validToday"))}</span>` : "";
    return `<div class="sw-docs-verdict sw-docs-${kind === "valid" ? "valid" : "invalid"}" data-testid="verdict" data-verdict="${kind}">
      <span class="sw-docs-mark" aria-hidden="true">${kind === "valid" ? "✔" : "✖"}</span>
      <span>${esc(t(r.valid ? "doc.wellFormed" : "doc.invalid"))}</span>${today}
      <small>${esc(t("doc.format." + r.format))}${counts ? " · " + esc(counts) : ""}</small></div>`;
  }

  // The MRZ lines, each proposed correction marked where it would go.
  function linesBlock(lines, corrections, testid) {
    const marks = new Map((corrections || []).map((c) => [`${c.line}:${c.position}`, c]));
    const body = lines.map((line, i) => [...line].map((ch, j) => {
      const fix = marks.get(`${i + 1}:${j + 1}`);
      return fix ? `<mark title="${esc(t("doc.markTitle", { found: fix.found, proposed: fix.proposed }))}">${mrz(ch)}</mark>` : mrz(ch);
    }).join("")).join("\n");
    return `<pre class="sw-docs-lines" data-testid="${testid}">${body}</pre>`;
  }

  function notesBlock(notes, title) {
    if (!notes || !notes.length) return "";
    return `<p class="sw-muted">${esc(title)}</p><ul class="sw-docs-notes" data-testid="notes">
      ${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`;
  }

  function value(r, key) {
    const raw = r.fields[key] ?? "";
    if (key === "document_code") {
      const kind = DOCUMENT_KINDS[raw.charAt(0)];
      return `${mrz(raw)}${kind ? ` <span class="sw-muted">(${esc(t("doc.kind." + kind))})</span>` : ""}`;
    }
    if (key === "sex") return `${esc(raw)}${SEXES[raw] ? ` <span class="sw-muted">(${esc(t("doc.sex." + SEXES[raw]))})</span>` : ""}`;
    if (r.dates[key]) return `${esc(sw.date(r.dates[key]))} <span class="sw-muted">(${mrz(raw)})</span>`;
    if (raw === "") return `<span class="sw-muted">—</span>`;
    return mrz(raw);
  }

  function digitCell(cd) {
    if (!cd) return "";
    return cd.ok ? `<span class="sw-ok">✔ ${esc(cd.found)}</span>`
      : `<span class="sw-error">✖ ${esc(cd.found || "—")} (${esc(t("doc.shouldBe", { digit: cd.computed }))})</span>`;
  }

  function fieldsTable(r) {
    const keys = [...Object.keys(r.fields), ...Object.keys(r.check_digits).filter((k) => !(k in r.fields))];
    const order = (k) => { const i = FIELDS.indexOf(k); return i < 0 ? FIELDS.length : i; };
    keys.sort((a, b) => order(a) - order(b));
    const flagged = new Set([...r.errors, ...r.warnings].map((i) => i.field));
    const erred = new Set(r.errors.map((i) => i.field));
    const rows = keys.map((k) => `<tr data-field="${esc(k)}"${erred.has(k) ? ' class="sw-docs-flagged"' : ""}>
      <th scope="row">${esc(label(k))}${flagged.has(k) ? ` <span class="${erred.has(k) ? "sw-error" : "sw-warn"}" title="${esc(t("doc.flagged"))}">⚑</span>` : ""}</th>
      <td>${k in r.fields ? value(r, k) : ""}</td><td>${digitCell(r.check_digits[k])}</td></tr>`).join("");
    return `<table class="sw-table sw-docs-fields" data-testid="fields">
      <thead><tr><th>${esc(t("doc.col.field"))}</th><th>${esc(t("doc.col.value"))}</th><th>${esc(t("doc.col.checkDigit"))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  function issues(list, kind) {
    if (!list.length) return "";
    const title = t(kind === "errors" ? "doc.errorsTitle" : "doc.warningsTitle");
    return `<section class="sw-docs-flags sw-docs-${kind}" data-testid="${kind}">
      <h3><span aria-hidden="true">${kind === "errors" ? "✖" : "⚠"}</span> ${title} (${list.length})</h3>
      <ul>${list.map((i) => `<li data-field="${esc(i.field)}" data-code="${esc(i.code)}"><b>${esc(label(i.field))}</b>:
        ${esc(i.message)}</li>`).join("")}</ul></section>`;
  }

  function corrections(r) {
    if (!r.corrections.length) return "";
    return `<section class="sw-docs-flags sw-docs-corrections" data-testid="corrections">
      <h3>${esc(t("doc.correctionsTitle"))}</h3>
      <p class="sw-muted">${esc(t("doc.correctionsHint"))}</p>
      <table class="sw-table"><thead><tr><th>${esc(t("doc.col.line"))}</th><th>${esc(t("doc.col.position"))}</th><th>${esc(t("doc.col.field"))}</th><th>${esc(t("doc.col.read"))}</th><th>${esc(t("doc.col.proposed"))}</th></tr></thead>
      <tbody>${r.corrections.map((c) => `<tr><td>${c.line}</td><td>${c.position}</td><td>${esc(label(c.field))}</td>
        <td>${character(c.found)}</td><td>${character(c.proposed)}</td></tr>`).join("")}</tbody></table>
      <p>${esc(t("doc.correctedLines"))}</p>${linesBlock(r.corrected_lines, [], "corrected-lines")}
      <button type="button" id="apply-corrections" data-testid="apply-corrections">${esc(t("doc.applyCorrections"))}</button>
      </section>`;
  }

  function listAnswer(v) {
    if (!v) return "";
    const l = v.list;
    const answer = !l ? t("doc.list.notConsulted")
      : l.listed ? t("doc.list.listed", { status: t("doc.list.status." + l.status), source: l.source })
      : l.as_of ? t("doc.list.absent", { date: sw.date(l.as_of.slice(0, 10)) })
      : t("doc.list.empty");
    return `<p class="sw-muted" data-testid="list-answer">${esc(t("doc.listAnswer", { answer }))}</p>`;
  }

  function flagsBlock(v) {
    if (!v || !v.flags.length) return "";
    return `<section class="sw-docs-flags sw-docs-errors" data-testid="flags">
      <h3><span aria-hidden="true">⚑</span> ${esc(t("doc.flagsRaised", { count: v.flags.length }))}</h3>
      <ul>${v.flags.map((f) => `<li data-field="${esc(f.field)}" data-code="${esc(f.code)}"><b>${esc(t("doc.flag." + f.code))}</b>
        (${esc(label(f.field))}): <span lang="en">${esc(f.reason)}</span></li>`).join("")}</ul></section>`;
  }

  function uncertainBlock(list) {
    if (!list || !list.length) return "";
    return `<section class="sw-docs-flags sw-docs-warnings" data-testid="uncertain">
      <h3><span aria-hidden="true">?</span> ${esc(t("doc.uncertain", { count: list.length }))}</h3>
      <ul>${list.map((u) => `<li data-line="${u.line}" data-position="${u.position}">${esc(t("doc.uncertainAt", { line: u.line, position: u.position }))}
        (${esc(label(u.field))}): ${character(u.chosen)} — ${esc(t("doc.uncertainWhy." + u.kind, { read: u.read, chosen: u.chosen, confidence: Math.round(100 * u.confidence) }))}</li>`).join("")}</ul></section>`;
  }

  function show(answer, origin) { // origin: {name (of the image file), purpose}
    const r = answer.result;
    let source;
    if (answer.source === "image") {
      const img = answer.image;
      source = `<section class="sw-docs-source" data-testid="image-read">
        <h3>${esc(t("doc.readFromImage"))}${origin.name ? ` <i>${esc(origin.name)}</i>` : ""}</h3>
        <p class="sw-muted">${esc(img.type.toUpperCase())}, ${img.width_px}×${img.height_px} px, ${esc(kiB(img.bytes))} —
          <b>${esc(t("doc.notKept"))}</b>.</p>
        ${answer.lines.length ? `<p>${esc(t("doc.linesRead"))}</p>${linesBlock(answer.lines, r && r.corrections, "lines-read")}` : ""}
        ${notesBlock(answer.notes, t("doc.notesImage"))}</section>`;
    } else {
      source = `<section class="sw-docs-source"><h3>${esc(t("doc.linesChecked"))}</h3>
        ${r.lines.length ? linesBlock(r.lines, r.corrections, "lines-checked") : `<p class="sw-muted">${esc(t("doc.noLines"))}</p>`}
        ${notesBlock(answer.notes, t("doc.notesText"))}</section>`;
    }
    const v = answer.verdict;
    out.innerHTML = `<div class="sw-panel">${verdict(r, v)}${listAnswer(v)}</div>
      <div class="sw-docs-detail">
        <div class="sw-panel">${source}${r && r.format ? fieldsTable(r) : ""}</div>
        <div class="sw-panel sw-docs-side">${r ? flagsBlock(v) + issues(r.errors, "errors") + issues(r.warnings, "warnings") + uncertainBlock(answer.uncertain) + corrections(r) : ""}
          ${r && !r.errors.length && !r.warnings.length && !r.corrections.length ? `<p class="sw-ok">${esc(t("doc.noFlag"))}</p>` : ""}
          <p class="sw-muted">${esc(t("doc.checkedAt", { when: sw.utc(new Date()), purpose: origin.purpose }))}</p></div>
      </div>`;
    const apply = $("apply-corrections");
    if (apply) {
      apply.addEventListener("click", () => {
        text.value = r.corrected_lines.join("\n");
        checkText();
      });
    }
  }

  function refused(e) {
    const title = t(e.status === 403 ? "doc.notAllowed" : e.status === 422 ? "doc.notChecked" : "doc.failed");
    out.innerHTML = `<div class="sw-panel sw-docs-refused" role="alert" data-testid="check-error">
      <h3>${title}</h3><p>${esc(e.message)}${e.where ? ` <span class="sw-muted">(${esc(e.where)})</span>` : ""}</p>
      ${e.status === 403 ? `<p class="sw-muted">${esc(t("doc.askSupervisor"))}</p>` : ""}</div>`;
  }

  // --- checking ----------------------------------------------------------------------------

  let busy = false;
  async function run(waiting, request, origin) {
    if (busy) return;
    busy = true;
    document.querySelectorAll(".sw-docs-input button, .sw-docs-input input[type=file]").forEach((b) => { b.disabled = true; });
    out.setAttribute("aria-busy", "true");
    out.innerHTML = `<p class="sw-panel" data-testid="checking">${esc(waiting)}</p>`;
    try {
      show(await request(), origin);
    } catch (e) {
      refused(e);
    } finally {
      busy = false;
      out.setAttribute("aria-busy", "false");
      document.querySelectorAll(".sw-docs-input button, .sw-docs-input input[type=file]").forEach((b) => { b.disabled = false; });
    }
  }

  function checkText() {
    const lines = text.value.trim();
    if (!lines) { sw.toast(t("doc.pasteFirst"), "error"); text.focus(); return; }
    const why = purpose();
    run(t("doc.checking"), () => sw.api("/api/documents/check", {
      method: "POST", body: { text: lines, purpose: why } }), { purpose: why });
  }

  function checkImage(picked) {
    if (!picked) return;
    if (picked.size > MAX_BYTES) {
      refused({ status: 422, message: t("doc.tooBig", { size: kiB(picked.size) }), where: "image" });
      return;
    }
    const form = new FormData();
    form.append("image", picked, picked.name || "pasted-image");
    const why = purpose();
    form.append("purpose", why);
    run(t("doc.reading"),
      () => sw.api("/api/documents/check-image", { method: "POST", body: form }),
      { name: picked.name, purpose: why });
  }

  $("text-form").addEventListener("submit", (ev) => { ev.preventDefault(); checkText(); });
  text.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); checkText(); }
  });
  $("clear-text").addEventListener("click", () => { text.value = ""; text.focus(); });
  file.addEventListener("change", () => { checkImage(file.files[0]); file.value = ""; });
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (ev) => {
    ev.preventDefault();
    drop.classList.add("sw-docs-over");
  }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, () => drop.classList.remove("sw-docs-over")));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    checkImage(ev.dataTransfer.files[0]);
  });
  document.addEventListener("paste", (ev) => {
    const picked = [...(ev.clipboardData ? ev.clipboardData.files : [])].find((f) => f.type.startsWith("image/"));
    if (picked) { ev.preventDefault(); checkImage(picked); }
  });

  sw.header()
    .then(() => { document.body.dataset.ready = "1"; })
    .catch((e) => refused(e))
    .finally(() => sw.drawn());
})();
