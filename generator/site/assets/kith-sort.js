/* Kith: sort the table after a `.kith-sortable` marker by a click on a column's title.
   Tablesort (tablesort.min.js, MIT) does the sorting; this says how each of Kith's columns
   sorts. Tablesort's sort functions put the larger value first. */
(function () {
  "use strict";
  var circles = ["stranger", "acquaintance", "client", "colleague", "friend", "family"];
  var collator = new Intl.Collator(undefined, { sensitivity: "base", numeric: true });
  var never = function () { return false; };  // chosen by column, never guessed
  Tablesort.extend("kith-text", never, function (a, b) {
    return collator.compare(b.trim(), a.trim());
  });
  Tablesort.extend("kith-circle", never, function (a, b) {
    return circles.indexOf(b.trim()) - circles.indexOf(a.trim());
  });
  Tablesort.extend("kith-number", never, function (a, b) {
    return (parseFloat(b) || 0) - (parseFloat(a) || 0);
  });
  // Column title -> [sort, first click shows the largest first (closest, newest)].
  var columns = {
    "Name": ["kith-text", false],
    "Circle": ["kith-circle", true],
    "Strength": ["kith-number", true],
    "Influence": ["kith-number", true],
    "Last contact": ["kith-text", true],
    "Tags": ["kith-text", false]
  };

  function setUp() {
    document.querySelectorAll(".kith-sortable").forEach(function (marker) {
      var next = marker.nextElementSibling;
      var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
      if (!table || !table.tHead || table.hasAttribute("data-kith-sortable")) {
        return;
      }
      table.setAttribute("data-kith-sortable", "");
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
        var column = columns[cell.textContent.trim()];
        if (column) {
          cell.setAttribute("data-sort-method", column[0]);
          if (column[1]) {
            cell.setAttribute("data-sort-reverse", "");
          }
        } else {
          cell.setAttribute("data-sort-method", "none");
        }
      });
      new Tablesort(table);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
  // Material's instant navigation swaps pages without loading them again.
  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setUp);
  }
})();
