import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Kysely, RawBuilder } from "kysely";
import { expect } from "vitest";

import {
  createWarehouse,
  openWarehouse,
  type Warehouse,
  type WarehouseOptions,
  type WarehouseTables,
} from "../../src/warehouse/index.js";

/** Runs `fn` with a fresh temporary directory under os.tmpdir(), removed afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "kc-warehouse-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `fn` on a new warehouse file holding every table of the model (createWarehouse), or, with options,
 * on a file created empty and reopened with those options. Closes it and removes the file afterwards.
 */
export async function withWarehouse<T>(
  fn: (warehouse: Warehouse) => Promise<T>,
  options?: WarehouseOptions,
): Promise<T> {
  return withTempDir(async (dir) => {
    const path = join(dir, "warehouse.duckdb");
    let warehouse = await createWarehouse(path);
    if (options) {
      await warehouse.close();
      warehouse = await openWarehouse(path, options);
    }
    try {
      return await fn(warehouse);
    } finally {
      await warehouse.close();
    }
  });
}

/** The rows of one SQL statement, run through the warehouse's Kysely dialect. */
export async function rowsOf(db: Kysely<WarehouseTables>, query: RawBuilder<unknown>): Promise<unknown[]> {
  return (await query.execute(db)).rows;
}

/** Asserts the exact rows (values and JS types) a statement returns. */
export async function expectRows(
  db: Kysely<WarehouseTables>,
  query: RawBuilder<unknown>,
  rows: unknown[],
): Promise<void> {
  expect(await rowsOf(db, query)).toStrictEqual(rows);
}
