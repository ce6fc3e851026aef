// Progressive enhancement: makes tables with class "sortable" sortable by
// clicking (or pressing Enter or Space on) a column header. Pages read fine
// without it. A cell's data-sort attribute, when present, is its sort key;
// otherwise numbers sort as numbers and text in the page's language order.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var lang = document.documentElement.lang || undefined;
  var collator = new Intl.Collator(lang, { numeric: true, sensitivity: "base" });

  function key(cell) {
    if (!cell) return "";
    var k = cell.getAttribute("data-sort");
    return k !== null ? k : cell.textContent.trim();
  }

  function asNumber(s) {
    var t = s.replace(/[\s\u00a0\u202f,]/g, "").replace("\u2212", "-");
    return /^-?\d+(\.\d+)?$/.test(t) ? parseFloat(t) : null;
  }

  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var descending = th.getAttribute("aria-sort") === "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index]), y = key(b.cells[index]);
      var nx = asNumber(x), ny = asNumber(y);
      var c = nx !== null && ny !== null ? nx - ny : collator.compare(x, y);
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) {
      h.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    if (!table.tHead) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.textContent.trim()) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
})();
