import { h } from "./dom.js";

const listening = new WeakSet<HTMLElement>();
let tipCount = 0;

/**
 * Tooltips for a chart drawn by renderChart: every bar and dot there carries an SVG `<title>` with its values
 * ("Heading: value" per line, in the page's number format), and so does a category label cut short. The titles
 * become a tooltip that shows on hover, on a tap (touch has no hover) and when a mark gets keyboard focus (each
 * mark is focusable, named by its values for screen readers); Escape or leaving hides it. The `<title>`s are
 * removed so the browser's own tooltip does not show twice. The text is only ever set as text, never as HTML.
 *
 * Called after every drawing of the chart (`chart`'s SVG is replaced when its width changes); the listeners are
 * added once per chart element.
 */
export function attachChartTips(chart: HTMLElement): void {
  const tip = h("div", { class: "chart-tip", role: "tooltip", id: `chart-tip-${++tipCount}`, hidden: true });
  for (const title of chart.querySelectorAll("svg title")) {
    const mark = title.parentElement;
    if (mark === null) continue;
    const text = title.textContent ?? "";
    title.remove();
    mark.setAttribute("data-tip", text);
    if (mark.tagName.toLowerCase() !== "text") {
      mark.setAttribute("tabindex", "0");
      mark.setAttribute("role", "img");
      mark.setAttribute("aria-label", text.replace(/\n/g, "; "));
    }
  }
  chart.append(tip);
  if (listening.has(chart)) return;
  listening.add(chart);

  const markOf = (target: EventTarget | null): SVGElement | null =>
    target instanceof Element ? target.closest<SVGElement>("[data-tip]") : null;
  chart.addEventListener("pointerover", (event) => {
    const mark = markOf(event.target);
    if (mark !== null && event.pointerType !== "touch") show(chart, mark);
  });
  chart.addEventListener("pointerout", (event) => {
    if (event.pointerType !== "touch" && markOf(event.target) !== markOf(event.relatedTarget)) hide(chart);
  });
  // A tap shows the mark's values and keeps them until another tap, inside or outside the chart.
  chart.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch") return;
    const mark = markOf(event.target);
    if (mark === null) hide(chart);
    else show(chart, mark);
  });
  listenForTapsElsewhere();
  chart.addEventListener("focusin", (event) => {
    const mark = markOf(event.target);
    if (mark !== null) show(chart, mark);
  });
  chart.addEventListener("focusout", () => hide(chart));
  chart.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide(chart);
  });
}

let tapsElsewhere = false;

/** One listener for the page: a tap outside a chart hides that chart's tip (a tap inside is the chart's own). */
function listenForTapsElsewhere(): void {
  if (tapsElsewhere) return;
  tapsElsewhere = true;
  document.addEventListener("pointerdown", (event) => {
    if (event.pointerType !== "touch") return;
    for (const tip of document.querySelectorAll<HTMLElement>(".chart-tip:not([hidden])")) {
      if (!tip.parentElement?.contains(event.target as Node)) tip.hidden = true;
    }
  });
}

function show(chart: HTMLElement, mark: SVGElement): void {
  const tip = chart.querySelector<HTMLElement>(".chart-tip");
  if (tip === null) return;
  tip.textContent = mark.getAttribute("data-tip") ?? "";
  tip.hidden = false;
  mark.setAttribute("aria-describedby", tip.id);
  const box = chart.getBoundingClientRect();
  const at = mark.getBoundingClientRect();
  const half = tip.offsetWidth / 2;
  const center = at.left + at.width / 2 - box.left + chart.scrollLeft;
  const left = Math.min(Math.max(center, half + 4), chart.scrollWidth - half - 4);
  const above = at.top - box.top - tip.offsetHeight - 8;
  tip.style.left = `${left}px`;
  tip.style.top = `${above >= 0 ? above : at.bottom - box.top + 8}px`;
}

function hide(chart: HTMLElement): void {
  const tip = chart.querySelector<HTMLElement>(".chart-tip");
  if (tip !== null) tip.hidden = true;
}
