// Folded curation tables print open: a printed page cannot be clicked.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.emcart-fold").forEach((d) => { d.open = true; });
});

// Figures whose legend sits below the plot (plotly layout legend.yref "container", y 0): the legend
// is placed just under whatever the axes draw below the plot (tick labels, axis titles, at-risk
// counts), in rows on a wide screen and one entry a line on a narrow one, and the figure grows or
// shrinks by what the legend needs, so that the plot area keeps its size and nothing overlaps.
// A title wider than the figure is set smaller.
const EMCART_NARROW = 600;
const emcartBelow = (gd) => {
  const legend = gd.layout && gd.layout.legend;
  return legend && legend.yref === "container" && legend.y === 0;
};
const emcartBottom = (gd, top) => Math.max(...[...gd.querySelectorAll(
  ".main-svg .xaxislayer-above, .main-svg .infolayer > g:not(.legend), .main-svg .nsewdrag")]
  .map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0).map((r) => r.bottom - top));
// The whole margin at once: plotly fails ("axis scaling") on a height and a "margin.b" changed together.
const emcartMargin = (gd, b) => ({ ...gd._fullLayout.margin, b });
function emcartFit(gd) {
  if (gd.emcartFitting || !gd._fullLayout) return;
  const update = {};
  const title = gd.querySelector(".gtitle");
  const size = gd._fullLayout.title.font.size;
  if (title && title.getBoundingClientRect().width > gd.clientWidth - 10 && size > 11) {
    update["title.font.size"] = Math.max(11, Math.floor(size * (gd.clientWidth - 10) / title.getBoundingClientRect().width));
  }
  if (emcartBelow(gd)) {
    // One entry a line: each entry as wide as the legend (a vertical legend as wide as its longest
    // entry would push the plot away).
    const entrywidth = gd.clientWidth < EMCART_NARROW ? gd.clientWidth - 50 : null;
    if ((gd.layout.legend.entrywidth || null) !== entrywidth) {
      Object.assign(update, { "legend.entrywidth": entrywidth, "legend.entrywidthmode": "pixels" });
    }
  }
  const place = () => {
    if (!emcartBelow(gd)) return null;
    const box = gd.querySelector(".legend .bg");
    if (!box) return null;
    const top = gd.getBoundingClientRect().top;
    const size = gd._fullLayout._size;
    const bottom = Math.ceil(emcartBottom(gd, top) - size.t - size.h + box.getBoundingClientRect().height + 24);
    if (Math.abs(bottom - size.b) < 3) return null;
    return { height: size.t + size.h + bottom, margin: emcartMargin(gd, bottom) };
  };
  gd.emcartFitting = true;
  Promise.resolve(Object.keys(update).length ? Plotly.relayout(gd, update) : null)
    .then(() => {
      const fit = place();
      // plotly's HTML gives the figure's box a fixed height: it follows the figure's.
      if (fit) gd.parentElement.style.height = `${fit.height}px`;
      return fit ? Plotly.relayout(gd, fit) : null;
    })
    .finally(() => { gd.emcartFitting = false; gd.dataset.emcartSettled = "true"; });
}
window.addEventListener("load", () => {
  document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
    emcartFit(gd);
    gd.on("plotly_afterplot", () => emcartFit(gd));
  });
});
