import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("No free loopback port"))));
    });
  });
}

/** Runs a command to its end; rejects on a non-zero exit, with the command in the message. */
export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; quiet?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      if (!options.quiet) process.stderr.write(chunk);
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}${options.quiet ? `:\n${err.slice(-2000)}` : ""}`)),
    );
  });
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Holds an flock(1) lock until released: a child `flock <file> cat` keeps it while its stdin is
 * open, so the lock also goes when this process dies and the pipe closes.
 */
export function holdLock(file: string, log: (line: string) => void): Promise<HeldLock> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const waiting = setTimeout(() => log(`Waiting for ${file} (another heavy phase runs on this machine)...`), 1_000);
    const child = spawn("flock", [file, "sh", "-c", "echo locked; exec cat >/dev/null"], { stdio: ["pipe", "pipe", "inherit"] });
    child.once("error", (error) => {
      clearTimeout(waiting);
      reject(error);
    });
    child.stdout.once("data", () => {
      clearTimeout(waiting);
      const waited = Date.now() - started;
      if (waited > 1_000) log(`Got ${file} after ${(waited / 1000).toFixed(0)} s.`);
      resolve({ release: () => stopChild(child, () => child.stdin.end()) });
    });
  });
}

/** Asks a child to stop (SIGTERM by default), then kills it after a grace period. */
export function stopChild(child: ChildProcess, ask: () => void = () => child.kill("SIGTERM"), graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    ask();
  });
}
