# SPDX-License-Identifier: EUPL-1.2
"""Benchmark: is the link chart interactive at 2,000 entities and 10,000 links?

Headless Chromium (Debian's, software GL) draws a planted-partition network with
Cytoscape.js (the bundled copy the page uses), positions given (communities placed on a
circle), with the chart page's styles; then pans it on every animation frame for three
seconds and records the frame intervals. Measured twice: full styling (labels, borders,
edges drawn while moving) and Cytoscape's viewport options for large charts (edges hidden
and a texture while moving). Also the analyst-sized chart (150 entities, 600 links) with
the page's force-directed layout (cose). And the page's WebGL overview (sigma.js +
graphology, network-overview.js) at 10,000 entities / 50,000 links, panned the same way.

    .venv/bin/python bench/network_chart.py

Prints a Markdown table for bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np

from straitwatch.intel.network.synthetic import planted_partition

VENDOR = Path(__file__).resolve().parents[1] / "src" / "straitwatch" / "web" / "static" / "vendor"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PAGE = """<!doctype html><html><body style="margin:0;background:#0b1520">
<div id="c" style="width:1366px;height:768px"></div>
<script src="%(cytoscape)s"></script>
<script>
window.run = async function (elements, options, layout) {
  const t0 = performance.now();
  const cy = cytoscape(Object.assign({container: document.getElementById("c"), elements,
    style: [
      {selector: "node", style: {"background-color": "data(colour)", label: "data(label)",
        width: 18, height: 18, color: "#e6edf3", "font-size": 9, "border-width": 2,
        "border-color": "#59a14f"}},
      {selector: "edge", style: {width: 1, "line-color": "#7f8c99", "curve-style": "haystack"}}],
    layout: layout}, options));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const firstMs = performance.now() - t0;
  const frames = [];
  let last = performance.now();
  const end = last + 3000;
  await new Promise((resolve) => {
    function step(now) {
      frames.push(now - last); last = now;
      cy.panBy({x: 2, y: 1});
      if (now < end) requestAnimationFrame(step); else resolve();
    }
    requestAnimationFrame(step);
  });
  frames.sort((a, b) => a - b);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  return {firstMs, frames: frames.length, medianMs: q(0.5), p95Ms: q(0.95)};
};
</script></body></html>"""


OVERVIEW_PAGE = """<!doctype html><html><body style="margin:0;background:#0b1520">
<div id="c" style="width:1366px;height:768px"></div>
<script src="%(graphology)s"></script><script src="%(sigma)s"></script>
<script src="%(overview)s"></script>
<script>
window.run = async function (data) {
  const t0 = performance.now();
  const palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"];
  const renderer = swNetOverview.show(document.getElementById("c"), data, palette, () => {});
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const firstMs = performance.now() - t0;
  // A still, full redraw (links and labels), then a 3 s animated pan (links hidden while
  // the view moves, as when the analyst drags it).
  const r0 = performance.now();
  renderer.refresh();
  // WebGL draws after the call returns: the redraw is done when the next frames come.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const redrawMs = performance.now() - r0;
  const camera = renderer.getCamera();
  const s0 = camera.getState();
  camera.animate({x: s0.x + 0.3, y: s0.y + 0.15}, {duration: 3000});
  const frames = [];
  let last = performance.now();
  const end = last + 3000;
  await new Promise((resolve) => {
    function step(now) {
      frames.push(now - last); last = now;
      if (now < end) requestAnimationFrame(step); else resolve();
    }
    requestAnimationFrame(step);
  });
  frames.sort((a, b) => a - b);
  const q = (p) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))];
  return {firstMs, redrawMs, frames: frames.length, medianMs: q(0.5), p95Ms: q(0.95)};
};
</script></body></html>"""


def _overview_data(n: int, m: int, seed: int) -> dict[str, object]:
    """An /api/network-shaped answer (the fields the overview reads)."""
    from straitwatch.intel.network.analysis import analyse

    g, _ = planted_partition(n, m, mixing=0.3, seed=seed, min_size=20, max_size=200)
    result = analyse(g, seed=seed)
    pagerank = result.values["pagerank"]
    return {
        "nodes": [
            {
                "id": name,
                "caption": name,
                "community": int(result.community[i]),
                "pagerank": float(pagerank[i]),
            }
            for i, name in enumerate(g.nodes)
        ],
        "edges": [
            {"source": g.nodes[a], "target": g.nodes[b]}
            for a, b in zip(g.src.tolist(), g.dst.tolist(), strict=True)
        ],
    }


def _elements(n: int, m: int, seed: int) -> list[dict[str, object]]:
    g, truth = planted_partition(n, m, mixing=0.3, seed=seed, min_size=20, max_size=120)
    rng = np.random.default_rng(seed)
    k = int(truth.max()) + 1
    angle = 2 * np.pi * truth / k
    x = 1600 * np.cos(angle) + rng.normal(0, 120, n)
    y = 1600 * np.sin(angle) + rng.normal(0, 120, n)
    palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948"]
    nodes = [
        {
            "data": {"id": name, "label": name, "colour": palette[int(truth[i]) % 6]},
            "position": {"x": float(x[i]), "y": float(y[i])},
        }
        for i, name in enumerate(g.nodes)
    ]
    edges = [
        {"data": {"id": f"e{j}", "source": g.nodes[a], "target": g.nodes[b]}}
        for j, (a, b) in enumerate(zip(g.src.tolist(), g.dst.tolist(), strict=True))
    ]
    return nodes + edges


def main() -> None:
    from playwright.sync_api import sync_playwright

    html = Path(tempfile.mkdtemp()) / "chart.html"
    html.write_text(PAGE % {"cytoscape": (VENDOR / "cytoscape.min.js").as_uri()}, encoding="utf-8")
    overview_html = html.with_name("overview.html")
    overview_html.write_text(
        OVERVIEW_PAGE
        % {
            "graphology": (VENDOR / "graphology.umd.min.js").as_uri(),
            "sigma": (VENDOR / "sigma.min.js").as_uri(),
            "overview": (VENDOR.parent / "network-overview.js").as_uri(),
        },
        encoding="utf-8",
    )
    overview = _overview_data(10_000, 50_000, 3)
    big = _elements(2000, 10_000, 1)
    small = _elements(150, 600, 2)
    runs = [
        ("2,000 / 10,000, full styling", big, {}, {"name": "preset"}),
        (
            "2,000 / 10,000, edges hidden while moving",
            big,
            {"hideEdgesOnViewport": True, "textureOnViewport": True},
            {"name": "preset"},
        ),
        ("150 / 600, cose layout, full styling", small, {}, {"name": "cose", "animate": False}),
    ]
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[*CHROMIUM_ARGS, "--use-gl=angle", "--use-angle=swiftshader"],
        )
        for label, elements, options, layout in runs:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(html.as_uri())
            result = page.evaluate(
                f"run({json.dumps(elements)}, {json.dumps(options)}, {json.dumps(layout)})"
            )
            rows.append((label, result))
            page.close()
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(overview_html.as_uri())
        result = page.evaluate(f"run({json.dumps(overview)})")
        rows.append(
            ("overview (sigma.js, WebGL): 10,000 / ~50,000, links hidden while moving", result)
        )
        print(f"overview: one still full redraw (links, labels) {result['redrawMs']:.0f} ms")
        page.close()
        browser.close()
    print(f"load average {os.getloadavg()[0]:.2f}\n")
    print(
        "| chart | first draw ms | frames in 3 s | median frame ms | p95 frame ms | fps (median) |"
    )
    print("|---|---|---|---|---|---|")
    for label, r in rows:
        print(
            f"| {label} | {r['firstMs']:.0f} | {r['frames']} | {r['medianMs']:.1f}"
            f" | {r['p95Ms']:.1f} | {1000 / max(r['medianMs'], 1e-3):.0f} |"
        )


if __name__ == "__main__":
    main()
