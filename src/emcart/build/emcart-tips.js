/* Cell tips: each link or focusable span of a table cell (or of a value in prose) with a data-tip opens, on hover and on keyboard focus,
   the theme's Bootstrap popover with the tip numbered by its data-tip in the page's JSON
   (#emcart-tips: the texts, and the tips as the numbers of their [title, text, quotations, note]), placed by
   Popper inside the viewport; Escape closes it. The cell itself links to the evidence, so the tip
   holds no control of its own. A touch screen has no hover: there a first tap on a cell shows its tip and
   a second tap on the same cell follows its link. */
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("emcart-tips");
  if (!data || !window.bootstrap) return;
  const {texts, tips} = JSON.parse(data.textContent);
  let touch = false;  // whether the latest press was a finger's
  let tapped = null;  // the cell whose tip a first tap showed
  document.addEventListener("pointerdown", (event) => {
    touch = event.pointerType === "touch";
    if (tapped && !tapped.contains(event.target)) tapped = null;
  }, true);
  for (const cell of document.querySelectorAll("table.emcart-table [data-tip], .emcart-value [data-tip]")) {
    const [t, l, quoted, n] = tips[Number(cell.dataset.tip)];
    const [title, lead, tail] = [texts[t], texts[l], texts[n]];
    const content = [lead, ...quoted.map((q) => texts[q]), tail].filter(Boolean).join("\n");
    new window.bootstrap.Popover(cell, {
      title, content, trigger: "hover focus", placement: "top", container: "body",
      fallbackPlacements: ["bottom", "top"], customClass: "emcart-tip", delay: {show: 150, hide: 100},
      popperConfig: (config) => ({...config, strategy: "fixed", modifiers: [...config.modifiers,
        {name: "preventOverflow", options: {padding: 8}}, {name: "flip", options: {padding: 8}}]}),
    });
    cell.addEventListener("click", (event) => {
      if (!touch || tapped === cell) return;
      event.preventDefault();
      tapped = cell;
      const popover = window.bootstrap.Popover.getInstance(cell);
      popover.show();
      // the focus the tap gave may have shown the tip already, before this click marked it as tapped
      popover.tip?.classList.add("emcart-tapped");
    });
    // A tip shown stays the one shown: Bootstrap's show() would replace it, as a tap's focus, its click and the
    // focus's delayed show each ask for it.
    cell.addEventListener("show.bs.popover", (event) => {
      const shown = window.bootstrap.Popover.getInstance(cell).tip;
      if (shown?.isConnected && shown.classList.contains("show")) event.preventDefault();
    });
    // The tip may be as tall as the larger room above or below its cell, and no taller than the stylesheet allows
    // (on a phone, part of the screen): the placement Popper then flips to keeps it inside the screen, however long
    // the quotation (it scrolls inside the tip, its first words those of the value).
    cell.addEventListener("inserted.bs.popover", () => {
      const popover = window.bootstrap.Popover.getInstance(cell);
      popover.tip.classList.toggle("emcart-tapped", tapped === cell);
      const box = cell.getBoundingClientRect();
      popover.tip.style.maxHeight = "";
      const cap = parseFloat(getComputedStyle(popover.tip).maxHeight) || Infinity;
      const room = Math.max(box.top, window.innerHeight - box.bottom) - 24;
      popover.tip.style.maxHeight = `${Math.min(room, cap)}px`;
      popover.update();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const cell = document.activeElement;
    if (cell && cell.matches("table.emcart-table [data-tip], .emcart-value [data-tip]")) window.bootstrap.Popover.getInstance(cell)?.hide();
  });
});
