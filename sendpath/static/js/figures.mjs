// Draws every <canvas data-figure="ID"> from the JSON data island with that id, using Chart.js
// (docs/adr/0023-charts.md). The canvas carries role="img" and an aria-label summarising the
// figure; the table beside it has the same numbers and is what assistive technology reads.
import "../chartjs/chart.umd.min.js";

const { Chart } = globalThis;

// GOV.UK Design System colours: this authority first, then its region, then England.
const COLOURS = ["#1d70b8", "#f47738", "#505a5f", "#00703c", "#4c2c92"];

const FORMATS = {
  "%": (v) => `${v.toFixed(1)}%`,
  weeks: (v) => `${v.toFixed(1)} weeks`,
  count: (v) => v.toLocaleString("en-GB"),
};

function asNumber(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function draw(canvas) {
  const island = document.getElementById(canvas.dataset.figure);
  if (!island || !Chart) return null;
  const data = JSON.parse(island.textContent);
  const format = FORMATS[data.unit] || FORMATS.count;
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: data.series.map((name, i) => ({
        label: name,
        data: data.values[i].map(asNumber),
        backgroundColor: COLOURS[i % COLOURS.length],
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      plugins: {
        legend: { position: "bottom", labels: { color: "#0b0c0c" } },
        tooltip: {
          callbacks: {
            label: (item) =>
              `${item.dataset.label}: ${item.raw === null ? "not available" : format(item.raw)}`,
          },
        },
      },
      scales: {
        x: { ticks: { color: "#0b0c0c" } },
        y: {
          beginAtZero: true,
          suggestedMax: data.unit === "%" ? 100 : undefined,
          ticks: { color: "#0b0c0c", callback: (v) => format(Number(v)) },
        },
      },
    },
  });
}

for (const canvas of document.querySelectorAll("canvas[data-figure]")) {
  draw(canvas);
}
