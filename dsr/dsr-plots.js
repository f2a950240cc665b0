/* Draws the book's Plotly figures. Each figure is a <div class="plotly-graph-div"> followed by a
   <script type="application/json" class="dsr-figure-spec"> holding {data, layout, config}. This
   script (deferred) and plotly.min.js (async) are loaded on pages that have figures only, so the text
   of a page shows at once and figures are drawn, in page order, as soon as plotly.js is ready; until
   then each plot div shows the static snapshot the build put there. */
(function () {
  function draw(specs, i) {
    if (i >= specs.length) return;
    var spec = specs[i];
    var div = document.getElementById(spec.getAttribute("data-target"));
    try {
      var fig = JSON.parse(spec.textContent);
      if (div) {
        // The build's static snapshot (dsr.snapshots) shows until the interactive figure replaces it.
        var snap = div.querySelector("img.dsr-snapshot");
        if (snap) snap.remove();
        window.Plotly.newPlot(div, fig.data, fig.layout, fig.config);
      }
    } catch (err) {
      console.error("dsr: could not draw figure " + (div && div.id), err);
    }
    // Yield to the browser between figures so the first one is painted before the next is built.
    window.setTimeout(function () { draw(specs, i + 1); }, 0);
  }
  function start() {
    if (!window.Plotly) {
      var tag = document.getElementById("dsr-plotly-js");
      if (!tag) { console.error("dsr: plotly.js is not on this page"); return; }
      tag.addEventListener("load", start, {once: true});
      tag.addEventListener("error", function () { console.error("dsr: plotly.js failed to load"); });
      return;
    }
    draw(Array.prototype.slice.call(document.querySelectorAll("script.dsr-figure-spec")), 0);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
