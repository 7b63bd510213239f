// Draws the workflow diagrams of kgflow's living documentation in the browser, offline:
// each figure carries its DOT source (data-dot); the shipped Viz.js (Graphviz in WebAssembly) lays it out.
(function () {
  "use strict";
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure[data-dot]:not([data-drawn-by])"));
  if (!figures.length || typeof Viz === "undefined") { return; }
  figures.forEach(function (figure) { figure.setAttribute("data-drawn-by", "pending"); });
  Viz.instance().then(function (viz) {
    figures.forEach(function (figure) {
      try {
        var svg = viz.renderSVGElement(figure.getAttribute("data-dot"));
        svg.setAttribute("role", "img");
        figure.replaceChildren(svg);
        figure.setAttribute("data-drawn-by", "viz");
      } catch (error) {
        figure.setAttribute("data-drawn-by", "failed");  // the SVG drawn at build time stays
        if (window.console) { console.error(error); }
      }
    });
  }, function (error) {
    figures.forEach(function (figure) { figure.setAttribute("data-drawn-by", "failed"); });
    if (window.console) { console.error(error); }
  });
})();
