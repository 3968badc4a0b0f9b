import { Prisma, type PrismaClient, type RiskTier } from "@/server/db/generated/client";
import { AppError } from "@/server/domain/errors";
import type { ApproverSelector, PolicyDocument } from "@/server/domain/policy/schema";

type Db = PrismaClient | Prisma.TransactionClient;

export interface ApproverPerson {
  id: string;
  name: string;
  email: string;
}

export interface ResolvedStage {
  position: number;
  name: string;
  selector: ApproverSelector;
  quorum: number;
  slaHours: number;
  reminderAfterHours: number | null;
  approvers: ApproverPerson[];
  escalationTarget: ApproverPerson | null;
  /** Why the approvers are not what the selector named (fallback to the escalation target). */
  note: string | null;
}

export interface ApprovalFacts {
  requesterId: string;
  subject: { kind: "HUMAN" | "NHI"; userId: string | null; ownerId: string | null; backupOwnerId: string | null };
  systemOwnerId: string;
  sponsorId: string | null;
  riskTier: RiskTier;
}

interface Person extends ApproverPerson {
  managerId: string | null;
  active: boolean;
  roles: string[];
}

const TIER_RANK: Record<RiskTier, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };
const personSelect = { id: true, name: true, email: true, managerId: true, active: true, roles: true } as const;

/**
 * Resolves each stage of a workflow into the active people who will decide it, applying
 * separation of duties at submit: the requester and the subject's person never approve, and an
 * NHI's owner is never the only approver of that NHI's access above the policy's tier.
 * A stage that resolves to nobody falls back to its escalation target, else it is refused.
 */
export async function resolveApprovers(
  db: Db,
  document: PolicyDocument,
  workflowKey: string,
  facts: ApprovalFacts,
): Promise<ResolvedStage[]> {
  const workflow = document.workflows.find((w) => w.key === workflowKey);
  if (!workflow) throw new AppError("INTERNAL", `The policy routes to workflow "${workflowKey}", which it does not define.`);
  const people = new PeopleCache(db);
  // The people the selectors name most (subject, owners, system owner, sponsor), their managers and
  // their managers' managers (escalations), in one read.
  await people.prefetch([facts.subject.userId, facts.subject.ownerId, facts.subject.backupOwnerId, facts.systemOwnerId, facts.sponsorId]);
  const excluded = new Set([facts.requesterId, ...(facts.subject.userId ? [facts.subject.userId] : [])]);
  const ownerMayNotDecideAlone =
    facts.subject.kind === "NHI" &&
    facts.subject.ownerId !== null &&
    TIER_RANK[facts.riskTier] > TIER_RANK[document.separationOfDuties.nhiOwnerSoleApproverMaxRiskTier];
  const eligible = (p: Person | null): p is Person =>
    p !== null && p.active && (p.roles.includes("APPROVER") || p.roles.includes("ADMIN")) && !excluded.has(p.id);

  const stages: ResolvedStage[] = [];
  // Four eyes across stages: who decided an earlier stage is not asked again, unless nobody else can.
  const used = new Set<string>();
  for (const [position, stage] of workflow.stages.entries()) {
    const selected = await select(people, document, stage.approvers, facts, null);
    const named = selected.filter(eligible);
    // "manager_of_approver" escalates from whom the selector named, even if that person may not decide.
    const escalation = stage.escalateTo ? (await select(people, document, stage.escalateTo, facts, selected[0] ?? null)).filter(eligible) : [];
    const fresh = (list: Person[]) => list.filter((p) => !used.has(p.id));
    let approvers = fresh(named);
    let note: string | null = null;
    if (approvers.length < stage.quorum) {
      const candidates = [
        uniqueById([...fresh(named), ...fresh(escalation)]),
        uniqueById([...named, ...escalation]),
      ];
      approvers = candidates.find((list) => list.length >= stage.quorum) ?? candidates[1]!;
      if (approvers.length >= stage.quorum) {
        note = `${describe(stage.approvers)} gave ${fresh(named).length} eligible approver(s) besides the requester, the subject and earlier stages; the escalation target was added.`;
      }
    }
    if (approvers.length < stage.quorum) {
      throw new AppError(
        "PRECONDITION_FAILED",
        `Stage "${stage.name}" of workflow "${workflow.name}" needs ${stage.quorum} approver(s) other than the requester and the subject, and ${describe(stage.approvers)} gives ${approvers.length}.`,
        "workflow",
      );
    }
    for (const a of approvers) used.add(a.id);
    stages.push({
      position,
      name: stage.name,
      selector: stage.approvers,
      quorum: stage.quorum,
      slaHours: stage.slaHours,
      reminderAfterHours: stage.reminderAfterHours ?? null,
      approvers: approvers.map(toApprover),
      escalationTarget: escalationOf(fresh(escalation)[0] ?? escalation[0]),
      note,
    });
  }
  if (ownerMayNotDecideAlone) {
    const owners = new Set([facts.subject.ownerId, facts.subject.backupOwnerId].filter((id): id is string => Boolean(id)));
    enforceOwnersNotSoleApprovers(stages, owners, workflow.name);
  }
  return stages;
}

/**
 * When every approver of every stage is one of the NHI's owners (owner or backup owner), the
 * first stage with another escalation target is decided by that target instead.
 */
