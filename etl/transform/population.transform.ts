import type { PopulationTable } from "../../src/warehouse/tables.js";
import type { RawRow } from "../extract/raw-table.js";
import { at, cell, decimal, errorsSince, fail, singleYear, source, warn } from "./row-fields.js";
import type { TransformContext } from "./transform-context.js";

/**
 * A population.csv row as a `population` row, or null when the row has errors. `gso_code` is a province's
 * code or `VN`; the population (thousand persons) must be a positive number. A `name_vi` naming another area
 * than the code is a warning; the code wins.
 */
export function transformPopulationRow(row: RawRow, ctx: TransformContext): PopulationTable | null {
  const before = ctx.issues.length;
  const year = singleYear(ctx, row);
  const code = cell(row, "gso_code");
  let areaId: string | null = null;
  if (code === "") {
    fail(
      ctx,
      row,
      "gso_code",
      code,
      `Empty gso_code ${at(ctx, row, "gso_code")}: write a province's two-digit code or VN.`,
    );
  } else {
    const area = ctx.areas.resolve(code);
    if (
      area === null ||
      area.level === "region" ||
      area.boundary !== "historical" ||
      !/^(\d{1,2}|VN)$/i.test(code)
    ) {
      const hint = ctx.areas.suggest(cell(row, "name_vi") || code, "province");
      fail(ctx, row, "gso_code", code, `Unknown province code "${code}" ${at(ctx, row, "gso_code")}.${hint}`);
    } else {
      areaId = area.area_id;
      const name = cell(row, "name_vi");
      const named = name === "" ? null : ctx.areas.resolve(name);
      if (named !== null && named.area_id !== area.area_id) {
        warn(
          ctx,
          row,
          "name_vi",
          name,
          `Name "${name}" ${at(ctx, row, "name_vi")} is ${ctx.areas.describe(named)}, but gso_code ${code} is ${ctx.areas.describe(area)}; the code is kept.`,
        );
      }
    }
  }
  const population = decimal(ctx, row, "population_thousands", "population", { nonNegative: true });
  if (population !== null && Number(population) === 0) {
    fail(
      ctx,
      row,
      "population_thousands",
      cell(row, "population_thousands"),
      `Bad population "${cell(row, "population_thousands")}" ${at(ctx, row, "population_thousands")}: a population must be above zero.`,
    );
  }
  const sourceId = source(ctx, row);
  if (errorsSince(ctx, before)) return null;
  if (year === null || areaId === null || population === null || sourceId === null) return null;
  return { area_id: areaId, year, population_thousands: Number(population), source_id: sourceId };
}
