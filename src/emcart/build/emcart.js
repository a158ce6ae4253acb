// Folded curation tables print open: a printed page cannot be clicked.
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.emcart-fold, details.sd-dropdown").forEach((d) => { d.open = true; });
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
// On a narrow screen a legend entry reaching past the legend takes two lines (split at the space nearest
// its middle): plotly does not wrap legend text.
const emcartWrapEntries = (gd) => {
  const bg = gd.querySelector(".legend .bg");
  if (!bg || gd.clientWidth >= EMCART_NARROW) return null;
  const right = Math.min(bg.getBoundingClientRect().right, gd.getBoundingClientRect().right) - 2;
  const wide = [...gd.querySelectorAll(".legend .traces")]
    .filter((e) => e.__data__ && e.__data__[0] && e.__data__[0].trace)
    .filter((e) => e.querySelector("text.legendtext").getBoundingClientRect().right > right)
    .map((e) => e.__data__[0].trace).filter((t) => !String(t.name).includes("<br>") && t.name.includes(" "));
  if (!wide.length) return null;
  const split = (name) => {
    const spaces = [...name.matchAll(/ /g)].map((m) => m.index);
    const cut = spaces.reduce((a, b) => (Math.abs(b - name.length / 2) < Math.abs(a - name.length / 2) ? b : a));
    return `${name.slice(0, cut)}<br>${name.slice(cut + 1)}`;
  };
  return [{ name: wide.map((t) => split(t.name)) }, wide.map((t) => t.index)];
};
// Figures whose y-axis labels name their rows (plotly layout meta.row_labels: for each y tick, "at", the
// height in y units where its label may start, and "room", the y units free above that): on a narrow screen
// the labels, which would take most of the width from the plot, are written over their rows across the
// whole width, and the plot grows until each has its room; on a wide screen the axis labels come back.
const EMCART_LABEL_LINE = 15;
// Lines joined again (a line broken after a hyphen joins without a space), then wrapped at ``chars``.
const emcartUnwrap = (lines) => lines.reduce((text, line) => (text.endsWith("-") ? text + line : `${text} ${line}`));
const emcartWrap = (text, chars) => text.split(" ").reduce((lines, word) => {
  const last = lines[lines.length - 1];
  if (last && `${last} ${word}`.length <= chars) lines[lines.length - 1] = `${last} ${word}`;
  else lines.push(word);
  return lines;
}, []);
const emcartRowLabels = (gd) => {
  const rows = gd.layout.meta && gd.layout.meta.row_labels;
  const narrow = gd.clientWidth < EMCART_NARROW;
  if (!rows || narrow === Boolean(gd.emcartRows)) return {};
  if (!narrow) {
    const saved = gd.emcartRows;
    gd.emcartRows = null;
    gd.emcartPlot = saved.plot;
    const { plot, ...layout } = saved;
    return { ...layout, margin: { ...gd._fullLayout.margin, l: saved.margin.l } };
  }
  const full = gd._fullLayout;
  const axis = full.yaxis;
  gd.emcartRows = { "yaxis.showticklabels": true, "yaxis.range": [...axis.range], height: full.height,
                    annotations: [...(gd.layout.annotations || [])], margin: { ...full.margin } };
  const chars = Math.floor((gd.clientWidth - 30) / 7.2);
  const labels = axis.ticktext.map((t) => emcartWrap(emcartUnwrap(String(t).split("<br>")), chars));
  const needed = labels.map((lines) => lines.length * EMCART_LABEL_LINE + 8);
  const span = axis.range[1] - axis.range[0];
  const perUnit = Math.max(full._size.h / span, ...needed.map((px, i) => px / rows.room[i]));
  const top = Math.max(axis.range[1], ...needed.map((px, i) => rows.at[i] + px / perUnit));
  const plot = Math.ceil(perUnit * (top - axis.range[0]));
  const height = full.height - full._size.h + plot;
  gd.emcartRows.plot = gd.emcartPlot;
  gd.emcartPlot = plot;
  const annotations = labels.map((lines, i) => ({
    text: lines.join("<br>"), x: 0, xref: "paper", xanchor: "left", y: rows.at[i], yref: "y", yanchor: "bottom",
    align: "left", showarrow: false, font: { size: 12 } }));
  return { "yaxis.showticklabels": false, "yaxis.range": [axis.range[0], top], height,
           annotations: [...gd.emcartRows.annotations, ...annotations], margin: { ...full.margin, l: 16 } };
};
function emcartFit(gd) {
  if (gd.emcartFitting || !gd._fullLayout) return;
  const update = {};
  const width = gd.clientWidth;
  if (gd.emcartPlot === undefined) gd.emcartPlot = gd._fullLayout._size.h;
  // A title, axis title or annotation (panel title) reaching past the figure's edges is set smaller,
  // about its centre.
  const frame = gd.getBoundingClientRect();
  gd.querySelectorAll(".infolayer [class$='title'], .annotation").forEach((e) => {
    const box = e.getBoundingClientRect();
    const centre = (box.left + box.right) / 2;
    const scale = 2 * Math.min(centre - frame.left - 4, frame.right - 4 - centre) / box.width;
    if (!(box.width > 0) || scale >= 1) return;
    if (e.classList.contains("gtitle-subtitle")) {
      // A subtitle (a note under the title) is wrapped to shorter lines, the figure a line taller for each added.
      const sub = gd._fullLayout.title.subtitle;
      const lines = sub.text.split("<br>");
      const wrapped = emcartWrap(emcartUnwrap(lines), Math.floor(Math.max(...lines.map((l) => l.length)) * scale * 0.95));
      update["title.subtitle.text"] = wrapped.join("<br>");
      emcartGrowTop(gd, update, (wrapped.length - lines.length) * Math.ceil(sub.font.size * 1.3));
      return;
    }
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
                              "title.y": 1, "title.yref": "container", "title.yanchor": "top", "title.pad.t": 8 + line });
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
  const rows = emcartRowLabels(gd);
  if (rows.height && update.height) rows.height += update.height - gd._fullLayout.height;
  if (rows.margin && update.margin) rows.margin = { ...update.margin, l: rows.margin.l };
  Object.assign(update, rows);
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
    // The plot area as first drawn (plotly may since have squeezed it to make room for a tall legend).
    const plot = gd.emcartPlot;
    if (Math.abs(bottom - size.b) < 3 && Math.abs(plot - size.h) < 3) return null;
    return { height: size.t + plot + bottom, margin: emcartMargin(gd, bottom) };
  };
  gd.emcartFitting = true;
  Promise.resolve(crowded.length ? Plotly.restyle(gd, unlabelled, crowded) : null)
    .then(() => (Object.keys(update).length ? Plotly.relayout(gd, update) : null))
    .then(() => { const wrap = emcartWrapEntries(gd); return wrap ? Plotly.restyle(gd, ...wrap) : null; })
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

