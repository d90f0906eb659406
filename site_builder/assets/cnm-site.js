/* cnm disclosure site: sortable tables (vendored tablesort), the filter box, and a language
   switch that keeps the reader on the same page (both languages have identical paths).
   No network request, no dependency but tablesort. */
(function () {
  "use strict";

  /* Sort keys "unit|value" (site_builder.html.unit_sort_key): by unit, then by value, a missing
     value after its unit's figures, so kgCO2e/t and kgCO2e/万Nm3 are never interleaved.
     Tablesort's comparators return > 0 when a comes first in descending order; it reverses the
     result for ascending order. */
  function unitKey(key) {
    var cut = key.lastIndexOf("|");
    var value = cut < 0 ? NaN : parseFloat(key.slice(cut + 1));
    return { unit: cut < 0 ? key : key.slice(0, cut), value: value };
  }

  function byUnitThenValue(a, b) {
    var x = unitKey(a), y = unitKey(b);
    if (x.unit !== y.unit) return x.unit < y.unit ? 1 : -1;
    var xn = isNaN(x.value), yn = isNaN(y.value);
    if (xn || yn) return xn === yn ? 0 : (xn ? -1 : 1);
    return y.value - x.value;
  }

  var extended = false;

  function initTables() {
    if (window.Tablesort && !extended) {
      extended = true;
      window.Tablesort.extend("cnm-unit", function () { return false; }, byUnitThenValue);
    }
    document.querySelectorAll(".cnm-sortable table").forEach(function (table) {
      if (table.dataset.cnmSort) return;
      table.dataset.cnmSort = "1";
      if (window.Tablesort) new window.Tablesort(table);
    });
    document.querySelectorAll("input.cnm-filter").forEach(function (input) {
      if (input.dataset.cnmBound) return;
      input.dataset.cnmBound = "1";
      var table = document.getElementById(input.dataset.table);
      var count = document.getElementById(input.dataset.count);
      if (!table) return;
      input.addEventListener("input", function () {
        var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
        var shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          var text = row.textContent.toLowerCase();
          var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
          row.hidden = !hit;
          if (hit) shown++;
        });
        if (count) count.textContent = String(shown);
      });
    });
  }

  /* Language root of this page, from Material's configuration (base is relative: ".", "..", ...). */
  function languageRoot() {
    var el = document.getElementById("__config");
    var base = el ? JSON.parse(el.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href).href;
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target.closest("a[hreflang]") : null;
    if (!target || ev.metaKey || ev.ctrlKey) return;
    var root = languageRoot();
    var here = window.location.href.split("#")[0].split("?")[0];
    if (here.indexOf(root) !== 0) return;
    var other = new URL(target.getAttribute("href"), window.location.href).href;
    ev.preventDefault();
    ev.stopPropagation();
    window.location.href = new URL(here.slice(root.length), other.replace(/\/?$/, "/")).href;
  }, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initTables);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initTables);
  } else {
    initTables();
  }
})();
