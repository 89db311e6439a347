/* Pelihara: sortable and filterable case tables, no server and no library. Without
   JavaScript the full table is still there; the filter form stays hidden. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return a.localeCompare(b, "id", { numeric: true });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      th.tabIndex = 0;
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var result = compare(cellValue(r1, index), cellValue(r2, index));
          return ascending ? result : -result;
        });
        var fragment = document.createDocumentFragment();
        rows.forEach(function (r) { fragment.appendChild(r); });
        body.appendChild(fragment);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sort(); });
    });
  }

  function makeFilterable(form) {
    var table = document.getElementById(form.getAttribute("data-table"));
    if (!table) return;
    var controls = form.querySelectorAll("[data-filter]");
    var count = form.querySelector("[data-count]");
    function apply() {
      var wanted = {};
      Array.prototype.forEach.call(controls, function (c) { wanted[c.getAttribute("data-filter")] = c.value; });
      var query = (wanted.q || "").toLowerCase();
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = true;
        Object.keys(wanted).forEach(function (key) {
          if (key === "q" || wanted[key] === "*") return;
          if ((row.getAttribute("data-" + key) || "") !== wanted[key]) ok = false;
        });
        if (ok && query && row.textContent.toLowerCase().indexOf(query) < 0) ok = false;
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = shown + " kasus";
    }
    Array.prototype.forEach.call(controls, function (c) {
      c.addEventListener("input", apply);
      c.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.hidden = false;
    apply();
  }

  // A table wider than the screen scrolls inside its box (.md-typeset__scrollwrap). Keyboard
  // users can only scroll a box they can focus, so a box that scrolls gets a tab stop and a
  // name (axe-core: scrollable-region-focusable); one that fits gets neither.
  function markScrollable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tabel lebar: geser ke samping untuk kolom lainnya");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function init() {
    document.querySelectorAll("table[data-sortable]").forEach(makeSortable);
    document.querySelectorAll("form.pelihara-filters").forEach(makeFilterable);
    markScrollable();
    // Material wraps plain Markdown tables in its own boxes as it starts; look again after.
    window.addEventListener("load", markScrollable);
    window.addEventListener("resize", markScrollable);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
