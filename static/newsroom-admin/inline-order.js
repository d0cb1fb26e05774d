/*
 * A byline or analysis row added with "Add another" takes the next position,
 * so rows keep the order they were added in without the editor renumbering
 * them. Without this script the server still appends rows that share a
 * position in the order they were added.
 */
"use strict";
document.addEventListener("formset:added", (event) => {
  const row = event.target;
  const position = row.querySelector('input[name$="-position"]');
  const group = row.closest(".inline-group");
  if (!position || !group) return;
  const others = Array.from(
    group.querySelectorAll('tr.form-row:not(.empty-form) input[name$="-position"]'),
  ).filter((input) => input !== position && input.value !== "");
  const highest = Math.max(-1, ...others.map((input) => Number(input.value)));
  position.value = String(highest + 1);
});
