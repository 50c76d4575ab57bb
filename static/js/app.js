// Progressive enhancement only: every page works without this file.
//
// Loaded with <script type="module">, so it runs only in browsers that support ES modules,
// which is what nhsuk-frontend 10 treats as "supported". Module scripts are deferred, so
// document.body exists here. Adding these classes replaces the inline <script> from the
// NHS.UK page template, which our Content Security Policy does not allow.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

// Parts that fold on a phone only: each part of a detailed report, and a list's filters, is an
// open <details data-app-fold>, so everything shows without JavaScript. On a small screen fold
// them, so what is above is what a reader sees first; open them all again on a wide screen,
// where their toggles are hidden (app.css), and before printing, where a folded part would
// print empty.
const folds = document.querySelectorAll("details[data-app-fold]");
if (folds.length) {
  const narrow = window.matchMedia("(max-width: 40.0525em)");
  const fold = () => folds.forEach((details) => { details.open = !narrow.matches; });
  fold();
  narrow.addEventListener("change", fold);
  window.addEventListener("beforeprint", () => folds.forEach((details) => { details.open = true; }));
}

// Long lists to choose several from (cocreation.lib.forms.CheckboxFilterWidget): past 10, show
// the box to type in, which hides the checkboxes without a word starting with each word typed
// ("gar 2026" finds "Ward garden (3 March 2026)"; a hidden box that is ticked stays ticked and is
// sent), and a line naming the ones chosen.
const searchWords = (text) =>
  text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9\s]/g, "").split(/\s+/).filter(Boolean);
document.querySelectorAll('[data-module="app-checkbox-filter"]').forEach((picker) => {
  const search = picker.querySelector(".app-checkbox-filter__search");
  const input = search.querySelector("input");
  const status = search.querySelector(".app-checkbox-filter__status");
  const chosen = picker.querySelector(".app-checkbox-filter__chosen");
  const items = [...picker.querySelectorAll(".nhsuk-checkboxes__item")].map((item) => {
    const label = item.querySelector("label").textContent.trim();
    return { item, box: item.querySelector("input"), label, words: searchWords(label) };
  });
  if (items.length <= 10) return;
  let announce;
  const filter = () => {
    const query = searchWords(input.value);
    const shown = items.filter((entry) => {
      entry.item.hidden = !query.every((typed) => entry.words.some((word) => word.startsWith(typed)));
      return !entry.item.hidden;
    }).length;
    // Said once typing pauses, not at every letter.
    clearTimeout(announce);
    announce = setTimeout(() => {
      status.textContent = !query.length ? "" : shown
        ? `${shown} of ${items.length} shown. Press the down arrow to go to the first.`
        : "None match. Try fewer letters.";
    }, 500);
  };
  const showChosen = () => {
    const names = items.filter((entry) => entry.box.checked).map((entry) => entry.label);
    chosen.textContent = names.length ? `Chosen (${names.length}): ${names.join("; ")}` : "None chosen yet.";
  };
  input.addEventListener("input", filter);
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" && event.key !== "ArrowDown") return;
    event.preventDefault(); // Enter here would send the form
    const first = items.find((entry) => !entry.item.hidden);
    if (first) first.box.focus();
  });
  picker.addEventListener("change", showChosen);
  search.hidden = false;
  chosen.hidden = false;
  showChosen();
});

// Long lists to choose one from (a <select> of more than 30 options, or one marked
// data-app-autocomplete): GOV.UK's accessible-autocomplete puts a box to type in in its place.
// The select stays in the form, hidden, and is what is sent; emptying the box chooses its empty
// option, so no old choice is sent unseen.
const longSelects = [...document.querySelectorAll("select:not([multiple])")].filter(
  (select) => select.options.length > 30 || select.hasAttribute("data-app-autocomplete"),
);
if (longSelects.length) {
  import("../vendor/accessible-autocomplete/accessible-autocomplete.min.js").then(() => {
    longSelects.forEach((select) => {
      const id = select.id;
      const describedBy = select.getAttribute("aria-describedby");
      const options = [...select.options];
      const textOf = (option) => option.textContent.trim();
      self.accessibleAutocomplete.enhanceSelectElement({
        selectElement: select,
        defaultValue: "",
        showAllValues: true,
        autoselect: false, // its type-ahead hint is a second, unlabelled input
        inputClasses: select.classList.contains("nhsuk-select--error") ? "nhsuk-input--error" : "",
        tNoResults: () => "None match",
        onConfirm: (choice) => {
          const typed = document.getElementById(id)?.value.trim() ?? "";
          const match = options.find((option) => textOf(option) === (choice ?? typed).trim());
          const empty = options.find((option) => option.value === "");
          if (match) match.selected = true;
          else if (empty) empty.selected = true;
        },
      });
      const input = document.getElementById(id);
      if (input && describedBy) {
        input.setAttribute("aria-describedby", `${describedBy} ${input.getAttribute("aria-describedby") || ""}`.trim());
      }
    });
  });
}

// On a phone a wide table of figures scrolls within its own box (app.css), never the page. Such
// a box must take keyboard focus, so someone without a mouse can scroll it too.
const tables = document.querySelectorAll("main table.nhsuk-table");
if (tables.length) {
  const focusable = () => tables.forEach((table) => {
    if (table.scrollWidth > table.clientWidth + 1) {
      table.setAttribute("tabindex", "0");
    } else {
      table.removeAttribute("tabindex");
    }
  });
  focusable();
  window.addEventListener("resize", focusable);
}