// Tables a reader sorts and filters (marked data-facets by emcart.presentation.tables): each heading
// becomes a sort button (numbers by value, text by locale, empty cells last), a labelled select per facet
// (the rows' data-facet-* values, chosen by a link's query too) and a text filter hide the rows that do not
// match, and a live region says how many rows are shown. Printing shows every row and hides the controls (emcart.css).
const emcartCollator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
const emcartNumber = (text) => parseFloat(text.replace(/[,\s]/g, "").replace("−", "-"));
function emcartSort(table, column) {
  const th = table.tHead.rows[0].cells[column];
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  [...table.tHead.rows[0].cells].forEach((h) => h.setAttribute("aria-sort", "none"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const value = th.classList.contains("num") ? emcartNumber : (text) => text;
  const compare = th.classList.contains("num") ? (a, b) => a - b : emcartCollator.compare;
  const rows = [...table.tBodies[0].rows].map((row) => ({ row, text: row.cells[column].textContent.trim() }));
  rows.sort((a, b) => {
    const order = !a.text || !b.text ? !a.text - !b.text
      : (ascending ? 1 : -1) * compare(value(a.text), value(b.text));
    return order || a.row.dataset.emcartOrder - b.row.dataset.emcartOrder;
  });
  table.tBodies[0].append(...rows.map((r) => r.row));
}
function emcartFilter(table, controls, count) {
  const wanted = [...controls.querySelectorAll("select")].map((s) => [s.dataset.facet, s.value]);
  const words = controls.querySelector("input").value.trim().toLocaleLowerCase();
  const rows = [...table.tBodies[0].rows];
  let shown = 0;
  rows.forEach((row) => {
    const keep = wanted.every(([facet, v]) => !v || row.getAttribute(`data-facet-${facet}`) === v)
      && (!words || row.textContent.toLocaleLowerCase().includes(words));
    row.classList.toggle("emcart-filtered-out", !keep);
    shown += keep;
  });
  count.textContent = `${shown} of ${rows.length} rows shown`;
}
function emcartControl(id, text, field) {
  const label = document.createElement("label");
  label.htmlFor = field.id = id;
  label.textContent = text;
  const wrap = document.createElement("span");
  wrap.append(label, field);
  return wrap;
}
function emcartExplore(table) {
  const rows = [...table.tBodies[0].rows];
  rows.forEach((row, i) => { row.dataset.emcartOrder = i; });
  const controls = document.createElement("div");
  controls.className = "emcart-explore";
  controls.setAttribute("role", "group");
  controls.setAttribute("aria-label", `Filter: ${table.caption ? table.caption.textContent : table.id}`);
  table.dataset.facets.split(" ").forEach((facet) => {
    const values = rows.map((row) => row.getAttribute(`data-facet-${facet}`));
    const select = document.createElement("select");
    select.dataset.facet = facet;
    select.append(new Option(`all (${rows.length})`, ""), ...[...new Set(values)].sort(emcartCollator.compare)
      .map((v) => new Option(`${v} (${values.filter((w) => w === v).length})`, v)));
    controls.append(emcartControl(`${table.id}-${facet}`, facet[0].toUpperCase() + facet.slice(1), select));
  });
  const words = document.createElement("input");
  words.type = "search";
  controls.append(emcartControl(`${table.id}-words`, "Search", words));
  const count = document.createElement("p");
  count.className = "emcart-explore-count";
  count.setAttribute("aria-live", "polite");
  controls.append(count);
  controls.addEventListener("input", () => emcartFilter(table, controls, count));
  (table.closest(".emcart-table-scroll") || table).before(controls);
  [...table.tHead.rows[0].cells].forEach((th, k) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "emcart-sort";
    button.append(...th.childNodes);
    th.append(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", () => emcartSort(table, k));
  });
  // A link may choose the filters: '?audit-all-status=mismatch#audit-all' (a parameter named after its select's
  // id); a value the table does not hold is ignored.
  const chosen = new URLSearchParams(window.location.search);
  controls.querySelectorAll("select").forEach((s) => {
    if ([...s.options].some((o) => o.value && o.value === chosen.get(s.id))) s.value = chosen.get(s.id);
  });
  emcartFilter(table, controls, count);
}
// On a phone a book table wider than its box is a list of cards, one per row (emcart.css: table.emcart-cards), each
// cell a line led by its column's heading, the cell naming the row (the first, or the column marked row-name) the
// card's heading; a table that fits its box stays a table. Every cell carries the words of its column's headings
// (each heading row's, a grouped heading's too), and the roles keep the table a table for assistive technology when
// its rows are laid out as blocks.
function emcartHeadings(table) {
  // The heading rows as a grid of words, a heading spanning rows or columns written in each place it covers.
  const grid = [...table.tHead.rows].map(() => []);
  [...table.tHead.rows].forEach((row, r) => {
    let k = 0;
    [...row.cells].forEach((th) => {
      while (grid[r][k] !== undefined) k += 1;
      for (let down = r; down < Math.min(r + th.rowSpan, grid.length); down += 1) {
        for (let across = k; across < k + th.colSpan; across += 1) grid[down][across] = th.textContent.trim();
      }
    });
  });
  const columns = Math.max(...grid.map((words) => words.length));
  const headings = Array.from({length: columns}, (_, k) => [...new Set(grid.map((words) => words[k]).filter(Boolean))]
    .join(" – "));
  table.setAttribute("role", "table");
  [...table.rows].forEach((row) => {
    row.setAttribute("role", "row");
    [...row.cells].forEach((cell) => {
      cell.setAttribute("role", cell.tagName === "TH" ? "columnheader" : "cell");
      if (cell.tagName === "TD") cell.dataset.heading = headings[cell.cellIndex];
    });
  });
}
// Whether a table would fit is measured as a table, in its scroll box, on a phone's screen: at load, when the
// screen's width changes and when a folded table opens (a table a reader sorts and filters has cards of its own).
const emcartPhone = window.matchMedia("screen and (max-width: 575.98px)");
let emcartWidth = 0;
function emcartCards() {
  emcartWidth = window.innerWidth;
  const tables = [...document.querySelectorAll("table.emcart-table:not([data-facets])")];
  tables.forEach((table) => table.classList.remove("emcart-cards"));
  if (!emcartPhone.matches) return;
  tables.filter((table) => {
    const box = table.closest(".emcart-table-scroll") || table.parentElement;
    return box.scrollWidth > box.clientWidth + 1;
  }).forEach((table) => table.classList.add("emcart-cards"));
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("table.emcart-table").forEach(emcartHeadings);
  document.querySelectorAll("table.emcart-table[data-facets]").forEach(emcartExplore);
  emcartCards();
});
window.addEventListener("load", emcartCards);
window.addEventListener("resize", () => { if (window.innerWidth !== emcartWidth) emcartCards(); });
document.addEventListener("toggle", (e) => { if (e.target.querySelector("table.emcart-table")) emcartCards(); }, true);
