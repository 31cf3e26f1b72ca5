// Widths and colours computed on the server (bars, report columns, predikat swatches) come as
// data-width / data-colour and are applied through the DOM: the Content-Security-Policy refuses
// inline style attributes but not styles set from the product's own script.
function applyDataStyles(root) {
  if (!root || !root.querySelectorAll) return;
  var nodes = Array.prototype.slice.call(root.querySelectorAll("[data-width], [data-colour]"));
  if (root.matches && root.matches("[data-width], [data-colour]")) nodes.push(root);
  nodes.forEach(function (node) {
    if (node.dataset.width) node.style.width = node.dataset.width;
    if (node.dataset.colour) node.style.backgroundColor = node.dataset.colour;
  });
}
document.addEventListener("DOMContentLoaded", function () { applyDataStyles(document); });
document.addEventListener("htmx:load", function (event) { applyDataStyles(event.detail.elt); });

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

// After a row is saved, go on to the next row's value; after a refusal, stay on the refused
// field. The swapped-in row is read for its error messages, not its class: htmx keeps the old
// row's class on the new one until it settles.
document.addEventListener("htmx:afterSwap", function (event) {
  var row = event.detail.target;
  if (!row || !row.matches || !row.matches("tr[data-row]")) return;
  row = document.getElementById(row.id) || row;
  var field;
  if (row.querySelector(".field-error")) {
    field = row.querySelector("input[aria-invalid=true]") || row.querySelector("input.value");
  } else {
    var next = row.nextElementSibling;
    while (next && !next.querySelector("input.value")) next = next.nextElementSibling;
    field = next && next.querySelector("input.value");
  }
  if (field) field.focus();
});

// Plan tree: open or close every node at once; print with every node open.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-tree]");
  if (!button) return;
  var open = button.getAttribute("data-tree") === "open";
  document.querySelectorAll("#plan-tree details").forEach(function (node) { node.open = open; });
});
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("#plan-tree details:not([open])").forEach(function (node) {
    node.setAttribute("data-print-opened", "");
    node.open = true;
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("#plan-tree details[data-print-opened]").forEach(function (node) {
    node.removeAttribute("data-print-opened");
    node.open = false;
  });
});

// A row the server could not save (5xx, or no connection): say so in the row, keep the input.
function showRowFailure(event, key) {
  var row = event.detail.elt && event.detail.elt.closest("tr[data-row]");
  var sheet = document.getElementById("entry-sheet");
  if (!row || !sheet) return;
  var cell = row.querySelector("input.value");
  var message = row.querySelector(".row-failure");
  if (!message) {
    message = document.createElement("div");
    message.className = "field-error row-failure";
    message.setAttribute("role", "alert");
    (cell ? cell.parentNode : row.lastElementChild).appendChild(message);
  }
  message.textContent = sheet.dataset[key];
  row.classList.add("has-error");
}
document.addEventListener("htmx:responseError", function (event) {
  showRowFailure(event, "errorServer");
});
document.addEventListener("htmx:sendError", function (event) {
  showRowFailure(event, "errorNetwork");
});
