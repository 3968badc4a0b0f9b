import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { migrate } from "../server/db/migrate";

/**
 * Prisma's own schema engine, the WebAssembly build that ships with the `prisma` package. Its
 * `diff` is the code behind `prisma migrate diff`, so it answers exactly what `prisma migrate
 * dev` would generate. It reads the database through a driver adapter: no native engine needed.
 * It runs on PGlite only: through @prisma/adapter-pg 7.10 it cannot read PostgreSQL's "char"
 * catalogue columns. The migration SQL is the same for both.
 */
interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
}
interface WasmRuntime {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: unknown, debug: (msg: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
}

export const EMPTY_MIGRATION = "-- This is an empty migration.";

let loaded: WasmRuntime | undefined;

function loadRuntime(): WasmRuntime {
  if (loaded) return loaded;
  const wasmRuntime = runtime as unknown as WasmRuntime;
  const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const file = path.join(path.dirname(glue), "schema_engine_bg.wasm");
  const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
    "./schema_engine_bg.js": runtime as unknown as WebAssembly.ModuleImports,
  });
  wasmRuntime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  loaded = wasmRuntime;
  return loaded;
}

/**
 * The SQL `prisma migrate dev` would generate to bring the given migrations folder up to `schema`,
 * or EMPTY_MIGRATION when they agree. Applies the folder to a throwaway in-memory PGlite first.
 */
export async function pendingMigrationSql(schema: string, migrationsDir?: string): Promise<string> {
  const pglite = await PGlite.create("memory://");
  try {
    await migrate(
      {
        withSession: (fn) =>
          fn({
            exec: async (sql) => void (await pglite.exec(sql)),
            query: async (sql, params) => (await pglite.query(sql, params)).rows as never,
          }),
      },
      { migrationsDir },
    );
    const files = [{ path: "schema.prisma", content: schema }];
    const engine = await loadRuntime().SchemaEngine.new(
      { datamodels: [["schema.prisma", schema]] },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite)),
    );
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").trim();
  } finally {
    await pglite.close();
  }
}
