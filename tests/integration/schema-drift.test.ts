import { readFileSync } from "node:fs";
import path from "node:path";
import { getDMMF } from "@prisma/internals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDatabaseSchema } from "../helpers/schema-catalogue";
import { compareSchemas, expectedSchema, unsupportedColumns, type SchemaFacts } from "../helpers/schema-compare";
import { EMPTY_MIGRATION, pendingMigrationSql } from "@/scripts/prisma-schema-engine";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const schemaText = readFileSync(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");

let db: TestDatabase;
let actual: SchemaFacts;

beforeAll(async () => {
  db = await createTestDatabase();
  actual = await db.withSession(readDatabaseSchema);
});
afterAll(async () => db?.drop());

async function expectedFrom(schema: string): Promise<SchemaFacts> {
  return expectedSchema(await getDMMF({ datamodel: schema }), schema);
}

/** schema.prisma with one exact piece of text replaced; fails if the text is not there. */
function doctor(schema: string, from: string, to: string): string {
  expect(schema, `the test expects schema.prisma to contain ${from}`).toContain(from);
  return schema.replace(from, to);
}

describe("migrated database vs schema.prisma", () => {
  it("has no drift", async () => {
    const differences = compareSchemas(await expectedFrom(schemaText), actual);
    expect(differences, `prisma/migrations and schema.prisma disagree:\n  ${differences.join("\n  ")}\n`).toEqual([]);
  });

  it("compares every model, column, index and foreign key", async () => {
    const dmmf = await getDMMF({ datamodel: schemaText });
    const count = (prefix: string) => [...actual.keys()].filter((k) => k.startsWith(prefix)).length;
    expect(count("table ")).toBe(dmmf.datamodel.models.length);
    expect(count("enum ")).toBe(dmmf.datamodel.enums.length);
    const scalarFields = dmmf.datamodel.models.flatMap((m) => m.fields.filter((f) => f.kind !== "object"));
    const unsupported = dmmf.datamodel.models.flatMap((m) => unsupportedColumns(schemaText, m.name));
    expect(unsupported.length, "the full-text columns are compared too").toBeGreaterThan(0);
    expect(count("column ")).toBe(scalarFields.length + unsupported.length);
    expect(count("primary key ")).toBe(dmmf.datamodel.models.length);
    expect(count("index ")).toBe(dmmf.datamodel.indexes.filter((i) => i.type !== "id").length);
    const relations = dmmf.datamodel.models.flatMap((m) => m.fields.filter((f) => f.relationFromFields?.length));
    expect(count("foreign key ")).toBe(relations.length);
  });

  it("names a changed schema.prisma in readable differences", async () => {
    let schema = schemaText;
    schema = doctor(schema, "email      String   @unique", "email      String");
    schema = doctor(schema, "title      String?", "title      String\n  nickname   String?");
    schema = doctor(schema, "maxAttempts Int       @default(8)", "maxAttempts Int       @default(9)");
    schema = doctor(schema, "  @@index([department])\n", "");
    schema = doctor(schema, "  AI_AGENT\n", "  AI_AGENT\n  ROBOT\n");
    schema = doctor(schema, `delegator User @relation("Delegator", fields: [delegatorId], references: [id], onDelete: Cascade)`,
      `delegator User @relation("Delegator", fields: [delegatorId], references: [id], onDelete: Restrict)`);
    schema = doctor(schema, "  @@index([status, runAt])", "  @@index([runAt, status])");
    schema = `${schema}\nmodel Extra {\n  id String @id\n}\n`;

    expect(compareSchemas(await expectedFrom(schema), actual)).toEqual([
      `different column "Job"."maxAttempts": schema.prisma says integer NOT NULL DEFAULT 9; the database has integer NOT NULL DEFAULT 8`,
      `different column "User"."title": schema.prisma says text NOT NULL; the database has text`,
      `different enum "NhiType": schema.prisma says ('SERVICE_ACCOUNT', 'WORKLOAD', 'BOT', 'OAUTH_APP', 'AI_AGENT', 'ROBOT'); the database has ('SERVICE_ACCOUNT', 'WORKLOAD', 'BOT', 'OAUTH_APP', 'AI_AGENT')`,
      `different foreign key "Delegation_delegatorId_fkey": schema.prisma says "Delegation" ("delegatorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE; the database has "Delegation" ("delegatorId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE`,
      `missing in the database: column "User"."nickname": text`,
      `missing in the database: index "Job_runAt_status_idx": ON "Job" ("runAt", "status") USING btree`,
      `missing in the database: table "Extra": table`,
      `not in schema.prisma: index "Job_status_runAt_idx": ON "Job" ("status", "runAt") USING btree`,
      `not in schema.prisma: index "User_department_idx": ON "User" ("department") USING btree`,
      `not in schema.prisma: index "User_email_key": UNIQUE ON "User" ("email") USING btree`,
    ]);
  });

  it("names a changed database in readable differences", async () => {
    // DDL is transactional in PostgreSQL: change the database, read it, and roll back.
    const changed = await db.withSession(async (session) => {
      await session.exec("BEGIN");
      try {
        await session.exec(`
          ALTER TABLE "Notification" ALTER COLUMN "body" TYPE VARCHAR(200);
          ALTER TABLE "Notification" ALTER COLUMN "body" DROP NOT NULL;
          ALTER TABLE "Comment" ADD COLUMN "edited" BOOLEAN NOT NULL DEFAULT false;
          ALTER TABLE "Comment" ADD CONSTRAINT "Comment_authorId_check" CHECK (length("authorId") > 0);
          DROP INDEX "Comment_authorId_idx";
          CREATE INDEX "Comment_body_idx" ON "Comment" USING hash ("body");
          ALTER TABLE "ApiToken" ALTER COLUMN "createdAt" DROP DEFAULT;
          CREATE TABLE "Stray" ("id" TEXT PRIMARY KEY);`);
        return await readDatabaseSchema(session);
      } finally {
        await session.exec("ROLLBACK");
      }
    });

    expect(compareSchemas(await expectedFrom(schemaText), changed)).toEqual([
      `different column "ApiToken"."createdAt": schema.prisma says timestamp(3) with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP; the database has timestamp(3) with time zone NOT NULL`,
      `different column "Notification"."body": schema.prisma says text NOT NULL; the database has character varying(200)`,
      `missing in the database: index "Comment_authorId_idx": ON "Comment" ("authorId") USING btree`,
      `not in schema.prisma: column "Comment"."edited": boolean NOT NULL DEFAULT false`,
      `not in schema.prisma: constraint "Comment_authorId_check": "Comment" CHECK ((length("authorId") > 0))`,
      `not in schema.prisma: index "Comment_body_idx": ON "Comment" ("body") USING hash`,
      `not in schema.prisma: table "Stray": table`,
    ]);
    // The rollback restored the migrated schema.
    expect(compareSchemas(await expectedFrom(schemaText), await db.withSession(readDatabaseSchema))).toEqual([]);
  });
});

describe("Prisma's own schema engine", () => {
  // A second, independent opinion: the diff engine behind `prisma migrate dev`, reading a
  // database migrated with prisma/migrations (on PGlite; see scripts/prisma-schema-engine.ts).
  it("finds nothing to migrate, and does see a change to schema.prisma", async () => {
    expect(await pendingMigrationSql(schemaText)).toBe(EMPTY_MIGRATION);
    const doctored = doctor(schemaText, "  @@index([department])\n", "");
    expect(await pendingMigrationSql(doctored)).toBe(`-- DropIndex\nDROP INDEX "User_department_idx";`);
  });
});
