import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { freeLoopbackPort, run, stopChild } from "./processes";

/** Builds the app; the caller holds /tmp/next-build.lock, which every build on this machine takes. */
export async function buildApp(root: string): Promise<void> {
  await run("npx", ["next", "build"], { cwd: root, env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, quiet: true });
}

export interface RunningServer {
  origin: string;
  stop(): Promise<void>;
}

/**
 * `next start` on 127.0.0.1 with demo sign-in on and the job runner off, so only the requests of
 * the load generator use the server. Resolves once the sign-in page answers.
 */
export async function startServer(root: string, databaseEnv: Record<string, string | undefined>, log: (line: string) => void): Promise<RunningServer> {
  const port = await freeLoopbackPort();
  const webhookPort = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...databaseEnv,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    JOBS_DISABLED: "true",
    PORTAL_DEMO_MODE: "true",
    NEXTAUTH_URL: origin,
    NEXTAUTH_SECRET: randomBytes(32).toString("hex"),
    DEMO_WEBHOOK_TARGET_PORT: String(webhookPort),
  };
  if (!databaseEnv.DATABASE_URL) delete env.DATABASE_URL;
  const nextBin = path.join(root, "node_modules", ".bin", "next");
  const child = spawn(nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const stop = () => stopChild(child);
  try {
    await waitUntilServing(origin, child, 120_000);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nServer output:\n${output}`);
  }
  log(`Server: next start on ${origin} (pid ${child.pid}).`);
  return { origin, stop };
}

async function waitUntilServing(origin: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode} before serving`);
    try {
      const response = await fetch(`${origin}/signin`, { signal: AbortSignal.timeout(30_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start did not serve ${origin}/signin within ${timeoutMs / 1000} s`);
}
