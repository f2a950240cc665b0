/* Draws the book's Plotly figures, only when a reader reaches for them.

   Each figure is <figure class="dsr-figure"> holding a plot <div class="plotly-graph-div"> (with the
   build's static snapshot, a <picture>, inside until drawn) and a
   <script type="application/json" class="dsr-figure-spec" data-target="PLOT_DIV_ID"> holding
   {data, layout, config, narrow}. This small deferred script is the only one a figure page loads up
   front. plotly.js (and, on pages with maps, the book's country geometry) is fetched when the reader
   reaches for a chart: a pointer over it, focus in it, a tap on it, or a figure coming near the viewport
   after the reader has scrolled; never while the page loads. Once plotly.js is there, figures are
   drawn as they come near the viewport.

   Below 600 px (the same breakpoint as the snapshots' <picture>) a figure is drawn with its narrow
   variant (legend under the plot, menus as drop-downs, colour bars under maps; see
   dsr.charts.narrow_variant); on touch screens and narrow ones the Plotly toolbar is hidden.

   API for other scripts (dsr-controls.js):
     window.dsr.ready(plotDivId) -> Promise<HTMLElement>: loads plotly.js if needed, draws that figure if
       it is not drawn yet, and resolves to the drawn graph div;
     window.dsr.spec(plotDivId) -> object: the figure's parsed spec {data, layout, config, narrow}. */
(function () {
  "use strict";
  var NARROW = "(max-width: 600px)";
  var me = document.currentScript || document.getElementById("dsr-plots-js");
  var base = me && me.src ? me.src.replace(/[^\/]*$/, "") : "_static/";
  var specs = {}, drawn = {}, loading = null, observer = null, scrolled = false;

  function spec(id) {
    if (!(id in specs)) {
      var el = document.querySelector('script.dsr-figure-spec[data-target="' + id + '"]');
      specs[id] = el ? JSON.parse(el.textContent) : null;
    }
    return specs[id];
  }

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function merge(a, b) {   // b merged into a: objects recursively, anything else replaced (dsr.charts.merge)
    if (!isObject(a) || !isObject(b)) return b;
    var out = {}, k;
    for (k in a) out[k] = a[k];
    for (k in b) out[k] = (k in a) ? merge(a[k], b[k]) : b[k];
    return out;
  }

  function narrow() { return window.matchMedia(NARROW).matches; }
  function touch() { return window.matchMedia("(hover: none)").matches; }

  /* The figure as drawn at the current width: {data, layout, config}. */
  function variant(s) {
    var config = merge(s.config || {}, {});
    var data = s.data, layout = s.layout;
    if (narrow() && s.narrow) {
      data = s.data.map(function (t, i) { return s.narrow.data && s.narrow.data[i] ? merge(t, s.narrow.data[i]) : t; });
      layout = merge(layout, s.narrow.layout);
      layout.height = s.narrow.height;
    }
    if (narrow() || touch()) config.displayModeBar = false;
    return {data: data, layout: layout, config: config};
  }

  function addScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.async = true;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("dsr: could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  function loadPlotly() {
    if (!loading) {
      var parts = [window.Plotly ? Promise.resolve() : addScript(base + "plotly.min.js")];
      if (document.querySelector("figure.dsr-geo") && !(window.PlotlyGeoAssets && window.PlotlyGeoAssets.topojson &&
          window.PlotlyGeoAssets.topojson.world_110m)) {
        parts.push(addScript(base + "dsr-geo-world_110m.js"));
      }
      loading = Promise.all(parts).then(function () { watch(); });
    }
    return loading;
  }

  function draw(id) {
    if (!drawn[id]) {
      drawn[id] = loadPlotly().then(function () {
        var div = document.getElementById(id), s = spec(id);
        if (!div || !s) throw new Error("dsr: no figure " + id);
        var v = variant(s);
        var snap = div.querySelector("picture.dsr-snapshot, img.dsr-snapshot");
        if (snap) snap.remove();
        return window.Plotly.newPlot(div, v.data, v.layout, v.config).then(function () {
          div.dataset.dsrVariant = narrow() ? "narrow" : "wide";
          return div;
        });
      });
      drawn[id].catch(function (err) { console.error("dsr: could not draw figure " + id, err); });
    }
    return drawn[id];
  }

  function plotOf(el) {
    var fig = el && el.closest ? el.closest("figure.dsr-figure") : null;
    var div = fig && fig.querySelector(".plotly-graph-div");
    return div && div.id;
  }

  /* Figures near the viewport are drawn once plotly.js is loaded or the reader has scrolled. */
  function watch() {
    if (observer || !("IntersectionObserver" in window)) return;
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (e.isIntersecting) { observer.unobserve(e.target); draw(e.target.id); }
      });
    }, {rootMargin: "300px 0px"});
    document.querySelectorAll("figure.dsr-figure .plotly-graph-div").forEach(function (d) { observer.observe(d); });
  }

  function reach(e) {
    var id = plotOf(e.target);
    if (id) draw(id);
  }

  function start() {
    ["pointerover", "focusin", "touchstart"].forEach(function (type) {
      document.addEventListener(type, reach, {passive: true, capture: true});
    });
    window.addEventListener("scroll", function onScroll() {
      if (scrolled) return;
      scrolled = true;
      window.removeEventListener("scroll", onScroll);
      watch();
    }, {passive: true});
    // Crossing the narrow breakpoint redraws the drawn figures with the other variant.
    var mq = window.matchMedia(NARROW);
    var onChange = function () {
      Object.keys(drawn).forEach(function (id) {
        drawn[id].then(function (div) {
          var v = variant(spec(id));
          return window.Plotly.react(div, v.data, v.layout, v.config).then(function () {
            div.dataset.dsrVariant = narrow() ? "narrow" : "wide";
          });
        }).catch(function () {});
      });
    };
    if (mq.addEventListener) mq.addEventListener("change", onChange); else if (mq.addListener) mq.addListener(onChange);
  }

  window.dsr = {
    ready: function (id) { return draw(id); },
    spec: function (id) { return spec(id); },
    load: loadPlotly
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
