import {
  cellMeasure,
  explainEmptyResult,
  figuresByArea,
  figuresByYear,
  withoutFilter,
  type CellMeasure,
  type Coverage,
} from "../../notebook/fact-coverage.js";
import {
  bindVariables,
  cellsUsingParameter,
  type Notebook,
  type ParameterValues,
  type QueryCell,
} from "../../notebook/index.js";
import { areaDirectory } from "./area-picker.js";
import { notebookApi } from "./notebook-api.js";

/*
 * Coverage in the page: which choices have figures for a cell's measure (beside the area and year pickers), and
 * why a cell's result is empty (under it). Each filter is asked once per page (answers are small: at most 1000
 * preferred figures) and kept, since a snapshot's figures do not change under a page.
 */

const answers = new Map<string, Promise<Coverage>>();

function coverage(measure: CellMeasure): Promise<Coverage> {
  const key = JSON.stringify(measure);
  let answer = answers.get(key);
  if (answer === undefined) {
    answer = notebookApi.coverage(measure.kind, measure.filter);
    answer.catch(() => answers.delete(key));
    answers.set(key, answer);
  }
  return answer;
}

/** The measure of the first cell whose filter uses parameter `name`, without the filter field it sets. */
function measureFor(
  notebook: Notebook,
  values: ParameterValues,
  name: string,
  key: string,
): CellMeasure | undefined {
  for (const id of cellsUsingParameter(notebook, name)) {
    const cell = notebook.cells.find(
      (other): other is QueryCell => other.id === id && other.kind === "graphql",
    );
    if (cell === undefined) continue;
    let variables;
    try {
      variables = bindVariables(cell, values);
    } catch {
      continue;
    }
    const measure = cellMeasure(cell.query, variables);
    if (measure !== undefined) return withoutFilter(measure, key);
  }
  return undefined;
}

/** Figures per area for area parameter `name`'s choices, the other parameters as they are; null if no cell filters by it. */
export async function areaCounts(
  notebook: Notebook,
  values: ParameterValues,
  name: string,
): Promise<ReadonlyMap<string, number> | null> {
  const measure = measureFor(notebook, values, name, "areas");
  return measure === undefined ? null : figuresByArea(await coverage(measure));
}

/**
 * Writes, under each year and year-range input, the years that have figures for its cell's measure with the
 * other parameters as they are: "Figures by year: 2021 1 · 2022 1 · 2024 3", or that there are none.
 */
export async function showYearCoverage(
  panel: HTMLElement,
  notebook: Notebook,
  values: ParameterValues,
): Promise<void> {
  for (const hint of panel.querySelectorAll<HTMLElement>(".coverage-hint[data-coverage-for]")) {
    const measure = measureFor(notebook, values, hint.dataset["coverageFor"]!, "years");
    if (measure === undefined) {
      hint.textContent = "";
      continue;
    }
    let counts;
    try {
      counts = figuresByYear(await coverage(measure));
    } catch {
      hint.textContent = "";
      continue;
    }
    hint.dataset["years"] = [...counts.keys()].join(",");
    hint.textContent =
      counts.size === 0
        ? "No figures in any year for the other choices · Không có số liệu năm nào"
        : `Figures by year · Số liệu theo năm: ${[...counts].map(([year, n]) => `${year} (${n})`).join(", ")}`;
  }
}

/** Sentences saying which filter of the cell emptied its result, and what there is instead; [] when unknown. */
export async function emptyResultReasons(
  cell: QueryCell,
  variables: Readonly<Record<string, unknown>> | null,
): Promise<ReadonlyArray<string>> {
  const measure = cellMeasure(cell.query, variables);
  if (measure === undefined) return [];
  const areas = await areaDirectory();
  return explainEmptyResult(
    measure,
    (kind, filter) => coverage({ kind, filter }),
    (id) => {
      const area = areas.get(id);
      return area === undefined ? id : `${area.name} (${id})`;
    },
  );
}
