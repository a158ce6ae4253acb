// Folded curation tables print open: a printed page cannot be clicked.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.emcart-fold").forEach((d) => { d.open = true; });
});
