// `npm start`: checks the configuration, builds the app when the build is missing or older
// than the sources, then serves it. Without DATABASE_URL it runs the embedded demo: PGlite
// under .data/ and the demo organisation seeded on first start (see server/db/bootstrap.ts).
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ConfigError, parseEnv } from "../server/env";
import { buildIsStale } from "./build-stale";

const root = path.resolve(import.meta.dirname, "..");
const port = process.env.PORT ?? "3000";
const childEnv: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? "1",
  NEXT_MANUAL_SIG_HANDLE: "true",
  PORTAL_DEMO_MODE: process.env.PORTAL_DEMO_MODE ?? (process.env.DATABASE_URL ? "false" : "true"),
  NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
};

try {
  parseEnv(childEnv);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const stale = buildIsStale(root);

if (stale) {
  console.log("Building the portal (first start or changed sources)...");
  const build = spawnSync("npx", ["next", "build"], { cwd: root, stdio: "inherit", env: childEnv });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn("npx", ["next", "start", "-p", port], { cwd: root, stdio: "inherit", env: childEnv });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
