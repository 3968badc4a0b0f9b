import { spawn } from "node:child_process";

export interface Lock {
  release(): Promise<void>;
}

/**
 * Takes an flock(1) lock on `file` and holds it until released: a child `flock <file> cat` keeps
 * it while its stdin is open, so the lock is also let go when this process dies. Two benchmarks
 * that both take it never load the machine at the same time.
 */
export function takeLock(file: string, log: (line: string) => void, timeoutMs = 60 * 60_000): Promise<Lock> {
  return new Promise((resolve, reject) => {
    const child = spawn("flock", ["-w", String(Math.ceil(timeoutMs / 1000)), file, "sh", "-c", "echo locked; exec cat >/dev/null"], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    const waiting = setTimeout(() => log(`  waiting for ${file} (another benchmark phase is running)`), 1_000);
    let locked = false;
    child.stdout.on("data", () => {
      if (locked) return;
      locked = true;
      clearTimeout(waiting);
      resolve({
        release: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.stdin.end();
          }),
      });
    });
    child.once("exit", (code) => {
      clearTimeout(waiting);
      if (!locked) reject(new Error(`could not take ${file} (flock exit ${code})`));
    });
    child.once("error", (error) => {
      clearTimeout(waiting);
      reject(error);
    });
  });
}

/** Runs `work` holding the lock when a lock file is given. */
export async function locked<T>(file: string | undefined, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  if (!file) return work();
  const lock = await takeLock(file, log);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}
