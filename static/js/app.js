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

// Pickers (cocreation.lib.pickers): choosing people, activities or records from lists that grow
// with the data. Without JavaScript the Search button sends the form back to show matches. Here
// the button goes (so Enter elsewhere in the form sends it as usual) and accessible-autocomplete
// in the search box asks the staff search endpoint as the person types; the one chosen becomes a
// ticked checkbox (or the chosen radio) above the box, and the box empties for the next search.
const pickers = document.querySelectorAll('[data-module="app-picker"][data-search-url]');
const pickerItem = (kind, id, name, result) => {
  const item = document.createElement("div");
  item.className = `${kind}__item`;
  const box = document.createElement("input");
  Object.assign(box, { className: `${kind}__input`, id, name, value: result.value, checked: true });
  box.type = kind === "nhsuk-checkboxes" ? "checkbox" : "radio";
  const label = document.createElement("label");
  label.className = `nhsuk-label ${kind}__label`;
  label.htmlFor = id;
  label.textContent = result.label;
  item.append(box, label);
  if (result.hint) {
    const hint = document.createElement("div");
    hint.className = `nhsuk-hint ${kind}__hint`;
    hint.id = `${id}-hint`;
    hint.textContent = result.hint;
    box.setAttribute("aria-describedby", hint.id);
    item.append(hint);
  }
  return item;
};
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pickerEnhance = (picker) => {
  const input = picker.querySelector(".app-picker__input");
  const row = picker.querySelector(".app-picker__search-row");
  const status = picker.querySelector(".app-picker__status");
  const chosen = picker.querySelector(".app-picker__chosen");
  const none = picker.querySelector(".app-picker__none");
  const multiple = picker.hasAttribute("data-multiple");
  const kind = multiple ? "nhsuk-checkboxes" : "nhsuk-radios";
  const { name, searchUrl } = picker.dataset;
  const id = input.id;
  if (!searchUrl) return;
  let added = 0;
  let timer;
  let request;
  const source = (query, populate) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      request?.abort();
      request = new AbortController();
      const url = `${searchUrl}${searchUrl.includes("?") ? "&" : "?"}q=${encodeURIComponent(query)}`;
      fetch(url, { headers: { Accept: "application/json" }, signal: request.signal })
        .then((response) => (response.ok ? response.json() : Promise.reject(new Error("refused"))))
        .then((data) => {
          populate(data.results);
          status.textContent = data.total > data.results.length
            ? `Showing ${data.results.length} of ${data.total.toLocaleString("en-GB")} matches. Type more to narrow it down.`
            : "";
        })
        .catch((error) => {
          if (error.name === "AbortError") return;
          populate([]);
          status.textContent = "Searching did not work. Reload the page and try again: you may have been signed out.";
        });
    }, 200);
  };
  const choose = (result) => {
    if (!result) return;
    const boxes = [...picker.querySelectorAll("input.nhsuk-checkboxes__input, input.nhsuk-radios__input")];
    let box = boxes.find((each) => each.value === result.value);
    if (!box) {
      const item = pickerItem(kind, `${id.replace(/__q$/, "")}_added${added++}`, name, result);
      const empty = boxes.find((each) => each.value === "" && chosen.contains(each));
      chosen.insertBefore(item, empty ? empty.closest(`.${kind}__item`) : null);
      box = item.querySelector("input");
    }
    box.checked = true;
    if (none) none.hidden = true;
    const count = picker.querySelectorAll(`.${kind}__input:checked`).length;
    status.textContent = multiple ? `${result.label} chosen. ${count} chosen in all.` : `${result.label} chosen.`;
    // Empty the box for the next search once accessible-autocomplete has shown the choice in it.
    setTimeout(() => { const typed = document.getElementById(id); if (typed) typed.value = ""; }, 0);
  };
  const place = document.createElement("div");
  place.className = "app-picker__autocomplete";
  row.replaceWith(place);
  self.accessibleAutocomplete({
    element: place,
    id,
    name: input.name,
    source,
    minLength: 2,
    autoselect: false, // its type-ahead hint is a second, unlabelled input
    confirmOnBlur: false,
    templates: {
      inputValue: (result) => (result ? result.label : ""),
      suggestion: (result) => (typeof result === "string" ? escapeHtml(result)
        : escapeHtml(result.label) + (result.hint ? `<span class="app-picker__suggestion-hint">${escapeHtml(result.hint)}</span>` : "")),
    },
    onConfirm: choose,
    tNoResults: () => "No matches",
    tStatusQueryTooShort: (length) => `Type ${length} or more letters to search`,
  });
  // Enter in the box chooses (when a match is highlighted) and never sends the form.
  place.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.id === id) event.preventDefault();
  });
  picker.addEventListener("change", () => {
    if (none) none.hidden = !picker.querySelector(`.${kind}__input:checked`);
  });
};
if (pickers.length) {
  import("../vendor/accessible-autocomplete/accessible-autocomplete.min.js").then(() => {
    pickers.forEach(pickerEnhance);
  });
}

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
