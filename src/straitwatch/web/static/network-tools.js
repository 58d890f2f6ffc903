// SPDX-License-Identifier: EUPL-1.2
/* straitwatch network-tools.js — grouping and SVG export for the link chart (network.js).
 *
 * Grouping collapses entities into one node, as i2 analysts collapse an organisation or a
 * community: the members leave the chart, a group node takes their place at their centre,
 * and each link from a member to the rest becomes one link from the group (its width the
 * number of links it stands for). Expanding a group puts the members back where they were.
 * Everything is computed from the chart the page already holds (what the server let the
 * analyst see), nothing is asked of the server.
 *
 * The SVG export writes the chart as drawn (positions, shapes, colours, labels, link
 * styles) as a standalone SVG document: vector output for reports and briefings.
 */
"use strict";
(function () {
  let serial = 0;

  function endsOf(groups) {
    const memberOf = new Map();
    for (const [gid, g] of groups) for (const id of g.members) memberOf.set(id, gid);
    return memberOf;
  }

  // Links from groups to the rest, rebuilt from the chart's own links each time.
  function relink(cy, chart, groups) {
    cy.remove(cy.edges(".sw-meta"));
    const memberOf = endsOf(groups);
    const count = new Map();
    for (const e of chart.edges) {
      if (!memberOf.has(e.source) && !memberOf.has(e.target)) continue;
      const a = memberOf.get(e.source) || e.source, b = memberOf.get(e.target) || e.target;
      if (a === b || cy.getElementById(a).empty() || cy.getElementById(b).empty()) continue;
      const key = [a, b].sort().join("\u0000");
      count.set(key, (count.get(key) || 0) + 1);
    }
    for (const [key, n] of count) {
      const [a, b] = key.split("\u0000");
      cy.add({ group: "edges", classes: "sw-meta", data: { id: "meta:" + key, source: a, target: b,
        label: String(n), width: Math.min(10, 1 + n), dashed: "solid", raw: null, links: n } });
    }
  }

  /** Collapse the nodes `ids` (entities or groups already on the chart) into one group. */
  function collapse(cy, chart, groups, ids, label) {
    const nodes = cy.collection(ids.map((id) => cy.getElementById(id)).filter((n) => n.nonempty()));
    if (nodes.length < 2) return null;
    const members = [];
    const positions = {};
    nodes.forEach((n) => {
      if (n.data("group")) {  // a group inside a group: take its members
        const inner = groups.get(n.id());
        members.push(...inner.members);
        Object.assign(positions, inner.positions);
        groups.delete(n.id());
      } else {
        members.push(n.id());
        positions[n.id()] = { x: n.position("x"), y: n.position("y") };
      }
    });
    const centre = nodes.boundingBox();
    const gid = "group:" + (++serial);
    groups.set(gid, { label, members, positions, elements: nodes.jsons() });
    cy.remove(nodes);
    cy.add({ group: "nodes", classes: "sw-group", position: { x: (centre.x1 + centre.x2) / 2,
      y: (centre.y1 + centre.y2) / 2 }, data: { id: gid, group: true, label: label + " (" +
      members.length + ")", colour: "#455a64", border: "#cfd8dc", shape: "round-octagon",
      size: 30 + Math.min(50, 4 * members.length), raw: null } });
    relink(cy, chart, groups);
    return gid;
  }

  /** Put the members of group `gid` back where they were, with their own links. */
  function expandGroup(cy, chart, groups, gid, elementOf) {
    const g = groups.get(gid);
    if (!g) return;
    const centre = cy.getElementById(gid).position();
    groups.delete(gid);
    cy.remove(cy.getElementById(gid));
    const byId = new Map(chart.nodes.map((n) => [n.id, n]));
    cy.add(g.members.filter((id) => byId.has(id)).map((id) => {
      const el = elementOf(byId.get(id));
      el.position = g.positions[id] || { x: centre.x, y: centre.y };
      return el;
    }));
    const memberOf = endsOf(groups);
    chart.edges.forEach((e, i) => {
      if (memberOf.has(e.source) || memberOf.has(e.target)) return;
      if (cy.getElementById(e.source).empty() || cy.getElementById(e.target).empty()) return;
      const el = elementOf(e, i);
      if (cy.getElementById(el.data.id).empty()) cy.add(el);
    });
    relink(cy, chart, groups);
  }

  // --- SVG export ---------------------------------------------------------------------
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c]));

  function shapePath(shape, x, y, r) {
    const poly = (k, turn) => Array.from({ length: k }, (_, i) => {
      const a = turn + (2 * Math.PI * i) / k;
      return `${(x + r * Math.cos(a)).toFixed(1)},${(y + r * Math.sin(a)).toFixed(1)}`;
    }).join(" ");
    if (/triangle/.test(shape)) return `<polygon points="${poly(3, -Math.PI / 2)}"`;
    if (/diamond/.test(shape)) return `<polygon points="${poly(4, -Math.PI / 2)}"`;
    if (/hexagon/.test(shape)) return `<polygon points="${poly(6, 0)}"`;
    if (/octagon/.test(shape)) return `<polygon points="${poly(8, Math.PI / 8)}"`;
    if (/star/.test(shape)) return `<polygon points="${poly(5, -Math.PI / 2)}"`;
    if (/rectangle|tag|barrel/.test(shape)) {
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${(2 * r).toFixed(1)}" height="${(2 * r).toFixed(1)}" rx="${/round|barrel/.test(shape) ? 4 : 0}"`;
    }
    return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}"`;
  }

  /** The chart as an SVG document (string), as drawn now. */
  function toSvg(cy, background) {
    const box = cy.elements().boundingBox({ includeLabels: true });
    const pad = 20, w = Math.ceil(box.w + 2 * pad), h = Math.ceil(box.h + 2 * pad);
    const dx = pad - box.x1, dy = pad - box.y1;
    const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif">`,
      `<rect width="100%" height="100%" fill="${esc(background)}"/>`];
    cy.edges().forEach((e) => {
      const s = e.source().position(), t = e.target().position();
      const dash = e.style("line-style") === "dashed" ? ` stroke-dasharray="6 4"` : "";
      out.push(`<line x1="${(s.x + dx).toFixed(1)}" y1="${(s.y + dy).toFixed(1)}" x2="${(t.x + dx).toFixed(1)}" y2="${(t.y + dy).toFixed(1)}" stroke="${esc(e.style("line-color"))}" stroke-width="${parseFloat(e.style("width")) || 1}"${dash}/>`);
      const label = e.data("label");
      if (label) {
        out.push(`<text x="${((s.x + t.x) / 2 + dx).toFixed(1)}" y="${((s.y + t.y) / 2 + dy).toFixed(1)}" font-size="8" fill="#b7c2cc" text-anchor="middle">${esc(label)}</text>`);
      }
    });
    cy.nodes().forEach((n) => {
      const p = n.position(), r = n.width() / 2;
      out.push(`${shapePath(n.data("shape") || "ellipse", p.x + dx, p.y + dy, r)} fill="${esc(n.style("background-color"))}" stroke="${esc(n.style("border-color"))}" stroke-width="${parseFloat(n.style("border-width")) || 0}"/>`);
      out.push(`<text x="${(p.x + dx).toFixed(1)}" y="${(p.y + dy + r + 12).toFixed(1)}" font-size="10" fill="#e6edf3" text-anchor="middle">${esc(n.data("label") || "")}</text>`);
    });
    out.push("</svg>");
    return out.join("\n");
  }

  window.swNetTools = { collapse, expandGroup, relink, toSvg };
})();
