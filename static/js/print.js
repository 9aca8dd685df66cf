// The report's Print button: shown only where this script runs (it needs JavaScript).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
