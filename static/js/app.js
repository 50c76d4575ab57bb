// Progressive enhancement only: every page works without this file.
//
// Loaded with <script type="module">, so it runs only in browsers that support ES modules,
// which is what nhsuk-frontend 10 treats as "supported". Module scripts are deferred, so
// document.body exists here. Adding these classes replaces the inline <script> from the
// NHS.UK page template, which our Content Security Policy does not allow.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Report pages: each part of the detailed report is an open <details data-app-fold>, so every
// figure shows without JavaScript. On a small screen fold them, so the summary above is what
// a reader sees first; open them all again on a wide screen, where their toggles are hidden
// (app.css), and before printing, where a folded part would print empty.
const folds = document.querySelectorAll("details[data-app-fold]");
if (folds.length) {
  const narrow = window.matchMedia("(max-width: 40.0525em)");
  const fold = () => folds.forEach((details) => { details.open = !narrow.matches; });
  fold();
  narrow.addEventListener("change", fold);
  window.addEventListener("beforeprint", () => folds.forEach((details) => { details.open = true; }));
}
