import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { PhaseResult } from "./phase-result.js";

export interface SpawnPhaseOptions {
  readonly phase: PhaseResult["phase"];
  readonly dataDir: string;
  readonly dbPath: string;
  /** Node flags for the child, e.g. --cpu-prof. */
  readonly nodeFlags?: ReadonlyArray<string>;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/** A phase's result, or what was seen of it before it timed out or crashed. */
export interface SpawnedPhase {
  readonly result: PhaseResult | null;
  readonly timedOut: boolean;
  readonly wallSeconds: number;
  /** The child's high-water mark as polled from /proc (bytes): known even when the child is killed. */
  readonly polledPeakRssBytes: number;
  readonly lastLines: ReadonlyArray<string>;
  readonly exitCode: number | null;
}

const PHASE_SCRIPT = new URL("./etl-phase.ts", import.meta.url).pathname;

async function highWaterMark(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Runs one phase in a fresh Node process (`node --import tsx bench/etl-phase.ts`), streaming its stderr to
 * `log`, polling its peak RSS every 250 ms, and stopping it with SIGTERM (then SIGKILL) after `timeoutMs`.
 */
export function spawnPhase(options: SpawnPhaseOptions): Promise<SpawnedPhase> {
  const args = [
    ...(options.nodeFlags ?? []),
    "--import",
    "tsx",
    PHASE_SCRIPT,
    "--phase",
    options.phase,
    "--data",
    options.dataDir,
    "--db",
    options.dbPath,
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const lastLines: string[] = [];
  let result: PhaseResult | null = null;
  let peak = 0;
  let timedOut = false;

  createInterface({ input: child.stderr }).on("line", (line) => {
    options.log(line);
    lastLines.push(line);
    if (lastLines.length > 12) lastLines.shift();
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line.startsWith("RESULT ")) result = JSON.parse(line.slice("RESULT ".length)) as PhaseResult;
    else options.log(line);
  });
  const poll = setInterval(() => {
    if (child.pid !== undefined) void highWaterMark(child.pid).then((b) => (peak = Math.max(peak, b)));
  }, 250);
  const timer = setTimeout(() => {
    timedOut = true;
    options.log(
      `timed out after ${(options.timeoutMs / 60_000).toFixed(0)} min: stopping the ${options.phase} phase`,
    );
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 30_000).unref();
  }, options.timeoutMs);

  return new Promise((resolve) => {
    child.on("close", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        result,
        timedOut,
        wallSeconds: (performance.now() - t0) / 1000,
        polledPeakRssBytes: peak,
        lastLines,
        exitCode: code,
      });
    });
  });
}