function enforceOwnersNotSoleApprovers(stages: ResolvedStage[], owners: Set<string>, workflowName: string): void {
  const everyone = stages.flatMap((s) => s.approvers.map((a) => a.id));
  if (!everyone.every((id) => owners.has(id))) return;
  for (const stage of stages) {
    const target = stage.escalationTarget;
    if (target && !owners.has(target.id)) {
      stage.approvers = [target];
      stage.note = "The NHI's owners may not be the only approvers of its high-risk access; the escalation target decides.";
      return;
    }
  }
  throw new AppError(
    "PRECONDITION_FAILED",
    `Workflow "${workflowName}" would leave the NHI's owners as the only approvers of its high-risk access, and no stage has another escalation target.`,
    "workflow",
  );
}

async function select(
  people: PeopleCache,
  document: PolicyDocument,
  selector: ApproverSelector,
  facts: ApprovalFacts,
  approver: Person | null,
): Promise<Person[]> {
  switch (selector.type) {
    case "subject_manager": {
      // An NHI's or an external person's "manager" is the person accountable for it: its owner.
      if (facts.subject.kind === "NHI" || !facts.subject.userId) return people.byIds([facts.subject.ownerId]);
      const person = (await people.byIds([facts.subject.userId]))[0];
      return people.byIds([person?.managerId ?? null]);
    }
    case "resource_owner":
      return people.byIds([facts.systemOwnerId]);
    case "sponsor":
      return people.byIds([facts.sponsorId]);
    case "nhi_owner": {
      const ownerIsRequester = facts.subject.ownerId === facts.requesterId;
      if (ownerIsRequester && selector.whenRequesterIsOwner === "backup_owner") return people.byIds([facts.subject.backupOwnerId]);
      return people.byIds([facts.subject.ownerId]);
    }
    case "manager_of_approver":
      return people.byIds([approver?.managerId ?? null]);
    case "group":
      return people.byEmails(document.groups[selector.group]?.members ?? []);
    case "users":
      return people.byEmails(selector.emails);
    case "department":
      return people.inDepartment(selector.department);
  }
}

function describe(selector: ApproverSelector): string {
  switch (selector.type) {
    case "group":
      return `group "${selector.group}"`;
    case "users":
      return `the named users (${selector.emails.join(", ")})`;
    case "department":
      return `department ${selector.department}`;
    default:
      return `selector ${selector.type}`;
  }
}

function escalationOf(p: Person | undefined): ApproverPerson | null {
  return p ? toApprover(p) : null;
}

function toApprover(p: Person): ApproverPerson {
  return { id: p.id, name: p.name, email: p.email };
}

function uniqueById(list: Person[]): Person[] {
  return [...new Map(list.map((p) => [p.id, p])).values()];
}

class PeopleCache {
  private readonly cache = new Map<string, Person | null>();
  constructor(private readonly db: Db) {}

  async byIds(ids: (string | null)[]): Promise<Person[]> {
    const wanted = ids.filter((id): id is string => Boolean(id));
    const missing = wanted.filter((id) => !this.cache.has(id));
    if (missing.length > 0) {
      const rows = await this.db.user.findMany({ where: { id: { in: missing } }, select: personSelect });
      for (const id of missing) this.cache.set(id, rows.find((r) => r.id === id) ?? null);
    }
    return wanted.map((id) => this.cache.get(id)).filter((p): p is Person => Boolean(p));
  }

  /** Reads `ids` and two levels of their managers together, so the selectors that name them read nothing more. */
  async prefetch(ids: (string | null)[]): Promise<void> {
    const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
    if (wanted.length === 0) return;
    const list = Prisma.join(wanted);
    const rows = await this.db.$queryRaw<Person[]>(Prisma.sql`
      SELECT id, name, email, "managerId", active, roles::text[] AS roles FROM "User"
      WHERE id IN (
        SELECT id FROM "User" WHERE id IN (${list})
        UNION SELECT "managerId" FROM "User" WHERE id IN (${list})
        UNION SELECT mm."managerId" FROM "User" m JOIN "User" mm ON mm.id = m."managerId" WHERE m.id IN (${list}))`);
    for (const id of wanted) this.cache.set(id, rows.find((r) => r.id === id) ?? null);
    for (const row of rows) this.cache.set(row.id, row);
  }

  async byEmails(emails: readonly string[]): Promise<Person[]> {
    if (emails.length === 0) return [];
    const rows = await this.db.user.findMany({
      where: { email: { in: emails.map((e) => e.toLowerCase()), mode: "insensitive" } },
      select: personSelect,
    });
    for (const row of rows) this.cache.set(row.id, row);
    const order = emails.map((e) => e.toLowerCase());
    return rows.sort((a, b) => order.indexOf(a.email.toLowerCase()) - order.indexOf(b.email.toLowerCase()));
  }

  async inDepartment(department: string): Promise<Person[]> {
    const rows = await this.db.user.findMany({
      where: { department, active: true },
      select: personSelect,
      orderBy: { name: "asc" },
    });
    for (const row of rows) this.cache.set(row.id, row);
    // Roles are filtered by the caller's eligibility check (PGlite cannot bind an enum array for hasSome).
    return rows;
  }
}
