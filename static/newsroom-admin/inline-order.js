/*
 * Rows of the article form ordered by a "position" field.
 *
 * A byline or analysis row added with "Add another" takes the next position,
 * so rows keep the order they were added in without the editor renumbering
 * them. Without this script the server still appends rows that share a
 * position in the order they were added.
 *
 * Analysis rows also get "Move up" and "Move down" buttons. A move renumbers
 * every row from 0 in the order shown, the order the article page shows once
 * the form is saved. Without this script the position numbers are typed by
 * hand, and work the same.
 */
"use strict";
(() => {
  const REORDERABLE = ["analysis_entries"];
  const ROWS = "tr.form-row:not(.empty-form)";
  const BUTTON = "inline-order-button";
  const MOVES = [
    { step: -1, label: "Move up" },
    { step: 1, label: "Move down" },
  ];

  const positionOf = (row) => row.querySelector('input[name$="-position"]');

  function rowsOf(group) {
    return Array.from(group.querySelectorAll(ROWS)).filter(positionOf);
  }

  function reorderable(group) {
    return REORDERABLE.some((prefix) => group.id === `${prefix}-group`);
  }

  document.addEventListener("formset:added", (event) => {
    const row = event.target;
    const position = positionOf(row);
    const group = row.closest(".inline-group");
    if (!position || !group) return;
    const others = rowsOf(group)
      .map(positionOf)
      .filter((input) => input !== position && input.value !== "");
    const highest = Math.max(-1, ...others.map((input) => Number(input.value)));
    position.value = String(highest + 1);
    if (reorderable(group)) {
      addButtons(row);
      markEnds(group);
    }
  });

  // A removed new row is gone from the page: the event comes from the document.
  document.addEventListener("formset:removed", () => {
    document.querySelectorAll(".inline-group").forEach((group) => {
      if (reorderable(group)) markEnds(group);
    });
  });

  function addButtons(row) {
    const position = positionOf(row);
    if (!position || row.querySelector(`.${BUTTON}`)) return;
    const tools = document.createElement("span");
    tools.className = "inline-order";
    for (const { step, label } of MOVES) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = BUTTON;
      button.dataset.step = String(step);
      button.textContent = label;
      tools.append(button);
    }
    position.after(tools);
  }

  // The first row cannot go up nor the last down. aria-disabled rather than
  // disabled: a disabled button drops the keyboard focus of whoever just
  // pressed it.
  function markEnds(group) {
    const rows = rowsOf(group);
    rows.forEach((row, index) => {
      for (const button of row.querySelectorAll(`.${BUTTON}`)) {
        const step = Number(button.dataset.step);
        const end = (step < 0 && index === 0) || (step > 0 && index === rows.length - 1);
        button.setAttribute("aria-disabled", String(end));
      }
    });
  }

  // A row's non-field errors sit in a row of their own just above it.
  function withErrors(row) {
    const above = row.previousElementSibling;
    return above && above.classList.contains("row-form-errors") ? [above, row] : [row];
  }

  function move(row, step) {
    const group = row.closest(".inline-group");
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    const other = rows[index + step];
    if (!other) return;
    if (step < 0) {
      withErrors(other)[0].before(...withErrors(row));
    } else {
      other.after(...withErrors(row));
    }
    const renumbered = rowsOf(group);
    renumbered.forEach((each, at) => {
      positionOf(each).value = String(at);
    });
    markEnds(group);
    announce(group, row, renumbered.indexOf(row) + 1, renumbered.length);
  }

  // Screen readers hear where the row went.
  function announce(group, row, place, count) {
    let status = group.querySelector(".inline-order-status");
    if (!status) {
      status = document.createElement("p");
      status.className = "inline-order-status visually-hidden";
      status.setAttribute("role", "status");
      group.append(status);
    }
    const lens = row.querySelector("select");
    const name = lens && lens.value ? lens.selectedOptions[0].text : "Row";
    status.textContent = `${name} moved to position ${place} of ${count}.`;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest(`.${BUTTON}`);
    if (!button || button.getAttribute("aria-disabled") === "true") return;
    move(button.closest("tr"), Number(button.dataset.step));
    // Moving the row takes the focus off the button: give it back, so the
    // key that moved the row can move it again.
    button.focus();
  });

  function start() {
    document.querySelectorAll(".inline-group").forEach((group) => {
      if (!reorderable(group)) return;
      rowsOf(group).forEach(addButtons);
      markEnds(group);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
