// The network page: draws /ui/entities/ID/network.json with cytoscape (vendor/cytoscape);
// a node opens its case file or article, an edge opens the sentence that reports the tie.
(function () {
  "use strict";
  var COLOURS = {person: "#1f5fa8", organization: "#d4603a", article: "#8a8f96"};
  function draw(box, data) {
    var elements = [];
    data.nodes.forEach(function (n) {
      elements.push({group: "nodes", data: {id: n.id, label: n.label.length > 40 ? n.label.slice(0, 38) + "…" : n.label,
        colour: COLOURS[n.kind] || "#6d4c41", href: n.href || "", center: n.center ? 1 : 0}});
    });
    data.edges.forEach(function (e) {
      elements.push({group: "edges", data: {id: e.id, source: e.source, target: e.target,
        label: e.type, href: e.href || ""}});
    });
    var cy = window.cytoscape({
      container: box, elements: elements, minZoom: 0.3, maxZoom: 1.4,
      // The entity in the middle, what it is tied to around it.
      layout: {name: "concentric", animate: false, padding: 40, minNodeSpacing: 110,
        concentric: function (node) { return node.data("center") ? 2 : 1; },
        levelWidth: function () { return 1; }},
      style: [
        {selector: "node", style: {"background-color": "data(colour)", label: "data(label)",
          "font-size": 11, "text-wrap": "wrap", "text-max-width": 140, color: "#1d2329",
          width: 18, height: 18}},
        {selector: "node[center = 1]", style: {width: 30, height: 30, "font-weight": "bold"}},
        {selector: "edge", style: {width: 2, "line-color": "#9aa3ad", label: "data(label)",
          "font-size": 10, color: "#3f4a55", "curve-style": "bezier", "control-point-step-size": 70, "target-arrow-shape": "triangle",
          "target-arrow-color": "#9aa3ad", "text-background-color": "#fff", "text-background-opacity": 1}}
      ]
    });
    cy.on("tap", "node, edge", function (event) {
      var href = event.target.data("href");
      if (href) window.location.href = href;
    });
    box.setAttribute("data-drawn", String(cy.edges().length));
    window.rapsheetNetwork = cy;
  }
  function start() {
    var box = document.getElementById("network");
    if (!box || !window.cytoscape) return;
    fetch(box.getAttribute("data-src"), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(box, data); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
