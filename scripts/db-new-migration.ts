// `npx tsx scripts/db-new-migration.ts <name>`: writes the next migration for the changes in
// prisma/schema.prisma, as `prisma migrate dev --create-only` would (that command needs Prisma's
// native engine, which some machines cannot download). `--print` shows the SQL without writing.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EMPTY_MIGRATION, pendingMigrationSql } from "./prisma-schema-engine";

const args = process.argv.slice(2);
const printOnly = args.includes("--print");
const name = args.find((a) => !a.startsWith("--"));

async function main(): Promise<number> {
  if (!printOnly && !name?.match(/^[a-z0-9_]+$/)) {
    console.error("Usage: tsx scripts/db-new-migration.ts <name in snake_case> [--print]");
    return 2;
  }
  const root = process.cwd();
  const schema = readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
  const sql = await pendingMigrationSql(schema, path.join(root, "prisma", "migrations"));
  if (sql === EMPTY_MIGRATION) {
    console.log("schema.prisma and prisma/migrations agree: there is nothing to migrate.");
    return 0;
  }
  if (printOnly) {
    console.log(sql);
    return 0;
  }
  const folder = path.join(root, "prisma", "migrations", `${timestamp(new Date())}_${name}`);
  mkdirSync(folder);
  writeFileSync(path.join(folder, "migration.sql"), `${sql}\n`);
  console.log(`Wrote ${path.relative(root, folder)}/migration.sql. Review it, then run npm run db:migrate.`);
  return 0;
}

/** Prisma's folder prefix: the UTC time as yyyyMMddHHmmss. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Could not create the migration: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
