import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo, startOfUtcDay } from "@/server/db/seed";
import { AppError } from "@/server/domain/errors";
import { policyContentHash } from "@/server/domain/policy/hash";
import type { PolicyDocument } from "@/server/domain/policy/schema";
import { callerFor } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

const DAY = 86_400_000;

let db: TestDatabase;
let admin: ReturnType<typeof callerFor>;
let adminId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma, { now: startOfUtcDay(new Date()) });
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email: "adam.admin@acme.example" } });
  adminId = user.id;
  admin = callerFor(db.prisma, user);
}, 180_000);

afterAll(async () => {
  await db?.drop();
});

async function refusal(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The input field a refusal names (the AppError behind the tRPC error). */
function fieldOf(error: TRPCError): string | undefined {
  return error.cause instanceof AppError ? error.cause.field : undefined;
}

async function currentDocument(): Promise<PolicyDocument> {
  return structuredClone((await admin.policy.current()).document);
}

function withHighRiskWorkflow(doc: PolicyDocument, workflow: string): PolicyDocument {
  const rule = doc.rules.find((r) => r.id === "high-risk")!;
  rule.then.workflow = workflow;
  return doc;
}

describe("policy draft", () => {
  it("starts from the current version", async () => {
    const [draft, current] = await Promise.all([admin.policy.draft(), admin.policy.current()]);
    expect(draft.baseVersion).toBe(1);
    expect(draft.valid).toBe(true);
    expect(policyContentHash(draft.document as PolicyDocument)).toBe(current.contentHash);
  });

  it("saves an invalid draft and names each error's path and rule", async () => {
    const doc = await currentDocument();
    doc.rules[0]!.then = { route: "WORKFLOW", workflow: "no-such-workflow" };
    (doc.ttlCapsHours.humansByRiskTier as Record<string, unknown>).HIGH = -5;
    const saved = await admin.policy.saveDraft({ document: doc });
    expect(saved.valid).toBe(false);
    const paths = saved.errors.map((e) => e.path);
    expect(paths).toContain("ttlCapsHours.humansByRiskTier.HIGH");
    expect(saved.errors.every((e) => e.rule && e.message)).toBe(true);

    // Kept as written, so the work is not lost.
    const again = await admin.policy.draft();
    expect((again.document as PolicyDocument).rules[0]!.then.workflow).toBe("no-such-workflow");
    const validation = await admin.policy.validateDraft();
    expect(validation.valid).toBe(false);
    expect(validation.errors).toEqual(saved.errors);
  });

  it("names the cross-reference that breaks", async () => {
    const doc = await currentDocument();
    doc.rules[0]!.then = { route: "WORKFLOW", workflow: "no-such-workflow" };
    const saved = await admin.policy.saveDraft({ document: doc });
    expect(saved.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: "rules[0].then.workflow" })]));
  });

  it("refuses to publish or simulate an invalid draft, with the errors", async () => {
    const publish = await refusal(admin.policy.publish({ note: "Broken" }));
    expect(publish.code).toBe("BAD_REQUEST");
    expect(publish.message).toMatch(/rules\[0\]\.then\.workflow/);
    const simulate = await refusal(admin.policy.simulateDraft({}));
    expect(simulate.code).toBe("BAD_REQUEST");
    const diff = await admin.policy.diffDraft();
    expect(diff.valid).toBe(false);
    expect(diff.change).toBeNull();
  });

  it("refuses a document that is not an object", async () => {
    const error = await refusal(admin.policy.saveDraft({ document: "rules" }));
    expect(error.code).toBe("BAD_REQUEST");
  });

  it("refuses to save a copy loaded before the draft was saved again, and keeps the newer draft", async () => {
    const loaded = await admin.policy.draft();
    const mine = await currentDocument();
    mine.approvals.delegationAllowed = false;

    // Meanwhile the draft is saved again (another admin, or a suggested pattern drafted).
    const theirs = await currentDocument();
    theirs.requests.justification.minLength = 31;
    const newer = await admin.policy.saveDraft({ document: theirs, basedOn: loaded.updatedAt });
    expect(newer.updatedAt.getTime()).toBeGreaterThan(loaded.updatedAt.getTime());

    const error = await refusal(admin.policy.saveDraft({ document: mine, basedOn: loaded.updatedAt }));
    expect(error.code).toBe("CONFLICT");
    expect(fieldOf(error)).toBe("basedOn");
    expect(error.message).toMatch(/saved again since you loaded it .*Adam/);
    const kept = (await admin.policy.draft()).document as PolicyDocument;
    expect(kept.requests.justification.minLength).toBe(31);
    expect(kept.approvals.delegationAllowed).toBe(true);

    // Based on the newer draft, the same edit is saved.
    const saved = await admin.policy.saveDraft({ document: { ...kept, approvals: { ...kept.approvals, delegationAllowed: false } }, basedOn: newer.updatedAt });
    expect((saved.document as PolicyDocument).approvals.delegationAllowed).toBe(false);
    await admin.policy.saveDraft({ document: await currentDocument() });
  });
});

