// Folded curation tables print open: a printed page cannot be clicked.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.emcart-fold").forEach((d) => { d.open = true; });
});

// Figures whose legend sits below the plot (plotly layout legend.yref "container", y 0): the legend
// is placed just under whatever the axes draw below the plot (tick labels, axis titles, at-risk
// counts), in rows on a wide screen and one entry a line on a narrow one, and the figure grows or
// shrinks by what the legend needs, so that the plot area keeps its size and nothing overlaps.
// A title, axis title or annotation wider than the figure is set smaller.
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
const emcartGrowTop = (gd, update, line) => Object.assign(update, {
  height: gd._fullLayout.height + line, margin: { ...gd._fullLayout.margin, t: gd._fullLayout._size.t + line } });
// On a narrow screen a numeric axis gets fewer ticks, so that its labels need not be turned on end.
const EMCART_NARROW_TICKS = 6;
const emcartNarrowAxes = (gd) => Object.fromEntries(Object.keys(gd._fullLayout)
  .filter((k) => /^[xy]axis\d*$/.test(k) && ["linear", "log", "date"].includes(gd._fullLayout[k].type))
  .map((k) => [k, gd._fullLayout[k]])
  .flatMap(([k, axis]) => {
    if (axis.tickmode === "auto") return axis.nticks === EMCART_NARROW_TICKS ? [] : [[`${k}.nticks`, EMCART_NARROW_TICKS]];
    const ticks = Math.abs(axis.range[1] - axis.range[0]) / axis.dtick;
    return axis.tickmode === "linear" && typeof axis.dtick === "number" && ticks > EMCART_NARROW_TICKS + 2
      ? [[`${k}.dtick`, axis.dtick * Math.ceil(ticks / EMCART_NARROW_TICKS)]] : [];
  }));
// Traces whose text labels beside their markers would reach past the figure's edges or into the axis
// labels: they are drawn without the text (each point's hover still gives it).
const emcartCrowdedText = (gd) => {
  const frame = gd.getBoundingClientRect();
  const left = frame.left + gd._fullLayout._size.l;
  return gd._fullData.map((trace, i) => [trace, i])
    .filter(([trace]) => trace.visible === true && /text/.test(trace.mode || "") && /markers|lines/.test(trace.mode))
    .filter(([trace]) => [...gd.querySelectorAll(`.trace${trace.uid} .textpoint text`)]
      .map((e) => e.getBoundingClientRect()).some((r) => r.width > 0 && (r.right > frame.right - 2 || r.left < left)))
    .map(([, i]) => i);
};
function emcartFit(gd) {
  if (gd.emcartFitting || !gd._fullLayout) return;
  const update = {};
  const width = gd.clientWidth;
  // A title, axis title or annotation (panel title) reaching past the figure's edges is set smaller,
  // about its centre.
  const frame = gd.getBoundingClientRect();
  gd.querySelectorAll(".infolayer [class$='title'], .annotation").forEach((e) => {
    const box = e.getBoundingClientRect();
    const centre = (box.left + box.right) / 2;
    const scale = 2 * Math.min(centre - frame.left - 4, frame.right - 4 - centre) / box.width;
    if (!(box.width > 0) || scale >= 1) return;
    const axis = [...e.classList].map((c) => c.match(/^([xy])(\d*)title$/)).find(Boolean);
    const index = e.dataset.index;
    const [key, font] = e.classList.contains("gtitle") ? ["title.font.size", gd._fullLayout.title.font]
      : axis ? [`${axis[1]}axis${axis[2]}.title.font.size`, gd._fullLayout[`${axis[1]}axis${axis[2]}`].title.font]
      : index !== undefined ? [`annotations[${index}].font.size`, gd._fullLayout.annotations[index].font] : [null, null];
    if (!key) return;
    const text = gd._fullLayout.title.text;
    if (key === "title.font.size" && scale < 0.8 && !text.includes("<br>")) {
      // A long title takes two lines (splitting at the space nearest its middle), the figure one line more.
      const spaces = [...text.matchAll(/ /g)].map((m) => m.index);
      const cut = spaces.reduce((a, b) => (Math.abs(b - text.length / 2) < Math.abs(a - text.length / 2) ? b : a));
      const line = Math.ceil(font.size * 1.3);
      Object.assign(update, { "title.text": `${text.slice(0, cut)}<br>${text.slice(cut + 1)}`,
                              "title.font.size": Math.max(11, Math.floor(font.size * Math.min(1, 1.9 * scale))),
                              "title.y": 1, "title.yref": "container", "title.yanchor": "top", "title.pad.t": 8 });
      emcartGrowTop(gd, update, line);
    } else if (font.size > 9) update[key] = Math.max(9, Math.floor(font.size * scale));
    else if (axis && axis[1] === "x" && !gd._fullLayout[`xaxis${axis[2]}`].title.text.includes("<br>")) {
      // An x-axis title still too wide at the smallest size takes two lines, the figure one line more.
      const title = gd._fullLayout[`xaxis${axis[2]}`].title.text;
      const spaces = [...title.matchAll(/ /g)].map((m) => m.index);
      if (!spaces.length) return;
      const cut = spaces.reduce((a, b) => (Math.abs(b - title.length / 2) < Math.abs(a - title.length / 2) ? b : a));
      const line = Math.ceil(font.size * 1.3);
      Object.assign(update, { [`xaxis${axis[2]}.title.text`]: `${title.slice(0, cut)}<br>${title.slice(cut + 1)}`,
        height: gd._fullLayout.height + line, margin: emcartMargin(gd, gd._fullLayout.margin.b + line) });
    }
  });
  if (gd.clientWidth < EMCART_NARROW) Object.assign(update, emcartNarrowAxes(gd));
  const crowded = emcartCrowdedText(gd);
  const unlabelled = { mode: crowded.map((i) => gd._fullData[i].mode.replace(/\+?text|text\+?/, "")) };
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
  Promise.resolve(crowded.length ? Plotly.restyle(gd, unlabelled, crowded) : null)
    .then(() => (Object.keys(update).length ? Plotly.relayout(gd, update) : null))
    .then(() => { const fit = place(); return fit ? Plotly.relayout(gd, fit) : null; })
    .finally(() => {
      // plotly's HTML gives the figure's box a fixed height: it follows the figure's.
      gd.parentElement.style.height = `${gd._fullLayout.height}px`;
      gd.emcartFitting = false;
      // A figure resized while it was being fitted (plotly's own responsive resize), or changed by this
      // fit (a smaller title may still be too wide), is fitted again: at most three passes in all.
      const changed = gd.clientWidth !== width || crowded.length || Object.keys(update).length;
      gd.emcartPasses = changed ? (gd.emcartPasses || 0) + 1 : 0;
      if (changed && gd.emcartPasses < 3) emcartFit(gd);
      else gd.dataset.emcartSettled = "true";
    });
}
window.addEventListener("load", () => {
  document.querySelectorAll(".js-plotly-plot").forEach((gd) => {
    emcartFit(gd);
    gd.on("plotly_afterplot", () => emcartFit(gd));
  });
});
