import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import * as runtime from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Prisma's own schema engine, the WebAssembly build that ships with the `prisma` package. Its
 * `diff` is the code behind `prisma migrate diff`, so it answers exactly what `prisma migrate
 * dev` would want to change. It reaches the database through a driver adapter, no native engine.
 */
interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
}
interface WasmRuntime {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: unknown, debug: (msg: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
}

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
 * The SQL `prisma migrate dev` would generate to bring the database behind `adapter` to
 * `schema`; "-- This is an empty migration." when they already agree.
 */
export async function prismaMigrationFor(adapter: SqlMigrationAwareDriverAdapterFactory, schema: string): Promise<string> {
  const files = [{ path: "schema.prisma", content: schema }];
  const engine = await loadRuntime().SchemaEngine.new(
    { datamodels: [["schema.prisma", schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
  const result = await engine.diff({
    from: { tag: "schemaDatasource", files, configDir: process.cwd() },
    to: { tag: "schemaDatamodel", files },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return (result.stdout ?? "").trim();
}