describe("review of a change", () => {
  it("diffs and simulates a reroute of the high-risk rule against the last 30 days of tickets", async () => {
    const doc = withHighRiskWorkflow(await currentDocument(), "security-review");
    expect((await admin.policy.saveDraft({ document: doc })).valid).toBe(true);

    const diff = await admin.policy.diffDraft();
    expect(diff).toMatchObject({ currentVersion: 1, valid: true, identical: false });
    expect(diff.change!.sections).toEqual(["rules"]);
    expect(diff.changes).toEqual([
      { path: "rules[id=high-risk].then.workflow", kind: "changed", before: "manager-and-owner", after: "security-review" },
    ]);

    const simulation = await admin.policy.simulateDraft({});
    expect(simulation.evaluated).toBeGreaterThan(0);
    expect(simulation.changedCount).toBe(simulation.changed.length);
    expect(simulation.changedCount).toBeGreaterThan(0);
    for (const change of simulation.changed) {
      expect(change.before).toMatchObject({ ruleId: "high-risk", workflowKey: "manager-and-owner" });
      expect(change.after).toMatchObject({ ruleId: "high-risk", workflowKey: "security-review" });
      expect(change.differences).toEqual(["workflowKey"]);
    }

    // The seeded tickets that the high-risk rule routed in the window are among the changes.
    const since = new Date(Date.now() - 30 * DAY);
    const routed = await db.prisma.accessRequest.findMany({
      where: { policyRuleId: "high-risk", submittedAt: { gte: since } },
      select: { number: true },
    });
    expect(routed.length).toBeGreaterThan(0);
    const changedNumbers = new Set(simulation.changed.map((c) => c.number));
    expect(routed.some((r) => changedNumbers.has(r.number))).toBe(true);
    expect(simulation.changed[0]!.reference).toMatch(/\d/);
  });
});

