import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/domain/errors";
import { defaultPolicyDocument } from "@/server/domain/policy/default-document";
import type { PolicyDocument, WorkflowStage } from "@/server/domain/policy/schema";
import { resolveApprovers, type ApprovalFacts } from "@/server/domain/workflow/resolve-approvers";
import { createUser, type TestUser } from "@/tests/helpers/api-fixtures";
import { createTestDatabase, type TestDatabase } from "@/tests/helpers/test-db";

/** Separation of duties at submit, on crafted people and workflows. */
let db: TestDatabase;
let boss: TestUser;
let owner: TestUser;
let backup: TestUser;
let requester: TestUser;
let reviewer: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  db = await createTestDatabase();
  boss = await createUser(db.prisma, { name: "Big Boss", roles: ["APPROVER"] });
  owner = await createUser(db.prisma, { name: "Nhi Owner", roles: ["APPROVER", "REQUESTER"] });
  backup = await createUser(db.prisma, { name: "Backup Owner", roles: ["APPROVER"] });
  requester = await createUser(db.prisma, { name: "Plain Requester", roles: ["REQUESTER"] });
  reviewer = await createUser(db.prisma, { name: "Security Reviewer", roles: ["APPROVER"] });
  stranger = await createUser(db.prisma, { name: "No Approver Role", roles: ["REQUESTER"] });
  await db.prisma.user.update({ where: { id: owner.id }, data: { managerId: boss.id } });
  await db.prisma.user.update({ where: { id: requester.id }, data: { managerId: owner.id } });
});

afterAll(async () => {
  await db?.drop();
});

function documentWith(stages: WorkflowStage[]): PolicyDocument {
  const doc = defaultPolicyDocument();
  return { ...doc, groups: { ...doc.groups, reviewers: { description: "Crafted", members: [reviewer.email] } }, workflows: [{ key: "crafted", name: "Crafted workflow", stages }] };
}

const nhiFacts = (over: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
  requesterId: requester.id,
  subject: { kind: "NHI", userId: null, ownerId: owner.id, backupOwnerId: backup.id },
  systemOwnerId: owner.id,
  sponsorId: null,
  riskTier: "HIGH",
  ...over,
});

const stage = (over: Partial<WorkflowStage>): WorkflowStage => ({ name: "Stage", approvers: { type: "resource_owner" }, quorum: 1, slaHours: 24, ...over });

describe("resolveApprovers", () => {
  it("never lets an NHI's owner be the only approver of its high-risk access", async () => {
    const doc = documentWith([stage({ name: "Owner", approvers: { type: "nhi_owner" }, escalateTo: { type: "users", emails: [reviewer.email] } })]);
    const [only] = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts());
    expect(only!.approvers.map((a) => a.id)).toEqual([reviewer.id]);
    expect(only!.note).toMatch(/only approvers/);
    // At or below the policy's tier, the owner may decide alone.
    const [low] = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts({ riskTier: "MEDIUM" }));
    expect(low!.approvers.map((a) => a.id)).toEqual([owner.id]);
  });

  it("counts the backup owner as an owner: owner then backup owner is still only the owners", async () => {
    const doc = documentWith([
      stage({ name: "Owner", approvers: { type: "nhi_owner" }, escalateTo: { type: "users", emails: [reviewer.email] } }),
      stage({ name: "Backup", approvers: { type: "users", emails: [backup.email] } }),
    ]);
    const stages = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts());
    expect(stages.map((s) => s.approvers.map((a) => a.id))).toEqual([[reviewer.id], [backup.id]]);
  });

  it("refuses, naming the stage, when the owner would decide alone and nobody else can", async () => {
    const doc = documentWith([stage({ name: "Owner only", approvers: { type: "nhi_owner" } })]);
    const error = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/only approvers/);
  });

  it("asks the backup owner when the requester owns the NHI", async () => {
    const doc = documentWith([stage({ approvers: { type: "nhi_owner", whenRequesterIsOwner: "backup_owner" } }), stage({ name: "Review", approvers: { type: "group", group: "reviewers" } })]);
    const stages = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts({ requesterId: owner.id }));
    expect(stages.map((s) => s.approvers.map((a) => a.id))).toEqual([[backup.id], [reviewer.id]]);
  });

  it("keeps the requester and the subject's person out, falling back to the escalation target", async () => {
    // The requester's manager is the owner, who is also the subject here: the stage escalates to the boss.
    const doc = documentWith([stage({ name: "Manager", approvers: { type: "subject_manager" }, escalateTo: { type: "manager_of_approver" } })]);
    const facts: ApprovalFacts = { ...nhiFacts(), subject: { kind: "HUMAN", userId: requester.id, ownerId: null, backupOwnerId: null }, requesterId: owner.id };
    const [manager] = await resolveApprovers(db.prisma, doc, "crafted", facts);
    expect(manager!.approvers.map((a) => a.id)).toEqual([boss.id]);
    expect(manager!.note).toMatch(/escalation target/);
  });

  it("refuses a stage that resolves to fewer approvers than its quorum, naming it", async () => {
    const doc = documentWith([stage({ name: "Two reviewers", approvers: { type: "group", group: "reviewers" }, quorum: 2 })]);
    const error = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "PRECONDITION_FAILED", field: "workflow" });
    expect((error as AppError).message).toMatch(/Stage "Two reviewers" of workflow "Crafted workflow" needs 2 approver/);
  });

  it("does not count people without an approving role", async () => {
    const doc = documentWith([stage({ approvers: { type: "users", emails: [stranger.email, reviewer.email] } })]);
    const [only] = await resolveApprovers(db.prisma, doc, "crafted", nhiFacts());
    expect(only!.approvers.map((a) => a.id)).toEqual([reviewer.id]);
  });
});
