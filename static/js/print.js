// A button marked data-print prints the page (the report); no inline handler, for the CSP.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
