/* Kith: mark each table with four or more titled columns, and write its column's title on
   every cell (data-label), so that on a narrow screen kith.css can show each row as a card
   with its cells labelled. Without this script the tables stay tables. */
(function () {
  "use strict";

  function label(table) {
    if (!table.tHead || !table.tHead.rows.length || table.hasAttribute("data-kith-cards")) {
      return;
    }
    var titles = Array.prototype.map.call(table.tHead.rows[0].cells, function (cell) {
      return cell.textContent.trim();
    });
    if (titles.filter(Boolean).length < 4) {
      return;
    }
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          if (titles[index]) {
            cell.setAttribute("data-label", titles[index]);
          }
        });
      });
    });
    table.setAttribute("data-kith-cards", "");
  }

  function setUp() {
    document.querySelectorAll(".md-typeset table").forEach(label);
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
