import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// "Print this page" buttons: shown only where scripts run, they open the browser's print dialog.
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}

// Charts (Chart.js, docs/adr/0023-charts.md): loaded only on pages that have one.
if (document.querySelector("canvas[data-figure]")) {
  import("./figures.mjs");
}
