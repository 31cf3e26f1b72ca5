// The city chart: capaian IKU and serapan of every office, read from the table on the page
// (the same selector), so the chart and the numbers cannot differ.
(function () {
  var root = document.getElementById("city-chart");
  var table = document.getElementById("city-offices");
  if (!root || !table || !window.Chart || !window.RenstraNumbers) return;
  var format = window.RenstraNumbers.format;
  var label = function (name) { return root.getAttribute("data-label-" + name); };
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-office]"));
  var value = function (text) { return text === "" || text === null ? null : Number(text); };
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.locale = window.RenstraNumbers.locale;
  Chart.defaults.maintainAspectRatio = false;
  new Chart(document.getElementById("chart-city"), {
    type: "bar",
    data: {
      labels: rows.map(function (row) { return row.getAttribute("data-name"); }),
      datasets: [
        { label: label("capaian"), backgroundColor: "#1d5f8a",
          data: rows.map(function (row) { return value(row.getAttribute("data-capaian")); }) },
        { label: label("serapan"), backgroundColor: "#c0601a",
          data: rows.map(function (row) { return value(row.getAttribute("data-serapan")); }) },
      ],
    },
    options: {
      plugins: { tooltip: { callbacks: { label: function (item) {
        return item.dataset.label + ": " + format(item.parsed.y, "%");
      } } } },
      scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return format(v) + " %"; } } } },
    },
  });
  root.setAttribute("data-drawn", String(rows.length));
})();
