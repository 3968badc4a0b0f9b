#!/usr/bin/env node
// Generates the Prisma client into server/db/generated. `prisma generate` checks that a
// schema engine exists although it does not use it; on machines that cannot download that
// engine we point it at a stand-in that explains the situation if anything does call it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const standIn = fileURLToPath(new URL("./no-schema-engine.mjs", import.meta.url));
const result = spawnSync("npx", ["prisma", "generate"], {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? standIn, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
process.exit(result.status ?? 1);
