// SPDX-License-Identifier: EUPL-1.2
/* straitwatch network-overview.js — the WebGL overview of a large network (sigma.js +
 * graphology, bundled; no CDN), for the networks of thousands of entities that a link
 * chart cannot show legibly.
 *
 * Layout without a force simulation, so ten thousand nodes are placed at once and the
 * same network is always drawn the same way: communities on a sunflower spiral, largest
 * first at the centre, each a disc of its members (again a sunflower, most central member
 * in the middle) with an area proportional to its size. Colour: community; size: PageRank.
 * A click on a node hands it to the page (network.js), which opens its card and lets the
 * analyst expand from it into the link chart.
 */
"use strict";
(function () {
  const GOLDEN = Math.PI * (3 - Math.sqrt(5));

  function sunflower(k, radius) {
    const out = [];
    for (let i = 0; i < k; i++) {
      const r = radius * Math.sqrt((i + 0.5) / k), a = i * GOLDEN;
      out.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    return out;
  }

  /** Draw `data` (an /api/network answer) in `container`; returns the sigma renderer. */
  function show(container, data, palette, onPick) {
    const members = new Map();
    for (const n of data.nodes) {
      const c = n.community === null ? -1 : n.community;
      if (!members.has(c)) members.set(c, []);
      members.get(c).push(n);
    }
    const communities = [...members.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    const centres = sunflower(communities.length, 60 * Math.sqrt(data.nodes.length));
    const graph = new window.graphology.Graph({ multi: false, type: "undirected" });
    communities.forEach(([c, nodes], k) => {
      nodes.sort((a, b) => (b.pagerank || 0) - (a.pagerank || 0) || (a.id < b.id ? -1 : 1));
      const spots = sunflower(nodes.length, 12 * Math.sqrt(nodes.length));
      nodes.forEach((n, i) => {
        graph.addNode(n.id, { x: centres[k][0] + spots[i][0], y: centres[k][1] + spots[i][1],
          size: 2 + Math.min(12, 600 * (n.pagerank || 0)), label: n.caption,
          color: c < 0 ? "#bab0ac" : palette[c % palette.length] });
      });
    });
    for (const e of data.edges) {
      if (e.source !== e.target && graph.hasNode(e.source) && graph.hasNode(e.target) &&
          !graph.hasEdge(e.source, e.target)) {
        graph.addEdge(e.source, e.target, { size: 0.5, color: "#3d4b59" });
      }
    }
    // Links and labels are left out while the view moves (drawn again when it stops): on a
    // machine without a GPU, WebGL is software and 50,000 links take a second a frame.
    const renderer = new window.Sigma(graph, container, { labelColor: { color: "#e6edf3" },
      labelRenderedSizeThreshold: 9, defaultEdgeColor: "#3d4b59", hideEdgesOnMove: true,
      hideLabelsOnMove: true });
    renderer.on("clickNode", ({ node }) => onPick(node));
    container.dataset.overviewNodes = String(graph.order);
    container.dataset.overviewEdges = String(graph.size);
    return renderer;
  }

  window.swNetOverview = { show };
})();
