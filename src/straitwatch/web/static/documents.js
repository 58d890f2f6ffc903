/* straitwatch documents.js — the travel-document check page.
 *
 * The officer pastes the MRZ lines (POST /api/documents/check) or gives a photo or scan of
 * the data page (POST /api/documents/check-image, multipart). The answer is drawn as a
 * three-part verdict in words and colour (well formed / in date / flags raised: green only
 * when all three are clear), the flags with their reasons, the characters the reader was
 * unsure of, the fields with their check digits, the errors and
 * warnings naming their field, and the OCR corrections the validator proposes. A
 * correction is never applied silently: the officer puts the corrected lines in the text
 * box and checks again (a new, audited check). Everything shown is escaped with sw.esc.
 */
"use strict";
(function () {
  const esc = sw.esc;
  const $ = (id) => document.getElementById(id);
  const text = $("mrz-text"), file = $("image-file"), drop = $("drop-zone"), out = $("result");
  const MAX_BYTES = 10 * 1024 * 1024;

  const FIELDS = [
    ["document_code", "Document type"], ["issuing_state", "Issuing state"],
    ["document_number", "Document number"], ["surname", "Surname"], ["given_names", "Given names"],
    ["nationality", "Nationality"], ["birth_date", "Date of birth"], ["sex", "Sex"],
    ["expiry_date", "Expiry date"], ["optional_data", "Optional data"],
    ["optional_data_1", "Optional data (line 1)"], ["optional_data_2", "Optional data (line 2)"],
    ["composite", "Composite check digit"],
  ];
  const FORMATS = {
    TD1: "ID card — TD1, 3 lines of 30", TD2: "ID card or travel document — TD2, 2 lines of 36",
    TD3: "passport — TD3, 2 lines of 44", MRVA: "visa — MRV-A, 2 lines of 44",
    MRVB: "visa — MRV-B, 2 lines of 36",
  };
  const DOCUMENT_KINDS = { P: "passport", V: "visa", I: "identity card", A: "identity card", C: "identity card" };
  const SEXES = { M: "male", F: "female", X: "unspecified", "<": "unspecified" };

  function label(key) {
    const hit = FIELDS.find(([k]) => k === key);
    return hit ? hit[1] : key.replaceAll("_", " ");
  }

  // MRZ text with each digit 0 drawn slashed (see documents.css): the letter O and the
  // digit 0 are the commonest OCR confusion and look alike in most screen fonts.
  function mrz(text) {
    return [...String(text)].map((c) => (c === "0" ? '<span class="sw-docs-zero">0</span>' : esc(c))).join("");
  }

  // O and 0, I and 1 look alike in many fonts: say which a character is.
  function character(c) {
    const kind = /[0-9]/.test(c) ? "digit" : /[A-Z]/.test(c) ? "letter" : c === "<" ? "filler" : "character";
    return `<code>${mrz(c)}</code> <span class="sw-muted">${kind}</span>`;
  }

  function purpose() { return $("purpose").value.trim() || "border check"; }

  function kiB(n) { return n >= 1024 * 1024 ? (n / 1048576).toFixed(1) + " MB" : Math.ceil(n / 1024) + " kB"; }

  // --- drawing ---------------------------------------------------------------------------

  // Three parts, never merged into one "valid": well formed (structure and check digits),
  // in date (not expired), flags raised (fraud indicators, the lost/stolen/revoked list).
  // Green only when all three are clear; an expired document is never green.
  function verdict(r, v) {
    if (!r) {
      return `<div class="sw-docs-verdict sw-docs-unread" data-testid="verdict" data-verdict="none">
        <span class="sw-docs-mark" aria-hidden="true">?</span><span>NO MRZ READ</span></div>
        <p>No machine-readable zone could be read from the image. Try a sharper photo taken
        straight on, with the whole MRZ in the frame, or type the lines.</p>`;
    }
    if (!r.format) {
      return `<div class="sw-docs-verdict sw-docs-invalid" data-testid="verdict" data-verdict="invalid">
        <span class="sw-docs-mark" aria-hidden="true">✖</span><span>NOT WELL FORMED</span>
        <small>not an ICAO 9303 MRZ</small></div>`;
    }
    const flags = v ? v.flags.length : 0;
    const kind = !r.valid ? "invalid" : v && v.clear ? "clear" : "attention";
    const cls = { invalid: "invalid", clear: "valid", attention: "unread" }[kind];
    const part = (ok, yes, no, testid) =>
      `<span class="sw-docs-part" data-testid="${testid}" data-ok="${ok}">${ok ? "✔" : "✖"} ${ok ? yes : no}</span>`;
    const parts = [part(r.valid, "WELL FORMED", "NOT WELL FORMED", "well-formed")];
    if (v && v.in_date !== null) parts.push(part(v.in_date, "IN DATE", "EXPIRED", "in-date"));
    if (v) parts.push(part(flags === 0, "NO FLAG", `${flags} FLAG${flags > 1 ? "S" : ""} RAISED`, "flags-raised"));
    return `<div class="sw-docs-verdict sw-docs-${cls}" data-testid="verdict" data-verdict="${kind}">
      ${parts.join("")}
      <small>${esc(FORMATS[r.format] || r.format)}</small></div>
      ${v ? `<p class="sw-muted" data-testid="list-answer">Lost, stolen and revoked documents: ${esc(v.list_message)}.
        A check never proves a document genuine.</p>` : ""}`;
  }

  function flagsBlock(v) {
    if (!v || !v.flags.length) return "";
    return `<section class="sw-docs-flags sw-docs-errors" data-testid="flags">
      <h3><span aria-hidden="true">⚑</span> Flags raised — look closer (${v.flags.length})</h3>
      <ul>${v.flags.map((f) => `<li data-field="${esc(f.field)}" data-code="${esc(f.code)}"><b>${esc(label(f.field))}</b>:
        ${esc(f.reason)}</li>`).join("")}</ul></section>`;
  }

  function uncertainBlock(list) {
    if (!list || !list.length) return "";
    return `<section class="sw-docs-flags sw-docs-warnings" data-testid="uncertain">
      <h3><span aria-hidden="true">?</span> Characters the reader was unsure of (${list.length})</h3>
      <p class="sw-muted">Compare them with the printed MRZ.</p>
      <ul>${list.map((u) => `<li data-line="${u.line}" data-position="${u.position}">line ${u.line}, position ${u.position}
        (${esc(label(u.field))}): ${character(u.chosen)} — ${esc(u.reason)}</li>`).join("")}</ul></section>`;
  }

  // The MRZ lines, each proposed correction marked where it would go.
  function linesBlock(lines, corrections, testid) {
    const marks = new Map((corrections || []).map((c) => [`${c.line}:${c.position}`, c]));
    const body = lines.map((line, i) => [...line].map((ch, j) => {
      const fix = marks.get(`${i + 1}:${j + 1}`);
      return fix ? `<mark title="read ${esc(fix.found)}, proposed ${esc(fix.proposed)}">${mrz(ch)}</mark>` : mrz(ch);
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
      return `${mrz(raw)}${kind ? ` <span class="sw-muted">(${kind})</span>` : ""}`;
    }
    if (key === "sex") return `${esc(raw)}${SEXES[raw] ? ` <span class="sw-muted">(${SEXES[raw]})</span>` : ""}`;
    if (r.dates[key]) return `${esc(r.dates[key])} <span class="sw-muted">(${mrz(raw)})</span>`;
    if (raw === "") return `<span class="sw-muted">—</span>`;
    return mrz(raw);
  }

  function digitCell(cd) {
    if (!cd) return "";
    return cd.ok ? `<span class="sw-ok">✔ ${esc(cd.found)}</span>`
      : `<span class="sw-error">✖ ${esc(cd.found || "—")} (should be ${esc(cd.computed)})</span>`;
  }

  function fieldsTable(r) {
    const keys = [...Object.keys(r.fields), ...Object.keys(r.check_digits).filter((k) => !(k in r.fields))];
    const order = (k) => { const i = FIELDS.findIndex(([f]) => f === k); return i < 0 ? FIELDS.length : i; };
    keys.sort((a, b) => order(a) - order(b));
    const flagged = new Set([...r.errors, ...r.warnings].map((i) => i.field));
    const erred = new Set(r.errors.map((i) => i.field));
    const rows = keys.map((k) => `<tr data-field="${esc(k)}"${erred.has(k) ? ' class="sw-docs-flagged"' : ""}>
      <th scope="row">${esc(label(k))}${flagged.has(k) ? ` <span class="${erred.has(k) ? "sw-error" : "sw-warn"}" title="flagged">⚑</span>` : ""}</th>
      <td>${k in r.fields ? value(r, k) : ""}</td><td>${digitCell(r.check_digits[k])}</td></tr>`).join("");
    return `<table class="sw-table sw-docs-fields" data-testid="fields">
      <thead><tr><th>Field</th><th>Value</th><th>Check digit</th></tr></thead><tbody>${rows}</tbody></table>`;
  }

  function issues(list, kind) {
    if (!list.length) return "";
    const title = kind === "errors" ? "Errors — the MRZ is not valid" : "Warnings — worth a look";
    return `<section class="sw-docs-flags sw-docs-${kind}" data-testid="${kind}">
      <h3><span aria-hidden="true">${kind === "errors" ? "✖" : "⚠"}</span> ${title} (${list.length})</h3>
      <ul>${list.map((i) => `<li data-field="${esc(i.field)}" data-code="${esc(i.code)}"><b>${esc(label(i.field))}</b>:
        ${esc(i.message)}</li>`).join("")}</ul></section>`;
  }

  function corrections(r) {
    if (!r.corrections.length) return "";
    return `<section class="sw-docs-flags sw-docs-corrections" data-testid="corrections">
      <h3>Proposed OCR corrections — not applied</h3>
      <p class="sw-muted">With these characters every check digit passes. Compare with the printed
        document before using them; the verdict above is for the lines as read.</p>
      <table class="sw-table"><thead><tr><th>Line</th><th>Position</th><th>Field</th><th>Read</th><th>Proposed</th></tr></thead>
      <tbody>${r.corrections.map((c) => `<tr><td>${c.line}</td><td>${c.position}</td><td>${esc(label(c.field))}</td>
        <td>${character(c.found)}</td><td>${character(c.proposed)}</td></tr>`).join("")}</tbody></table>
      <p>Corrected lines:</p>${linesBlock(r.corrected_lines, [], "corrected-lines")}
      <button type="button" id="apply-corrections" data-testid="apply-corrections">Put the corrected lines in the text box and check again</button>
      </section>`;
  }

  function show(answer, origin) { // origin: {name (of the image file), purpose}
    const r = answer.result;
    let source;
    if (answer.source === "image") {
      const img = answer.image;
      source = `<section class="sw-docs-source" data-testid="image-read">
        <h3>Read from the image${origin.name ? ` <i>${esc(origin.name)}</i>` : ""}</h3>
        <p class="sw-muted">${esc(img.type.toUpperCase())}, ${img.width_px}×${img.height_px} px, ${kiB(img.bytes)} —
          <b>not kept</b>.</p>
        ${answer.lines.length ? `<p>MRZ lines read:</p>${linesBlock(answer.lines, r && r.corrections, "lines-read")}` : ""}
        ${notesBlock(answer.notes, "Changes made to the text read to get these lines:")}</section>`;
    } else {
      source = `<section class="sw-docs-source"><h3>Lines checked</h3>
        ${r.lines.length ? linesBlock(r.lines, r.corrections, "lines-checked") : '<p class="sw-muted">No line of MRZ shape in the text.</p>'}
        ${notesBlock(answer.notes, "Changes made to the pasted text to get these lines:")}</section>`;
    }
    const v = answer.verdict;
    out.innerHTML = `<div class="sw-panel">${verdict(r, v)}</div>
      <div class="sw-docs-detail">
        <div class="sw-panel">${source}${r && r.format ? fieldsTable(r) : ""}</div>
        <div class="sw-panel sw-docs-side">${r ? flagsBlock(v) + issues(r.errors, "errors") + issues(r.warnings, "warnings") + uncertainBlock(answer.uncertain) + corrections(r) : ""}
          ${r && !r.errors.length && !r.warnings.length && !r.corrections.length && !(v && v.flags.length) ? '<p class="sw-ok">No flag on any field.</p>' : ""}
          <p class="sw-muted">Checked ${esc(sw.utc(new Date()))} for “${esc(origin.purpose)}”; recorded in the audit log.</p></div>
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
    const title = e.status === 403 ? "Not allowed" : e.status === 422 ? "Not checked" : "Check failed";
    out.innerHTML = `<div class="sw-panel sw-docs-refused" role="alert" data-testid="check-error">
      <h3>${title}</h3><p>${esc(e.message)}${e.where ? ` <span class="sw-muted">(${esc(e.where)})</span>` : ""}</p>
      ${e.status === 403 ? '<p class="sw-muted">Ask your supervisor if your duties need document checks.</p>' : ""}</div>`;
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
    if (!lines) { sw.toast("Paste or type the MRZ lines first", "error"); text.focus(); return; }
    const why = purpose();
    run("Checking…", () => sw.api("/api/documents/check", {
      method: "POST", body: { text: lines, purpose: why } }), { purpose: why });
  }

  function checkImage(picked) {
    if (!picked) return;
    if (picked.size > MAX_BYTES) {
      refused({ status: 422, message: `the file is ${kiB(picked.size)}, over the 10 MB limit`, where: "image" });
      return;
    }
    const form = new FormData();
    form.append("image", picked, picked.name || "pasted-image");
    const why = purpose();
    form.append("purpose", why);
    run("Reading the MRZ from the image (a few seconds)…",
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

  sw.header(document.body.dataset.title)
    .then(() => { document.body.dataset.ready = "1"; })
    .catch((e) => refused(e));
})();