describe("publish and rollback", () => {
  it("publishes a new immutable version with its workflows and an audit event", async () => {
    const published = await admin.policy.publish({ note: "High-risk access goes to security review" });
    expect(published.version).toBe(2);

    const row = await db.prisma.policyVersion.findUniqueOrThrow({ where: { id: published.id } });
    expect(row.contentHash).toBe(published.contentHash);
    expect(policyContentHash(row.document as PolicyDocument)).toBe(row.contentHash);
    expect(row.publishedById).toBe(adminId);

    const workflows = await db.prisma.workflow.findMany({ where: { policyVersionId: row.id }, select: { key: true, stages: true } });
    const doc = row.document as PolicyDocument;
    expect(workflows.map((w) => w.key).sort()).toEqual(doc.workflows.map((w) => w.key).sort());

    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "policy.published", entityId: row.id } });
    expect(event.actorId).toBe(adminId);
    expect(event.data).toMatchObject({
      version: 2,
      contentHash: row.contentHash,
      note: "High-risk access goes to security review",
      previousVersion: 1,
      change: { sections: ["rules"], changeCount: 1, paths: ["changed rules[id=high-risk].then.workflow"] },
    });

    const current = await admin.policy.current();
    expect(current.version).toBe(2);
    const draft = await admin.policy.draft();
    expect(draft.baseVersion).toBe(2);
    expect(draft.behindCurrent).toBe(false);

    const versions = await admin.policy.versions();
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    expect(versions[1]!.ticketCount).toBeGreaterThan(0);
    expect(versions[0]).toMatchObject({ ticketCount: 0, publishedBy: { email: "adam.admin@acme.example" } });
  });

  it("refuses to publish a document identical to the current version", async () => {
    const error = await refusal(admin.policy.publish({ note: "Again" }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/identical to the current version 2/);
    expect(await db.prisma.policyVersion.count()).toBe(2);
    const diff = await admin.policy.diffDraft();
    expect(diff.identical).toBe(true);
  });

  it("gives concurrent publishes distinct versions or a CONFLICT, never a duplicate", async () => {
    await admin.policy.saveDraft({ document: withHighRiskWorkflow(await currentDocument(), "manager-approval") });
    const outcomes = await Promise.allSettled([
      admin.policy.publish({ note: "Race one" }),
      admin.policy.publish({ note: "Race two" }),
      admin.policy.publish({ note: "Race three" }),
    ]);
    const ok = outcomes.filter((o) => o.status === "fulfilled");
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(ok).toHaveLength(1);
    for (const r of refused) expect((r.reason as TRPCError).code).toBe("CONFLICT");
    const versions = await db.prisma.policyVersion.findMany({ select: { version: true }, orderBy: { version: "asc" } });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
  });

  it("rolls back by publishing the older document again as a new version", async () => {
    const v1 = await db.prisma.policyVersion.findUniqueOrThrow({ where: { version: 1 } });
    const rolled = await admin.policy.rollback({ version: 1, note: "Back to the initial policy" });
    expect(rolled.version).toBe(4);
    expect(rolled.contentHash).toBe(v1.contentHash);
    const row = await db.prisma.policyVersion.findUniqueOrThrow({ where: { version: 4 } });
    expect(row.document).toEqual(v1.document);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: "policy.rolled_back", entityId: row.id } });
    expect(event.data).toMatchObject({ version: 4, rolledBackTo: 1, previousVersion: 3, contentHash: v1.contentHash });
    expect((await admin.policy.current()).version).toBe(4);
  });

  it("refuses a rollback to the content already in force, and to a version that does not exist", async () => {
    const current = await admin.policy.current();
    const same = await refusal(admin.policy.rollback({ version: current.version, note: "Twice" }));
    expect(same.code).toBe("CONFLICT");
    expect(same.message).toMatch(/identical to the current version/);
    const missing = await refusal(admin.policy.rollback({ version: 99, note: "Nowhere" }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(fieldOf(missing)).toBe("version");
  });
});

describe("export and import", () => {
  it("round-trips a version through the file format", async () => {
    const file = await admin.policy.export({ version: 2 });
    const parsed = JSON.parse(file.json) as { version: number; contentHash: string; document: PolicyDocument };
    expect(parsed).toMatchObject({ format: "access-policy", version: 2, contentHash: file.contentHash });
    expect(policyContentHash(parsed.document)).toBe(file.contentHash);
    expect(file.filename).toMatch(/^policy-v2-/);

    const draft = await admin.policy.importDraft({ json: file.json });
    expect(draft.valid).toBe(true);
    expect(policyContentHash(draft.document as PolicyDocument)).toBe(file.contentHash);
    const diff = await admin.policy.diffDraft();
    expect(diff.change!.sections).toEqual(["rules"]);
  });

  it("exports the current version when none is named", async () => {
    const current = await admin.policy.current();
    const file = await admin.policy.export({});
    expect(file).toMatchObject({ version: current.version, contentHash: current.contentHash });
  });

  it("refuses a file that is not JSON or not a valid policy, naming the path", async () => {
    const notJson = await refusal(admin.policy.importDraft({ json: "{ nope" }));
    expect(notJson.code).toBe("BAD_REQUEST");
    expect(fieldOf(notJson)).toBe("json");
    expect(notJson.message).toMatch(/not valid JSON/);

    const doc = await currentDocument();
    doc.workflows[0]!.stages[0]!.quorum = 0;
    const invalid = await refusal(admin.policy.importDraft({ json: JSON.stringify(doc) }));
    expect(invalid.code).toBe("BAD_REQUEST");
    expect(invalid.message).toMatch(/workflows\[0\]\.stages\[0\]\.quorum/);
    // The draft still holds the last good import.
    expect((await admin.policy.draft()).valid).toBe(true);
  });
});
