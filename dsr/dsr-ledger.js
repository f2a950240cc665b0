/* Filters for the claims ledger (dsr.claims.ledger_html): each <select data-filter="x"> keeps the rows
   whose data-x attribute equals its value. A link to #claim-ID clears the filters and marks that row. */
(function () {
  function setup(box) {
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter]"));
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var count = box.querySelector(".dsr-ledger-count");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var keep = selects.every(function (s) {
          return !s.value || row.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
        });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = shown === rows.length ? rows.length + " claims" : shown + " of " + rows.length + " claims";
    }
    function mark() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var row = id && box.querySelector("tr[id='" + id.replace(/'/g, "") + "']");
      rows.forEach(function (r) { r.classList.remove("dsr-ledger-target"); });
      if (!row) return;
      selects.forEach(function (s) { s.value = ""; });
      apply();
      row.classList.add("dsr-ledger-target");
      row.scrollIntoView({block: "center"});
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    window.addEventListener("hashchange", mark);
    apply();
    mark();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".dsr-ledger"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
