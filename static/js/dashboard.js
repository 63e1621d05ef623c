/* The dashboards' charts, drawn with Chart.js (static/vendor/chartjs) from the spec each chart's
   json_script holds (assessments/views/charts.py). No inline script or style: the
   Content-Security-Policy forbids both, so everything is read from the page here.

   Right to left on Persian pages: categories run from the right, the value axis stands on the
   right, legends and tooltips read right to left; numbers in the page's language (Persian digits
   and the Persian decimal mark on Persian pages). */
(function () {
  "use strict";

  if (typeof window.Chart === "undefined") {
    return;
  }
  var Chart = window.Chart;
  var root = document.documentElement;
  var rtl = root.getAttribute("dir") === "rtl";
  var locale = (root.getAttribute("lang") || "fa").indexOf("fa") === 0 ? "fa-IR" : "en-GB";
  var palette = ["#0f5c6e", "#d08c00", "#7a4f9a", "#2f8f5b", "#b94a48", "#4677b8", "#6c757d"];
  var LABEL_LENGTH = 30;

  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = "#343a40";

  function numberFormat(decimals) {
    var format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: 0,
      maximumFractionDigits: decimals
    });
    return function (value) {
      return value === null || value === undefined ? "" : format.format(value);
    };
  }

  function shortened(label) {
    var text = String(label);
    return text.length > LABEL_LENGTH ? text.slice(0, LABEL_LENGTH - 1) + "…" : text;
  }

  function datasetsOf(spec) {
    var line = spec.type === "line";
    return spec.datasets.map(function (set, position) {
      var color = palette[position % palette.length];
      return {
        label: set.label,
        data: set.data,
        backgroundColor: color,
        borderColor: color,
        borderWidth: line ? 2 : 0,
        pointRadius: line ? 3 : 0,
        tension: 0.2,
        spanGaps: true,
        maxBarThickness: 48
      };
    });
  }

  function optionsOf(spec, datasets) {
    var format = numberFormat(spec.decimals || 0);
    var horizontal = Boolean(spec.horizontal);
    var stacked = Boolean(spec.stacked);
    var direction = rtl ? "rtl" : "ltr";
    var valueAxis = {
      beginAtZero: true,
      stacked: stacked,
      ticks: {
        precision: spec.decimals ? undefined : 0,
        callback: function (value) {
          return format(value);
        }
      }
    };
    var categoryAxis = {
      stacked: stacked,
      // Lines keep half a category's room at both ends, so that the first and last labels show.
      offset: true,
      grid: { display: false },
      ticks: {
        autoSkip: false,
        callback: function (value) {
          return shortened(this.getLabelForValue(value));
        }
      }
    };
    var scales;
    if (horizontal) {
      valueAxis.reverse = rtl;
      categoryAxis.position = rtl ? "right" : "left";
      scales = { x: valueAxis, y: categoryAxis };
    } else {
      categoryAxis.reverse = rtl;
      valueAxis.position = rtl ? "right" : "left";
      scales = { x: categoryAxis, y: valueAxis };
    }
    return {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: locale,
      scales: scales,
      plugins: {
        legend: {
          display: datasets.length > 1,
          position: "bottom",
          rtl: rtl,
          textDirection: direction,
          labels: { boxWidth: 12, boxHeight: 12 }
        },
        tooltip: {
          rtl: rtl,
          textDirection: direction,
          callbacks: {
            label: function (context) {
              var value = horizontal ? context.parsed.x : context.parsed.y;
              return (context.dataset.label ? context.dataset.label + ": " : "") + format(value);
            }
          }
        }
      }
    };
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) {
      return null;
    }
    var spec = JSON.parse(source.textContent);
    var datasets = datasetsOf(spec);
    var chart = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: optionsOf(spec, datasets)
    });
    canvas.setAttribute("data-chart-drawn", "true");
    return chart;
  }

  var charts = Array.prototype.map.call(document.querySelectorAll("canvas[data-chart]"), draw);

  // Printing: redraw each chart at the printed page's width, and back afterwards.
  function resizeAll() {
    charts.forEach(function (chart) {
      if (chart) {
        chart.resize();
      }
    });
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
