// Draws the dashboard's charts (Chart.js, served by this server) from the figures the page carries as
// JSON. The same figures are in tables on the page: the charts add nothing a screen reader would miss.
(function () {
  "use strict";
  var source = document.getElementById("figures");
  if (!source || typeof Chart === "undefined") return;
  var figures = JSON.parse(source.textContent);
  // Distinguishable colours with 3:1 or more against white (WCAG 1.4.11, non-text contrast).
  var palette = ["#0b57a4", "#b35900", "#1e6b35", "#8e3a9d", "#a4161a", "#3d5a80", "#6b5d00", "#00667a"];
  Chart.defaults.font.size = 14;
  Chart.defaults.color = "#1b1f24";
  Chart.defaults.animation = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) new Chart(canvas, config);
  }
  var days = figures.days;
  draw("chart-messages", {
    type: "bar",
    data: {
      labels: days,
      datasets: figures.channels.map(function (channel, i) {
        return {
          label: channel,
          backgroundColor: palette[i % palette.length],
          data: figures.messages_per_day.map(function (row) { return row.by_channel[channel]; })
        };
      }).concat([{
        type: "line",
        label: "conversations",
        stack: "conversations",  // its own stack: not added on top of the messages
        borderColor: "#1b1f24",
        backgroundColor: "#1b1f24",
        data: figures.conversations_per_day.map(function (row) { return row.conversations; })
      }])
    },
    options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-topics", {
    type: "bar",
    data: {
      labels: figures.topics.map(function (row) { return row.topic.replace(/_/g, " "); }),
      datasets: [{ label: "questions answered", backgroundColor: palette[0], maxBarThickness: 40, data: figures.topics.map(function (row) { return row.questions; }) }]
    },
    options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
  draw("chart-latency", {
    type: "line",
    data: {
      labels: days,
      datasets: [
        { label: "median (ms)", borderColor: palette[0], backgroundColor: palette[0], data: figures.latency_per_day.map(function (row) { return row.p50_ms; }) },
        { label: "95th percentile (ms)", borderColor: palette[1], backgroundColor: palette[1], data: figures.latency_per_day.map(function (row) { return row.p95_ms; }) }
      ]
    },
    options: { maintainAspectRatio: false, spanGaps: true, scales: { y: { beginAtZero: true } } }
  });
})();
