// Trend charts, drawn from /tren/data.json (the same selector as the tables on the page).
(function () {
  var root = document.getElementById("trends");
  if (!root || !window.Chart || !window.RenstraNumbers) return;
  var label = function (name) { return root.getAttribute("data-label-" + name); };
  var format = window.RenstraNumbers.format;
  var palette = ["#1d5f8a", "#c0601a", "#1b7a3a", "#7b3f9e", "#b3261e", "#4f6d7a"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.animation = false;
  Chart.defaults.locale = window.RenstraNumbers.locale;
  Chart.defaults.maintainAspectRatio = false;

  function value(text) { return text === null ? null : Number(text); }
  function tooltip(style) {
    return { callbacks: { label: function (item) {
      return item.dataset.label + ": " + format(item.parsed.y, style);
    } } };
  }
  function valueAxis() {
    return { beginAtZero: true, ticks: { callback: function (v) { return format(v); } } };
  }
  function percentAxis() {
    return { beginAtZero: true, ticks: { callback: function (v) { return format(v) + " %"; } } };
  }

  function drawIndicator(series) {
    var canvas = document.getElementById("chart-indicator");
    if (!canvas || !series) return;
    var points = series.points;
    new Chart(canvas, {
      data: {
        labels: points.map(function (p) { return p.year; }),
        datasets: [
          { type: "bar", label: label("realisation"), backgroundColor: palette[0],
            data: points.map(function (p) { return value(p.realisation); }) },
          { type: "line", label: label("target"), borderColor: palette[1], backgroundColor: palette[1],
            borderDash: [6, 4], data: points.map(function (p) { return value(p.target); }) },
        ],
      },
      options: { plugins: { tooltip: tooltip() }, scales: { y: valueAxis() } },
    });
  }

  function drawPrograms(programs) {
    programs.forEach(function (program) {
      var canvas = root.querySelector('canvas.chart-program[data-code="' + program.code + '"]');
      if (!canvas) return;
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: program.years.map(function (y) { return y.year; }),
          datasets: [
            { label: label("capaian"), backgroundColor: palette[0],
              data: program.years.map(function (y) { return value(y.capaian); }) },
            { label: label("serapan"), backgroundColor: palette[1],
              data: program.years.map(function (y) { return value(y.serapan); }) },
          ],
        },
        options: { plugins: { tooltip: tooltip("%") }, scales: { y: percentAxis() } },
      });
    });
  }

  function drawSpm(years) {
    var canvas = document.getElementById("chart-spm");
    if (!canvas || !years.length) return;
    var datasets = years[0].services.map(function (service, index) {
      return {
        label: service.number + ". " + service.name,
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        data: years.map(function (y) { return value(y.services[index].capaian_penerima); }),
      };
    });
    datasets.push({
      label: label("office"), borderColor: "#1f2a33", backgroundColor: "#1f2a33", borderWidth: 3,
      borderDash: [6, 4], data: years.map(function (y) { return value(y.capaian_penerima); }),
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: years.map(function (y) { return y.year; }), datasets: datasets },
      options: {
        spanGaps: true, plugins: { tooltip: tooltip("%") },
        scales: { y: Object.assign(percentAxis(), { title: { display: true, text: label("penerima") } }) },
      },
    });
  }

  fetch(root.getAttribute("data-source"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      drawIndicator(data.chosen);
      drawPrograms(data.programs);
      drawSpm(data.spm);
      root.setAttribute("data-charts", "ready");
    });
})();
