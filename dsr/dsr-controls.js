/* Figures for every reader (dsr.a11y adds this script to pages with figures).

   For each <figure class="dsr-figure"> holding a plot <div class="plotly-graph-div" id=...> and its
   <script type="application/json" class="dsr-figure-spec" data-target="ID"> ({data, layout, config}):

   * every Plotly updatemenu (dropdown or button group) and slider of the figure is also offered as a
     native HTML control above the chart (<select>, <button aria-pressed>, <input type=range> with its
     value shown), built from the spec. A change applies the menu item's `method` and `args` through
     Plotly.restyle / relayout / update / animate, as plotly.js does, and marks the item active in the
     Plotly menu; a click on the Plotly menu updates the HTML control. The controls work before
     plotly.js has loaded: the choice is kept and applied as soon as the chart is drawn;
   * a "Data table" button (aria-expanded) shows the data of the traces in view as an HTML table;
   * the chart's SVG is hidden from screen readers, which get the figure's label and summary instead;
     its toolbar (role=toolbar) is a single tab stop, its buttons reached with the arrow keys, and it
     shows while it has keyboard focus.

   Drawing is not this script's job: window.dsr.ready(id) (dsr-plots.js) returns a Promise of the
   drawn plot div and loads plotly.js if needed, window.dsr.spec(id) the parsed spec. Where they are
   missing, this script reads the spec itself and waits for the plot to be drawn. */
