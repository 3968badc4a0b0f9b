import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseLocation } from "./databases";

export interface PackResult {
  requested: number;
  tickets: number;
  events: number;
  seconds: number;
  bytes: number;
  baselineRssMb: number;
  peakRssMb: number;
  maxRssMb: number;
  baselineHeapMb: number;
  peakHeapMb: number;
}

const CHILD = path.resolve(import.meta.dirname, "pack-child.ts");

/**
 * Builds an evidence pack of the period holding the latest `tickets` tickets in a child process and returns what it
 * measured. The child is killed when it outlives `timeoutMs`. On PGlite the caller must have
 * closed its own handle on the data folder first: a folder is opened by one process at a time.
 */
export async function benchPack(location: DatabaseLocation, tickets: number, timeoutMs: number): Promise<PackResult> {
  const dir = await mkdtemp(path.join(tmpdir(), "portal-bench-pack-"));
  try {
    const out = path.join(dir, "pack.zip");
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", CHILD, JSON.stringify(location), String(tickets), out], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`evidence pack of ${tickets} tickets: no result after ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const line = stdout.trim().split("\n").pop();
    if (code !== 0 || !line) throw new Error(`evidence pack of ${tickets} tickets failed (exit ${code}): ${stderr.trim().slice(-2000)}`);
    return { requested: tickets, ...(JSON.parse(line) as Omit<PackResult, "requested">) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
