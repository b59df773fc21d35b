import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem, type as osType } from "node:os";

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly os: string;
  readonly node: string;
  readonly duckdbNodeApi: string;
  /** 1-minute load average when the run started: a hint of how busy the shared machine was. */
  readonly loadAverage: number;
}

const packageVersion = (name: string): string => {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

export function machineInfo(): MachineInfo {
  const list = cpus();
  return Object.freeze({
    cpu: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    duckdbNodeApi: packageVersion("@duckdb/node-api"),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  });
}
