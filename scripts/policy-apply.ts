// `npm run policy:apply -- policy.json [--note "..."] [--as admin@email] [--dry-run]`: for teams that
// keep the policy as code. Validates the file, prints the diff against the current version, and
// publishes it as a new version as the named admin. `--dry-run` prints the diff and how many recent
// decisions it would change, and writes nothing. Applying the current document again is a no-op.
// Exit codes: 0 published, already current, or dry run; 1 invalid file or refused; 2 could not run.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { getDatabase, type Database } from "../server/db/client";
import type { Prisma } from "../server/db/generated/client";
import { AppError } from "../server/domain/errors";
import { asStoredJson, contentHashOf, validateDocument } from "../server/domain/policy-admin/engine";
import { publishDocument } from "../server/domain/policy-admin/publish";
import { simulateDocument } from "../server/domain/policy-admin/review";
import { diffPolicies } from "../server/domain/policy/diff";
import { findCurrentPolicyVersion } from "../server/domain/policy/store";
import { ConfigError, env } from "../server/env";

const DONE = 0;
const REFUSED = 1;
const CANNOT_RUN = 2;

class Refused extends Error {}
class CannotRun extends Error {}

const USAGE = 'Usage: npm run policy:apply -- policy.json [--note "what changes"] [--as admin@email] [--dry-run]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { note: { type: "string" }, as: { type: "string" }, "dry-run": { type: "boolean", default: false } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CannotRun(USAGE);
  const dryRun = values["dry-run"] === true;
  if (!dryRun && !values.as) throw new Refused(`Name the admin who publishes: --as admin@email.\n${USAGE}`);

  const document = readDocument(file);
  const validation = validateDocument(document);
  if (!validation.ok) {
    console.error(`${file} is not a valid policy (${validation.errors.length} error${validation.errors.length === 1 ? "" : "s"}):`);
    for (const e of validation.errors) console.error(`  ${e.path}: ${e.message} [${e.rule}]`);
    return REFUSED;
  }

  const db = await openConfiguredDatabase();
  try {
    const current = await findCurrentPolicyVersion(db.prisma);
    const hash = contentHashOf(asStoredJson(validation.document));
    if (current && contentHashOf(asStoredJson(current.document)) === hash) {
      console.log(`Policy already current: version ${current.version} (${current.contentHash}). Nothing to publish.`);
      return DONE;
    }
    printDiff(current?.version ?? null, current ? diffPolicies(current.document, validation.document) : []);

    if (dryRun) {
      if (current) {
        const simulation = await simulateDocument(db.prisma, validation.document);
        console.log(`This document changes ${simulation.changedCount} of ${simulation.evaluated} decisions of the last ${simulation.days} days.`);
        for (const c of simulation.changed) console.log(`  ${c.reference}: ${c.what.join("; ")}`);
      }
      console.log("Dry run: nothing was published.");
      return DONE;
    }

    const admin = await db.prisma.user.findUnique({ where: { email: values.as!.toLowerCase() }, select: { id: true, active: true, roles: true } });
    if (!admin || !admin.active) throw new Refused(`--as ${values.as}: no active user has this email.`);
    if (!admin.roles.includes("ADMIN")) throw new Refused(`--as ${values.as}: this user does not have the ADMIN role.`);

    const published = await publishDocument(db.prisma, {
      actorId: admin.id,
      stored: asStoredJson(validation.document) as Prisma.InputJsonObject,
      document: validation.document,
      note: values.note?.trim() || `Applied from ${path.basename(file)}`,
      action: "policy.published",
      auditData: { source: "policy:apply", file: path.basename(file) },
    });
    console.log(`Published policy version ${published.version} (${published.contentHash}).`);
    return DONE;
  } finally {
    await db.close();
  }
}

/** The file's document: an exported file carries it under `document`, a hand-written one is it. */
function readDocument(file: string): unknown {
  if (!existsSync(file)) throw new CannotRun(`No such file: ${file}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Refused(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const exported = parsed as { format?: unknown; document?: unknown } | null;
  return exported?.format === "access-policy" && "document" in exported ? exported.document : parsed;
}

async function openConfiguredDatabase(): Promise<Database> {
  const { DATABASE_URL, PGLITE_DATA_DIR } = env();
  // Opening a PGlite folder that holds no cluster would create one; refuse instead.
  if (!DATABASE_URL && !existsSync(path.join(PGLITE_DATA_DIR, "PG_VERSION"))) {
    throw new CannotRun(`No embedded database in ${path.resolve(PGLITE_DATA_DIR)}. Set DATABASE_URL, or run \`npm run db:migrate\` first.`);
  }
  // A PGlite folder opened by two processes at once gets corrupted: a running portal must be stopped first.
  if (!DATABASE_URL && existsSync(path.join(PGLITE_DATA_DIR, "postmaster.pid"))) {
    throw new CannotRun(
      `The embedded database in ${path.resolve(PGLITE_DATA_DIR)} is open in another process (a running portal?). ` +
        "Stop it and run this again, or import the file in the portal's policy screen.",
    );
  }
  return getDatabase();
}

function printDiff(version: number | null, changes: ReturnType<typeof diffPolicies>): void {
  if (version === null) {
    console.log("No policy is published yet: this file becomes version 1.");
    return;
  }
  console.log(`Changes against version ${version} (${changes.length}):`);
  for (const c of changes) {
    const detail = c.kind === "changed" ? `: ${show(c.before)} -> ${show(c.after)}` : c.kind === "added" ? `: ${show(c.after)}` : "";
    console.log(`  ${c.kind.padEnd(7)} ${c.path}${detail}`);
  }
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof Refused || (error instanceof AppError && error.code !== "INTERNAL")) {
      console.error(error.message);
      process.exit(REFUSED);
    }
    console.error(error instanceof ConfigError || error instanceof CannotRun ? error.message : `policy:apply failed: ${String((error as Error)?.message ?? error)}`);
    process.exit(CANNOT_RUN);
  },
);
