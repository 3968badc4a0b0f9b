import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, startOfUtcDay } from "@/server/db/seed";
import { policyContentHash } from "@/server/domain/policy/hash";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import { getCurrentPolicy } from "@/server/domain/policy/store";
import { createTestDatabase, onPostgres, type TestDatabase } from "@/tests/helpers/test-db";

const root = path.resolve(import.meta.dirname, "../..");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run policy:apply -- <args>` as a team's pipeline runs it, against the database at `url`. */
function runApply(url: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "npx",
      ["tsx", "scripts/policy-apply.ts", ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: url }, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

// Each case starts `npx tsx` and opens the database in a child process: allow for a busy machine.
const CHILD_TIMEOUT = 120_000;

// A child process cannot reach an in-memory PGlite database, so this runs against PostgreSQL only.
describe.skipIf(!onPostgres)("npm run policy:apply", { timeout: CHILD_TIMEOUT }, () => {
  let db: TestDatabase;
  let dir: string;
  let url: string;
  let valid: string;
  let invalid: string;
  let changed: PolicyDocument;

  beforeAll(async () => {
    db = await createTestDatabase();
    url = db.url!;
    await seedDemo(db.prisma, { now: startOfUtcDay(new Date()) });
    dir = await mkdtemp(path.join(tmpdir(), "portal-policy-apply-"));
    changed = structuredClone((await getCurrentPolicy(db.prisma)).document);
    changed.rules.find((r) => r.id === "high-risk")!.then.workflow = "security-review";
    valid = path.join(dir, "policy.json");
    await writeFile(valid, JSON.stringify(changed, null, 2));
    const broken = structuredClone(changed);
    broken.rules.find((r) => r.id === "default")!.then.workflow = "nowhere";
    invalid = path.join(dir, "broken.json");
    await writeFile(invalid, JSON.stringify(broken));
  }, 180_000);

  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses an invalid file with exit 1, naming the path and the rule", async () => {
    const run = await runApply(url, [invalid, "--as", "adam.admin@acme.example"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/rules\[\d+\]\.then\.workflow: .* \[[a-z-]+\]/);
    expect(await db.prisma.policyVersion.count()).toBe(1);
  });

  it("refuses to publish without --as, and as someone who is not an admin", async () => {
    const anonymous = await runApply(url, [valid]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toContain("--as admin@email");
    const requester = await runApply(url, [valid, "--as", "riley.requester@acme.example"]);
    expect(requester.code).toBe(1);
    expect(requester.stderr).toContain("does not have the ADMIN role");
    expect(await db.prisma.policyVersion.count()).toBe(1);
  });

  it("prints the diff and the simulation on a dry run, and writes nothing", async () => {
    const run = await runApply(url, [valid, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Changes against version 1 (1):");
    expect(run.stdout).toContain('changed rules[id=high-risk].then.workflow: "manager-and-owner" -> "security-review"');
    expect(run.stdout).toMatch(/This document changes [1-9]\d* of \d+ decisions of the last 30 days\./);
    expect(run.stdout).toContain("Dry run: nothing was published.");
    expect(await db.prisma.policyVersion.count()).toBe(1);
  });

  it("publishes a valid file as a new version, then says it is already current", async () => {
    const run = await runApply(url, [valid, "--as", "adam.admin@acme.example", "--note", "Policy as code: high risk to security"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const v2 = await db.prisma.policyVersion.findUniqueOrThrow({ where: { version: 2 }, include: { workflows: true } });
    expect(run.stdout).toContain(`Published policy version 2 (${v2.contentHash}).`);
    expect(v2.contentHash).toBe(policyContentHash(changed));
    expect(v2.note).toBe("Policy as code: high risk to security");
    expect(v2.workflows).toHaveLength(changed.workflows.length);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "policy.published", entityId: v2.id } });
    expect(event.data).toMatchObject({ version: 2, source: "policy:apply", file: "policy.json" });

    const again = await runApply(url, [valid, "--as", "adam.admin@acme.example"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already current: version 2");
    expect(await db.prisma.policyVersion.count()).toBe(2);
  });
});
