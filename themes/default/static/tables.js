// followup's default theme: sortable and filterable tables.
//
// Every table is complete without this script. With it, the column headers
// of each `table[data-sortable]` become buttons that sort the rows (again to
// reverse), and a table of many rows gets a box that hides the rows not
// containing the words typed. The labels come from the script tag's data
// attributes, which the templates fill from the strings table.
(function () {
  "use strict";

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var labels = {
    filter: data.filter || "Filter rows",
    shown: data.shown || "{shown} of {total} rows shown",
    sort: data.sort || "Sort by {column}",
  };
  // Tables shorter than this are read at a glance: no filter box.
  var FILTER_MIN_ROWS = 6;
  var collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base",
  });
  var filters = 0;

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function value(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return (key === null ? cell.textContent : key).trim();
  }

  function compare(a, b) {
    var x = Number(a);
    var y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return collator.compare(a, b);
  }

  function sortable(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || head.rows.length !== 1) return;
    var rows = Array.prototype.slice.call(body.rows);
    if (rows.length < 2) return;
    var headers = Array.prototype.slice.call(head.rows[0].cells);
    headers.forEach(function (th, index) {
      var name = th.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.title = fill(labels.sort, { column: name });
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        headers.forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", order);
        // Array.prototype.sort is stable: equal rows keep the page's order.
        rows
          .slice()
          .sort(function (r, s) {
            var c = compare(value(r, index), value(s, index));
            return order === "ascending" ? c : -c;
          })
          .forEach(function (row) {
            body.appendChild(row);
          });
      });
    });
  }

  function filterable(table) {
    var body = table.tBodies[0];
    if (!body || body.rows.length < FILTER_MIN_ROWS) return;
    var rows = Array.prototype.slice.call(body.rows);
    var id = "table-filter-" + ++filters;
    var box = document.createElement("div");
    box.className = "table-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labels.filter;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("span");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    var wrap = table.closest(".table-wrap") || table;
    wrap.parentNode.insertBefore(box, wrap);
    input.addEventListener("input", function () {
      var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLocaleLowerCase();
        var match = words.every(function (w) {
          return text.indexOf(w) !== -1;
        });
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = words.length ? fill(labels.shown, { shown: shown, total: rows.length }) : "";
    });
  }

  function enhance() {
    var tables = document.querySelectorAll("table[data-sortable]");
    Array.prototype.forEach.call(tables, function (table) {
      sortable(table);
      filterable(table);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
