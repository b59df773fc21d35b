import { AREA_LEVEL } from "../../model/index.js";
import { h, replaceChildren } from "./dom.js";
import { notebookApi, type AreaOption } from "./notebook-api.js";

let allAreas: Promise<ReadonlyMap<string, AreaOption>> | undefined;

/** Every area by id, fetched once: the names shown for the ids a notebook holds. */
function areaIndex(): Promise<ReadonlyMap<string, AreaOption>> {
  allAreas ??= notebookApi.searchAreas(null).then(
    (areas) => new Map(areas.map((area) => [area.id, area])),
    () => new Map(),
  );
  return allAreas;
}

/** "province · tỉnh": an area level as the picker shows it beside an id. */
const LEVEL = Object.freeze(
  Object.fromEntries(AREA_LEVEL.terms.map((term) => [term.graphql, `${term.en} · ${term.vi}`])),
) as Readonly<Record<AreaOption["level"], string>>;

function describe(area: AreaOption): string {
  const years =
    area.validFrom === null && area.validTo === null ? "" : ` ${area.validFrom ?? "…"}–${area.validTo ?? ""}`;
  return `${area.id} · ${LEVEL[area.level]}${area.boundary === "MERGED_2025" ? " (2025)" : ""}${years}`;
}

/** Every area by id (the catalog's answer, fetched once); empty when the catalog could not be read. */
export function areaDirectory(): Promise<ReadonlyMap<string, AreaOption>> {
  return areaIndex();
}

/** Figures per area id for the choice being made, or null when unknown (see coverage-hints.ts). */
export type AreaCounts = () => Promise<ReadonlyMap<string, number> | null>;

let pickerCount = 0;

/**
 * A search box over the catalog (`areas(search:)`), so "ha giang" finds Hà Giang: an ARIA combobox with a
 * listbox of matches, arrow keys to move, Enter to choose, Escape to close. `onPick` receives the area id.
 * With `counts`, each match says how many figures the cell's measure has for it, or "no figures".
 */
export function areaSearchBox(label: string, onPick: (id: string) => void, counts?: AreaCounts): HTMLElement {
  const id = `area-picker-${++pickerCount}`;
  const list = h("ul", { id: `${id}-list`, role: "listbox", class: "area-options", hidden: true });
  const input = h("input", {
    id,
    type: "search",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": `${id}-list`,
    "aria-label": label,
    placeholder: "Search · Tìm (ha giang, north…)",
  });
  let options: AreaOption[] = [];
  let active = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;

  const close = (): void => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  };
  const highlight = (index: number): void => {
    active = index;
    list.querySelectorAll("li").forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    if (index >= 0) input.setAttribute("aria-activedescendant", `${id}-option-${index}`);
  };
  const pick = (area: AreaOption): void => {
    input.value = "";
    close();
    onPick(area.id);
  };
  const show = (found: AreaOption[], figures: ReadonlyMap<string, number> | null): void => {
    options = found.slice(0, 30);
    replaceChildren(
      list,
      options.length === 0
        ? h("li", { class: "none", role: "option", "aria-disabled": "true" }, "No match · Không tìm thấy")
        : options.map((area, index) =>
            h(
              "li",
              {
                id: `${id}-option-${index}`,
                role: "option",
                "aria-selected": "false",
                "data-area-id": area.id,
                onmousedown: (event: Event) => {
                  event.preventDefault();
                  pick(area);
                },
              },
              h("span", { class: "name" }, area.name),
              h("small", {}, describe(area)),
              figures === null ? null : coverageNote(figures.get(area.id) ?? 0),
            ),
          ),
    );
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    highlight(options.length > 0 ? 0 : -1);
  };
  const search = (): void => {
    const text = input.value.trim();
    if (text === "") return close();
    const ticket = ++asked;
    Promise.all([notebookApi.searchAreas(text), counts?.().catch(() => null) ?? null]).then(
      ([found, figures]) => ticket === asked && show(found, figures),
      () => ticket === asked && show([], null),
    );
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (list.hidden) return search();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(Math.max(0, Math.min(options.length - 1, active + step)));
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = options[active];
      if (!list.hidden && chosen !== undefined) pick(chosen);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", close);
  return h("div", { class: "area-search" }, input, list);
}

/** "12 figures · số liệu", or "no figures" marked so that the list can set it apart. */
function coverageNote(count: number): HTMLElement {
  return h(
    "small",
    { class: count === 0 ? "coverage no-data" : "coverage", "data-figures": count },
    count === 0 ? "no figures · không có số liệu" : `${count} figure${count === 1 ? "" : "s"} · số liệu`,
  );
}

/** The area's Vietnamese name and id (`Hà Giang (02)`), filled in once the catalog has answered. */
export function areaName(id: string): HTMLElement {
  const element = h("span", { class: "area-name", "data-area-id": id }, id);
  void areaIndex().then((index) => {
    const area = index.get(id);
    if (area !== undefined) element.textContent = `${area.name} (${id})`;
  });
  return element;
}
