// Progressive enhancement only: every page works without this file.
//
// Loaded with <script type="module">, so it runs only in browsers that support ES modules,
// which is what nhsuk-frontend 10 treats as "supported". Module scripts are deferred, so
// document.body exists here. Adding these classes replaces the inline <script> from the
// NHS.UK page template, which our Content Security Policy does not allow.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
