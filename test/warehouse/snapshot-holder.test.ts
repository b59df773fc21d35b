import { join } from "node:path";

import { sql } from "kysely";
import { describe, expect, it } from "vitest";

import { SnapshotHolder, createWarehouse, type Warehouse } from "../../src/warehouse/index.js";
import { rowsOf, withTempDir } from "./warehouse-harness.js";

/** A new warehouse whose single source row is titled `title`. */
async function snapshot(dir: string, title: string): Promise<Warehouse> {
  const warehouse = await createWarehouse(join(dir, `${title}.duckdb`));
  await warehouse.db
    .insertInto("source")
    .values({
      source_id: 1,
      url: "sources/1.pdf",
      title,
      published: "2024",
      is_local: true,
      is_synthetic: false,
    })
    .execute();
  return warehouse;
}

const titleOf = async (warehouse: Warehouse) =>
  (await warehouse.db.selectFrom("source").select("title").executeTakeFirstOrThrow()).title;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("SnapshotHolder", () => {
  it("lets a query in flight on the old warehouse finish while new uses see the new one", () =>
    withTempDir(async (dir) => {
      const holder = new SnapshotHolder(await snapshot(dir, "v1"));
      const leased = deferred();
      const proceed = deferred();
      const inFlight = holder.use(async (warehouse) => {
        leased.resolve();
        await proceed.promise;
        const [row] = await rowsOf(warehouse.db, sql`SELECT sum(i) AS s FROM range(100000000) t(i)`);
        return [await titleOf(warehouse), row];
      });
      await leased.promise;

      let swapped = false;
      const swap = holder.swap(await snapshot(dir, "v2")).then(() => (swapped = true));
      expect(await holder.use(titleOf)).toBe("v2");
      expect(swapped).toBe(false);

      proceed.resolve();
      await expect(inFlight).resolves.toStrictEqual(["v1", { s: 4999999950000000 }]);
      await swap;
      expect(swapped).toBe(true);
      await holder.close();
    }));

  it("closes the old warehouse once its leases drain", () =>
    withTempDir(async (dir) => {
      const old = await snapshot(dir, "v1");
      const holder = new SnapshotHolder(old);
      await holder.swap(await snapshot(dir, "v2"));
      await expect(titleOf(old)).rejects.toThrow("driver has already been destroyed");
      expect(await holder.use(titleOf)).toBe("v2");
      await holder.close();
    }));

  it("waits in close for a query in flight, then refuses new uses", () =>
    withTempDir(async (dir) => {
      const holder = new SnapshotHolder(await snapshot(dir, "v1"));
      const leased = deferred();
      const inFlight = holder.use(async (warehouse) => {
        leased.resolve();
        return rowsOf(warehouse.db, sql`SELECT sum(i) AS s FROM range(200000000) t(i)`);
      });
      await leased.promise;
      await holder.close();
      await expect(inFlight).resolves.toStrictEqual([{ s: 19999999900000000n }]);
      await expect(holder.use(titleOf)).rejects.toThrow("The snapshot holder is closed");
    }));
});
