import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runEtl } from "../../etl/run-etl.js";
import { writeSyntheticFunding } from "../../etl/synthetic/index.js";

/** A warehouse built by the ETL from generated data, and how to remove it. */
export interface SyntheticWarehouse {
  readonly path: string;
  readonly dataDir: string;
  remove(): Promise<void>;
}

/**
 * `rows` synthetic funding rows (etl/synthetic: 63 provinces × 22 activities × 2 funding sources × 4 stages
 * = 11,088 rows per year from 2008 on, every row its own project) loaded by the real ETL into a fresh temporary
 * folder. 22,176 rows (2008–2009) take a few seconds and give a trend of 11,088 series: as wide as on 1M rows.
 */
export async function buildSyntheticWarehouse(rows: number, seed = 1): Promise<SyntheticWarehouse> {
  const dir = await mkdtemp(join(tmpdir(), "khuyen-cong-synthetic-warehouse-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const dataDir = join(dir, "data");
  const generated = await writeSyntheticFunding({ rows, seed, outDir: dataDir });
  if (!generated.ok) {
    await remove();
    throw new Error(generated.error);
  }
  const path = join(dir, "khuyen-cong.duckdb");
  const report = await runEtl({ dataDir, dbPath: path });
  if (report.status !== "succeeded") {
    await remove();
    throw new Error(`The ETL could not load the synthetic data: ${report.errors[0]?.message ?? "failed"}`);
  }
  return { path, dataDir, remove };
}
