import { openWarehouse } from "./warehouse.js";

/** The schema fingerprint (WAREHOUSE_SCHEMA_HASH) stored in the file at `path`, or null when it has none. */
export async function readSchemaHash(path: string): Promise<string | null> {
  let warehouse;
  try {
    warehouse = await openWarehouse(path, { readOnly: true, poolSize: 1 });
    const row = await warehouse.db.selectFrom("warehouse_meta").select("schema_hash").executeTakeFirst();
    return row?.schema_hash ?? null;
  } catch {
    return null;
  } finally {
    await warehouse?.close();
  }
}
