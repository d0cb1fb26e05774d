/*
 * Suggests existing tags under a comma-separated tag box.
 *
 * The box stays an ordinary text input: without this script editors type
 * names separated by commas, and with it they may still type new names.
 * Suggestions come from the JSON endpoint named in data-suggest-url.
 */
"use strict";
{
  const DELAY_MS = 200;

  function lastFragment(value) {
    return value.slice(value.lastIndexOf(",") + 1).trim();
  }

  function namesInBox(value) {
    return value
      .split(",")
      .map((name) => name.trim().replace(/^"|"$/g, "").toLowerCase())
      .filter(Boolean);
  }

  function attach(input) {
    const list = document.createElement("ul");
    list.id = `${input.id}-suggestions`;
    list.className = "tag-suggest-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;

    input.after(list);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    let timer = null;
    let active = -1;

    function options() {
      return Array.from(list.children);
    }

    function close() {
      list.hidden = true;
      list.replaceChildren();
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      const items = options();
      active = (index + items.length) % items.length;
      items.forEach((item, i) => {
        item.setAttribute("aria-selected", String(i === active));
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(name) {
      const value = input.value;
      const kept = value.slice(0, value.lastIndexOf(",") + 1);
      input.value = `${kept}${kept ? " " : ""}${name}, `;
      close();
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }

    function show(names) {
      close();
      const present = namesInBox(input.value.slice(0, input.value.lastIndexOf(",") + 1));
      names
        .filter((name) => !present.includes(name.toLowerCase()))
        .forEach((name, i) => {
          const item = document.createElement("li");
          item.id = `${list.id}-${i}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.textContent = name;
          item.addEventListener("mousedown", (event) => {
            event.preventDefault();
            choose(name);
          });
          list.append(item);
        });
      if (list.children.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        placeUnder();
      }
    }

    function placeUnder() {
      // Measured rather than nested in a wrapper: the admin's form rows clip
      // overflowing children and lay out their direct children in a row.
      const parent = list.offsetParent || document.body;
      const box = input.getBoundingClientRect();
      const origin = parent.getBoundingClientRect();
      list.style.left = `${box.left - origin.left + parent.scrollLeft}px`;
      list.style.top = `${box.bottom - origin.top + parent.scrollTop}px`;
      list.style.minWidth = `${box.width}px`;
    }

    async function fetchSuggestions(fragment) {
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", fragment);
      try {
        const response = await fetch(url, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (!response.ok) return;
        const data = await response.json();
        // A slower answer to an earlier keystroke must not win.
        if (lastFragment(input.value) === fragment) show(data.results || []);
      } catch {
        close();
      }
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const fragment = lastFragment(input.value);
      if (!fragment) {
        close();
        return;
      }
      timer = setTimeout(() => fetchSuggestions(fragment), DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && active >= 0) {
        // Pick the suggestion instead of submitting the article form.
        event.preventDefault();
        choose(options()[active].textContent);
      } else if (event.key === "Escape") {
        close();
      }
    });

    input.addEventListener("blur", close);
  }

  function init() {
    document
      .querySelectorAll("input.tag-suggest[data-suggest-url]")
      .forEach(attach);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