(function () {
  "use strict";

  var TYPED = {i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray, i2: Int16Array, u2: Uint16Array,
               i4: Int32Array, u4: Uint32Array, f4: Float32Array, f8: Float64Array};
  var count = 0;

  // -- the contract with dsr-plots.js, and a fallback to the markup alone -------------------------
  function api() {
    var d = window.dsr;
    return d && typeof d.ready === "function" ? d : null;
  }

  function readSpec(id, script) {
    var a = api();
    if (a && typeof a.spec === "function") {
      try { var s = a.spec(id); if (s && s.data) return s; } catch (e) { /* fall back to the script */ }
    }
    return JSON.parse(script.textContent);
  }

  function isDrawn(div) {
    return !!(div && div._fullLayout && div.querySelector(".main-svg") && window.Plotly);
  }

  /* Resolves when the plot has been drawn, without asking for it to be drawn. */
  function whenDrawn(div) {
    return new Promise(function (resolve) {
      if (isDrawn(div)) { resolve(div); return; }
      var obs = new MutationObserver(function () {
        if (isDrawn(div)) { obs.disconnect(); resolve(div); }
      });
      obs.observe(div, {childList: true, subtree: true});
    });
  }

  /* Resolves with the drawn plot, asking dsr-plots.js to load plotly.js and draw it if needed. */
  function drawNow(div) {
    var a = api();
    if (a) {
      try { return Promise.resolve(a.ready(div.id)); } catch (e) { /* fall through */ }
    }
    return whenDrawn(div);
  }

  // -- small helpers ---------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined || attrs[k] === false) return;
      if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k] === true ? "" : String(attrs[k]));
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* Text of a Plotly label: <br> becomes a space, other tags go, entities are decoded. */
  function plain(s) {
    if (s === null || s === undefined) return "";
    if (typeof s === "object" && s.text !== undefined) s = s.text;
    s = String(s).replace(/<br\s*\/?>/gi, " ");
    var doc = new DOMParser().parseFromString("<body>" + s + "</body>", "text/html");
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function clone(x) { return x === undefined ? undefined : JSON.parse(JSON.stringify(x)); }

  /* plotly.py writes numeric arrays as {dtype, bdata (base64), shape}; decode them. */
  function decode(v) {
    if (!v || typeof v !== "object" || Array.isArray(v) || typeof v.bdata !== "string" || !v.dtype) return v;
    var T = TYPED[v.dtype];
    if (!T) return null;
    var bin = window.atob(v.bdata), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var flat = Array.prototype.slice.call(new T(bytes.buffer));
    var shape = typeof v.shape === "string" ? v.shape.split(",").map(Number) : v.shape;
    if (shape && shape.length === 2) {
      var rows = [];
      for (var r = 0; r < shape[0]; r++) rows.push(flat.slice(r * shape[1], (r + 1) * shape[1]));
      return rows;
    }
    return flat;
  }

  function arr(v) {
    v = decode(v);
    if (v && ArrayBuffer.isView(v)) v = Array.prototype.slice.call(v);
    return Array.isArray(v) ? v : null;
  }

  function fmt(v) {
    if (v === null || v === undefined || (typeof v === "number" && isNaN(v))) return "";
    if (typeof v === "number") {
      if (Number.isInteger(v)) return String(v);
      return String(Math.abs(v) >= 1 ? Number(v.toFixed(2)) : Number(v.toPrecision(3)));
    }
    if (typeof v === "boolean") return v ? "yes" : "no";
    return plain(v);
  }

  /* The figure's name: its aria-label, or the text of what it is labelled by, or its title line. */
  function figureTitle(figure) {
    var label = figure.getAttribute("aria-label");
    if (label) return label.trim();
    var ids = (figure.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    var text = ids.map(function (id) { var n = document.getElementById(id); return n ? n.textContent : ""; })
      .join(" ").replace(/\s+/g, " ").trim();
    if (text) return text;
    var head = figure.querySelector(".dsr-figure-title");
    return head ? head.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // -- one figure ------------------------------------------------------------------------------
  function Figure(figure, div, script) {
    this.figure = figure;
    this.div = div;
    this.script = script;
    this.spec = readSpec(div.id, script);
    var layout = this.spec.layout || {};
    this.menus = (layout.updatemenus || []).filter(function (m) { return m && m.visible !== false; });
    this.menuIndex = (layout.updatemenus || []).map(function (m, k) { return k; })
      .filter(function (k) { return layout.updatemenus[k] && layout.updatemenus[k].visible !== false; });
    this.sliders = layout.sliders || [];
    // The active item of each menu and slider, as the reader last chose it (plotly.js defaults: 0).
    this.state = {
      menus: this.menus.map(function (m) { return typeof m.active === "number" ? m.active : 0; }),
      sliders: this.sliders.map(function (s) { return typeof s.active === "number" ? s.active : 0; })
    };
    this.applied = clone(this.state);   // what the drawn plot shows
    this.visible = (this.spec.data || []).map(function (t) { return t.visible === undefined ? true : t.visible; });
    this.uid = "dsrc" + (++count);
    this.title = figureTitle(figure) || plain(layout.title) || "Chart";
    this.widgets = {menus: [], sliders: []};
    this.queue = Promise.resolve();
    this.build();
  }

  Figure.prototype.build = function () {
    var self = this, fig = this.figure, div = this.div;
    fig.classList.add("dsr-accessible");
    // The figure is named by its label (or its caption) and described by its summary.
    var caption = fig.querySelector("figcaption");
    if (!fig.hasAttribute("aria-label") && !fig.hasAttribute("aria-labelledby") && caption) {
      if (!caption.id) caption.id = this.uid + "-caption";
      fig.setAttribute("aria-labelledby", caption.id);
    }
    if (!fig.hasAttribute("aria-describedby")) {
      var summary = fig.querySelector(".dsr-summary");
      if (summary) {
        if (!summary.id) summary.id = this.uid + "-summary";
        fig.setAttribute("aria-describedby", summary.id);
      }
    }

    var bar = el("div", {className: "dsr-chart-controls", role: "group", "aria-label": "Chart controls: " + this.title});
    this.menus.forEach(function (menu, k) { bar.appendChild(self.menuWidget(menu, k)); });
    this.sliders.forEach(function (slider, k) { bar.appendChild(self.sliderWidget(slider, k)); });

    // Data table: one button away, built when first opened.
    var tableId = this.uid + "-table";
    this.toggle = el("button", {type: "button", className: "dsr-table-toggle", "aria-expanded": "false",
                                "aria-controls": tableId}, "Data table");
    this.panel = el("div", {id: tableId, className: "dsr-table-panel", role: "region", tabindex: "0",
                            "aria-label": "Data table: " + this.title, hidden: true});
    this.toggle.addEventListener("click", function () {
      var open = self.toggle.getAttribute("aria-expanded") !== "true";
      self.toggle.setAttribute("aria-expanded", String(open));
      self.panel.hidden = !open;
      if (open) self.renderTable();
    });
    bar.appendChild(this.toggle);
    this.status = el("span", {className: "dsr-controls-status", role: "status"});
    bar.appendChild(this.status);
    div.parentNode.insertBefore(bar, div);
    div.parentNode.insertBefore(this.panel, div.nextSibling);

    this.hideSnapshotFromAT();
    whenDrawn(div).then(function (gd) { self.attach(gd); });
  };

  Figure.prototype.hideSnapshotFromAT = function () {
    var img = this.div.querySelector("img.dsr-snapshot");
    if (img && !img.hasAttribute("alt")) img.setAttribute("alt", "");
  };

  Figure.prototype.label = function (text, forId) {
    return el("label", {"for": forId, className: "dsr-control-label"}, text);
  };

  Figure.prototype.menuWidget = function (menu, k) {
    var self = this, buttons = menu.buttons || [];
    var name = plain(menu.name) || (buttons.length && buttons.every(function (b) { return b.method === "animate"; })
      ? "Play" : "Show");
    var wrap = el("div", {className: "dsr-control dsr-control-menu"});
    if ((menu.type || "dropdown") === "dropdown") {
      var id = this.uid + "-menu" + k;
      var lab = this.label(name + " ", id);
      lab.appendChild(el("span", {className: "dsr-visually-hidden"}, "(" + this.title + ")"));
      var select = el("select", {id: id, className: "dsr-control-select"});
      buttons.forEach(function (b, i) {
        if (b.visible === false) return;
        select.appendChild(el("option", {value: String(i)}, plain(b.label) || "Option " + (i + 1)));
      });
      select.value = String(this.state.menus[k]);
      select.addEventListener("change", function () { self.choose("menus", k, Number(select.value)); });
      wrap.appendChild(lab);
      wrap.appendChild(select);
      this.widgets.menus[k] = {sync: function (i) { select.value = String(i); }};
    } else {
      var labId = this.uid + "-menu" + k + "-label";
      var group = el("div", {className: "dsr-control-buttons", role: "group", "aria-labelledby": labId});
      var lab2 = el("span", {id: labId, className: "dsr-control-label"}, name + " ");
      lab2.appendChild(el("span", {className: "dsr-visually-hidden"}, "(" + this.title + ")"));
      wrap.appendChild(lab2);
      var els = [];
      buttons.forEach(function (b, i) {
        if (b.visible === false) return;
        var btn = el("button", {type: "button", className: "dsr-control-button", "data-index": String(i),
                                "aria-pressed": String(i === self.state.menus[k])},
                     plain(b.label) || "Option " + (i + 1));
        btn.addEventListener("click", function () {
          // A button with args2 toggles (as in plotly.js): pressed again, it applies args2.
          var again = self.state.menus[k] === i && b.args2;
          self.choose("menus", k, again ? -1 : i);
        });
        els.push(btn);
        group.appendChild(btn);
      });
      wrap.appendChild(group);
      this.widgets.menus[k] = {sync: function (i) {
        els.forEach(function (btn) { btn.setAttribute("aria-pressed", String(Number(btn.getAttribute("data-index")) === i)); });
      }};
    }
    return wrap;
  };

  Figure.prototype.sliderWidget = function (slider, k) {
    var self = this, steps = slider.steps || [];
    var id = this.uid + "-slider" + k, outId = id + "-value";
    var cv = slider.currentvalue || {};
    var name = (plain(cv.prefix) || plain(slider.name) || "Step").replace(/[:\s]+$/, "");
    var wrap = el("div", {className: "dsr-control dsr-control-slider"});
    var lab = this.label(name + " ", id);
    lab.appendChild(el("span", {className: "dsr-visually-hidden"}, "(" + this.title + ")"));
    var stepLabel = function (i) { var s = steps[i] || {}; return plain(s.label !== undefined ? s.label : s.value); };
    var input = el("input", {type: "range", id: id, className: "dsr-control-range", min: "0",
                             max: String(Math.max(steps.length - 1, 0)), step: "1",
                             value: String(this.state.sliders[k]), "aria-describedby": outId});
    var out = el("output", {id: outId, "for": id, className: "dsr-control-value"});
    var show = function (i) {
      input.value = String(i);
      out.textContent = (cv.prefix ? plain(cv.prefix) + " " : "") + stepLabel(i) + (cv.suffix ? " " + plain(cv.suffix) : "");
      input.setAttribute("aria-valuetext", stepLabel(i));
    };
    show(this.state.sliders[k]);
    input.addEventListener("input", function () { show(Number(input.value)); self.choose("sliders", k, Number(input.value)); });
    wrap.appendChild(lab);
    wrap.appendChild(input);
    wrap.appendChild(out);
    this.widgets.sliders[k] = {sync: show};
    return wrap;
  };

  /* The reader chose item i of menu or slider k with an HTML control. */
  Figure.prototype.choose = function (kind, k, i) {
    var self = this;
    this.state[kind][k] = i;
    this.widgets[kind][k].sync(i);
    this.trackVisibility(kind, k, i);
    if (!this.panel.hidden) this.renderTable();
    if (!isDrawn(this.div)) this.status.textContent = "Drawing the chart\u2026";
    drawNow(this.div).then(function (gd) {
      self.attach(gd);
      return self.applyPending();
    }).then(function () { self.status.textContent = ""; })
      .catch(function (err) { console.error("dsr: could not update figure " + self.div.id, err); });
  };

  /* Keep our own idea of which traces are visible, so the table follows the controls before
     plotly.js has drawn the chart. */
  Figure.prototype.trackVisibility = function (kind, k, i) {
    var item = this.item(kind, k, i);
    if (!item) return;
    var args = kind === "menus" && i === -1 ? this.toggledArgs(k) : item.args;
    if (!args || !args.length) return;
    if (item.method !== "restyle" && item.method !== "update") return;
    var upd = args[0] || {}, traces = args[item.method === "update" ? 2 : 1];
    if (!("visible" in upd)) return;
    var n = this.visible.length;
    var idx = traces === undefined || traces === null ? Array.apply(null, Array(n)).map(function (_, j) { return j; })
      : [].concat(traces);
    var val = upd.visible;
    var self = this;
    idx.forEach(function (t, j) {
      var v = Array.isArray(val) ? val[j % val.length] : val;
      if (t >= 0 && t < n) self.visible[t] = v;
    });
  };

  Figure.prototype.item = function (kind, k, i) {
    if (kind === "menus") {
      var m = this.menus[k];
      if (i === -1) return (m.buttons || [])[this.lastPressed !== undefined ? this.lastPressed : 0];
      this.lastPressed = i;
      return (m.buttons || [])[i];
    }
    return (this.sliders[k].steps || [])[i];
  };

  Figure.prototype.toggledArgs = function (k) {
    var b = (this.menus[k].buttons || [])[this.lastPressed || 0];
    return b && b.args2;
  };

  /* Bring the drawn plot to the state of the HTML controls, one change at a time. */
  Figure.prototype.applyPending = function () {
    var self = this;
    this.queue = this.queue.then(function () {
      var gd = self.div, jobs = [];
      ["menus", "sliders"].forEach(function (kind) {
        self.state[kind].forEach(function (i, k) {
          if (self.applied[kind][k] !== i) jobs.push([kind, k, i]);
        });
      });
      return jobs.reduce(function (p, job) {
        return p.then(function () { return self.execute(gd, job[0], job[1], job[2]); });
      }, Promise.resolve());
    });
    return this.queue;
  };

  /* What plotly.js does when a menu button or slider step is chosen: make it the active item and run
     its method with its args (unless execute is false). Both go in one call where the method allows. */
  Figure.prototype.execute = function (gd, kind, k, i) {
    var self = this, P = window.Plotly;
    var opts = kind === "menus" ? this.menus[k] : this.sliders[k];
    var layoutIndex = kind === "menus" ? this.menuIndex[k] : k;
    var item, args;
    if (kind === "menus" && i === -1) {
      item = (opts.buttons || [])[this.lastPressed || 0];
      args = item && item.args2;
    } else {
      item = (kind === "menus" ? opts.buttons : opts.steps)[i];
      args = item && item.args;
    }
    var active = {};
    active[(kind === "menus" ? "updatemenus[" : "sliders[") + layoutIndex + "].active"] = i;
    this.applied[kind][k] = i;
    this.busy = true;
    var run;
    var method = item && item.execute !== false && args ? (item.method || "restyle") : "skip";
    args = clone(args) || [];
    if (method === "restyle") run = P.update(gd, args[0] || {}, active, args[1]);
    else if (method === "relayout") run = P.relayout(gd, Object.assign({}, args[0] || {}, active));
    else if (method === "update") run = P.update(gd, args[0] || {}, Object.assign({}, args[1] || {}, active), args[2]);
    else if (method === "animate") run = P.relayout(gd, active).then(function () { return P.animate(gd, args[0], args[1]); });
    else run = P.relayout(gd, active);
    return Promise.resolve(run).then(function () {
      self.busy = false;
      self.afterPlot(gd);
    }, function (err) { self.busy = false; throw err; });
  };

  /* Once the plot is drawn: listen to its own menus, hide its SVG from screen readers, and make its
     toolbar one tab stop. Plotly.newPlot/purge replace the event emitter, so this can run again. */
  Figure.prototype.attach = function (gd) {
    var self = this;
    if (gd._dsrEv && gd._dsrEv === gd._ev) return;
    if (typeof gd.on !== "function") return;
    gd.on("plotly_buttonclicked", function (e) { self.fromPlotly("menus", e && e.menu, e && e.active); });
    gd.on("plotly_sliderchange", function (e) {
      self.fromPlotly("sliders", e && e.slider, e && e.step ? e.step._index : undefined);
    });
    gd.on("plotly_afterplot", function () { self.afterPlot(gd); });
    gd._dsrEv = gd._ev;
    // A choice made before plotly.js had drawn the chart is applied now.
    this.applyPending();
    this.afterPlot(gd);
  };

  Figure.prototype.pending = function () {
    var self = this;
    return ["menus", "sliders"].some(function (kind) {
      return self.state[kind].some(function (i, k) { return self.applied[kind][k] !== i; });
    });
  };

  Figure.prototype.fromPlotly = function (kind, opts, i) {
    if (this.busy || !opts) return;
    var k;
    if (kind === "menus") {
      k = this.menuIndex.indexOf(opts._index);
      if (typeof i !== "number") i = opts.active;
    } else {
      k = typeof opts._index === "number" ? opts._index : 0;
      if (typeof i !== "number") i = opts.active;
    }
    if (k < 0 || k === undefined || typeof i !== "number" || !this.widgets[kind][k]) return;
    if (kind === "menus" && i >= 0) this.lastPressed = i;
    this.state[kind][k] = i;
    this.applied[kind][k] = i;
    this.widgets[kind][k].sync(i);
    this.readVisibility();
    if (!this.panel.hidden) this.renderTable();
  };

  /* The active items as the drawn plot has them (a redraw, e.g. at another width, may reset them). */
  Figure.prototype.syncFromPlot = function (gd) {
    var self = this, lay = gd.layout || {};
    this.menus.forEach(function (m, k) {
      var opts = (lay.updatemenus || [])[self.menuIndex[k]];
      if (!opts) return;
      var a = typeof opts.active === "number" ? opts.active : 0;
      if (a !== self.state.menus[k]) { self.state.menus[k] = self.applied.menus[k] = a; self.widgets.menus[k].sync(a); }
    });
    this.sliders.forEach(function (s, k) {
      var opts = (lay.sliders || [])[k];
      if (!opts) return;
      var a = typeof opts.active === "number" ? opts.active : 0;
      if (a !== self.state.sliders[k]) { self.state.sliders[k] = self.applied.sliders[k] = a; self.widgets.sliders[k].sync(a); }
    });
  };

  Figure.prototype.readVisibility = function () {
    var gd = this.div;
    if (gd.data) this.visible = gd.data.map(function (t) { return t.visible === undefined ? true : t.visible; });
  };

  Figure.prototype.afterPlot = function (gd) {
    Array.prototype.forEach.call(gd.querySelectorAll("svg.main-svg, .gl-container"), function (s) {
      s.setAttribute("aria-hidden", "true");
      s.setAttribute("focusable", "false");
    });
    this.toolbar(gd);
    if (!this.busy && !this.pending()) {
      this.syncFromPlot(gd);
      this.readVisibility();
      if (!this.panel.hidden) this.renderTable();
    }
  };

  /* The ARIA toolbar pattern: one tab stop, arrow keys (and Home/End) move between the buttons. */
  Figure.prototype.toolbar = function (gd) {
    var bar = gd.querySelector(".modebar");
    if (!bar) return;
    if (!bar.getAttribute("aria-label")) bar.setAttribute("aria-label", "Chart toolbar");
    var buttons = Array.prototype.slice.call(bar.querySelectorAll(".modebar-btn"));
    if (!buttons.length) return;
    var current = buttons.filter(function (b) { return b.getAttribute("tabindex") === "0"; })[0] || buttons[0];
    buttons.forEach(function (b) { b.setAttribute("tabindex", b === current ? "0" : "-1"); });
    if (bar._dsrKeys) return;
    bar._dsrKeys = true;
    bar.addEventListener("keydown", function (ev) {
      var list = Array.prototype.slice.call(bar.querySelectorAll(".modebar-btn"));
      var at = list.indexOf(document.activeElement);
      if (at < 0) return;
      var to = {ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1,
                Home: 0, End: list.length - 1}[ev.key];
      if (to === undefined) return;
      ev.preventDefault();
      to = (to + list.length) % list.length;
      list.forEach(function (b, j) { b.setAttribute("tabindex", j === to ? "0" : "-1"); });
      list[to].focus();
    });
  };

  // -- the data table --------------------------------------------------------------------------
  function axisTitle(layout, trace, letter) {
    var ref = trace[letter + "axis"] || letter;
    var ax = layout[letter + "axis" + ref.slice(1)] || {};
    return plain(ax.title) || letter;
  }

  function colorbarTitle(trace) {
    var cb = trace.colorbar || (trace.marker && trace.marker.colorbar) || {};
    return plain(cb.title) || "Value";
  }

  /* Columns [{name, values}] for one trace. */
  function traceColumns(trace, layout) {
    var cols = [], type = trace.type || "scatter";
    var details = arr(trace.hovertext) || arr(trace.text);
    function add(name, v) { v = arr(v); if (v) cols.push({name: name, values: v}); }
    if (type === "choropleth") {
      add(trace.locationmode === "ISO-3" || !trace.locationmode ? "Country (ISO 3166 code)" : "Location", trace.locations);
      add(colorbarTitle(trace), trace.z);
    } else if (type === "scattergeo") {
      if (arr(trace.locations)) add("Location", trace.locations);
      else { add("Latitude", trace.lat); add("Longitude", trace.lon); }
      if (trace.marker && arr(trace.marker.color)) add("Value", trace.marker.color);
    } else if (type === "pie") {
      add("Label", trace.labels);
      add("Value", trace.values);
    } else {
      add(axisTitle(layout, trace, "x"), trace.x);
      add(axisTitle(layout, trace, "y"), trace.y);
      if (arr(trace.z)) add("Value", trace.z);
    }
    if (details) cols.push({name: "Details", values: details});
    return cols;
  }

  function tableFor(caption, columns, rows) {
    var table = el("table", {className: "dsr-data-table"});
    table.appendChild(el("caption", {}, caption));
    var thead = el("thead"), hr = el("tr");
    columns.forEach(function (c) { hr.appendChild(el("th", {scope: "col"}, c)); });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.forEach(function (r) {
      var tr = el("tr");
      r.forEach(function (v, j) { tr.appendChild(el(j === 0 ? "th" : "td", j === 0 ? {scope: "row"} : {}, v)); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    return table;
  }

  function heatmapTable(trace, layout, title) {
    var z = arr(trace.z) || [], xs = arr(trace.x), ys = arr(trace.y);
    var nx = z.length ? z[0].length : 0;
    var cols = [axisTitle(layout, trace, "y") + " \\ " + axisTitle(layout, trace, "x")];
    for (var j = 0; j < nx; j++) cols.push(fmt(xs ? xs[j] : j));
    var rows = z.map(function (row, i) { return [fmt(ys ? ys[i] : i)].concat(row.map(fmt)); });
    return tableFor(title, cols, rows);
  }

  Figure.prototype.renderTable = function () {
    var self = this, layout = this.spec.layout || {};
    var data = (this.div.data && isDrawn(this.div)) ? this.div.data : this.spec.data || [];
    var groups = [], byKey = {};
    data.forEach(function (trace, t) {
      var v = self.visible[t];
      if (v === false || v === "legendonly") return;
      var src = (self.spec.data || [])[t] || trace;   // the spec keeps the full, undecoded arrays
      var name = plain(src.name) || "Series " + (t + 1);
      if ((src.type || "scatter") === "heatmap") { groups.push({heatmap: src, name: name}); return; }
      var cols = traceColumns(src, layout);
      if (!cols.length) return;
      var key = cols.map(function (c) { return c.name; }).join("\u0001");
      if (!byKey[key]) { byKey[key] = {cols: cols.map(function (c) { return c.name; }), traces: []}; groups.push(byKey[key]); }
      byKey[key].traces.push({name: name, cols: cols});
    });
    var frag = document.createDocumentFragment();
    var intro = el("p", {className: "dsr-table-intro"},
                   "The data drawn in the chart as it is shown now" + (this.currentLabel() ? ": " + this.currentLabel() : "") + ".");
    frag.appendChild(intro);
    groups.forEach(function (g) {
      if (g.heatmap) { frag.appendChild(heatmapTable(g.heatmap, layout, g.name)); return; }
      var many = g.traces.length > 1 || (g.traces[0] && g.traces[0].name && data.length > 1);
      var headers = (many ? ["Series"] : []).concat(g.cols);
      var rows = [];
      g.traces.forEach(function (tr) {
        var n = Math.max.apply(null, tr.cols.map(function (c) { return c.values.length; }));
        for (var i = 0; i < n; i++) {
          var row = tr.cols.map(function (c) { return fmt(c.values[i]); });
          rows.push(many ? [tr.name].concat(row) : row);
        }
      });
      frag.appendChild(tableFor("Data: " + self.title, headers, rows));
    });
    if (!groups.length) frag.appendChild(el("p", {}, "No data is shown in the chart."));
    this.panel.textContent = "";
    this.panel.appendChild(frag);
  };

  Figure.prototype.currentLabel = function () {
    var self = this, parts = [];
    this.menus.forEach(function (m, k) {
      var b = (m.buttons || [])[self.state.menus[k]];
      if (b) parts.push(plain(b.label));
    });
    this.sliders.forEach(function (s, k) {
      var st = (s.steps || [])[self.state.sliders[k]];
      if (st) parts.push(plain((s.currentvalue || {}).prefix) + " " + plain(st.label));
    });
    return parts.join("; ").trim();
  };

  // -- start -----------------------------------------------------------------------------------
  function setup(script) {
    var id = script.getAttribute("data-target");
    var div = id && document.getElementById(id);
    if (!div || div._dsrControls) return;
    var figure = div.closest("figure") || div.parentNode;
    try {
      div._dsrControls = new Figure(figure, div, script);
    } catch (err) {
      console.error("dsr: could not add controls to figure " + id, err);
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("script.dsr-figure-spec[data-target]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
