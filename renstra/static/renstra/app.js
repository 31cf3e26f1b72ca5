// Keyboard entry: Enter in a row's field saves that row; Tab moves on as usual.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || event.shiftKey) return;
  var field = event.target;
  if (!field.matches || !field.matches("tr[data-row] input")) return;
  var button = field.closest("tr").querySelector("button[data-save-row]");
  if (!button) return;
  event.preventDefault();
  button.click();
});

// After a row is saved, go on to the next row's value; after a refusal, stay on this one.
document.addEventListener("htmx:afterSwap", function (event) {
  var row = event.detail.target;
  if (!row || !row.matches || !row.matches("tr[data-row]")) return;
  row = document.getElementById(row.id) || row;
  var target = row;
  if (!row.classList.contains("has-error")) {
    target = row.nextElementSibling;
    while (target && !target.querySelector("input.value")) target = target.nextElementSibling;
  }
  var field = target && target.querySelector("input.value");
  if (field) field.focus();
});
