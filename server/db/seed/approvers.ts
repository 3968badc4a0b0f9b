import type { EntitlementSeed } from "./catalogue";
import type { IdentitySeed } from "./identities";
import type { Org } from "./org";
import type { PersonSeed } from "./people";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";

export type StageDef = (typeof POLICY.workflows)[number]["stages"][number];

export interface ResolvedStage {
  position: number;
  def: StageDef;
  approvers: PersonSeed[];
  quorum: number;
  escalationTarget: PersonSeed | null;
}

interface Ticket {
  requester: PersonSeed;
  subject: IdentitySeed;
  entitlement: EntitlementSeed;
  sponsor: PersonSeed | null;
}

/**
 * Who may decide: active people with an approving role who are neither the requester nor the
 * subject. A selector that lands on someone else walks up their management chain.
 */
export function canApprove(person: PersonSeed, t: Ticket): boolean {
  return (
    person.active &&
    (person.roles.includes("APPROVER") || person.roles.includes("ADMIN")) &&
    person.id !== t.requester.id &&
    person.id !== t.subject.person?.id
  );
}

function walkUp(org: Org, start: PersonSeed | null, t: Ticket, used: Set<string> = new Set()): PersonSeed | null {
  let candidate = start;
  for (let i = 0; candidate && i < 6; i++) {
    if (canApprove(candidate, t) && !used.has(candidate.id)) return candidate;
    candidate = org.managerOf(candidate);
  }
  return null;
}

function single(org: Org, sel: { type: string; whenRequesterIsOwner?: string }, t: Ticket): PersonSeed | null {
  const owner = t.subject.ownerEmail ? org.person(t.subject.ownerEmail) : null;
  switch (sel.type) {
    case "subject_manager":
      return t.subject.person ? org.managerOf(t.subject.person) : owner;
    case "resource_owner":
      return org.person(t.entitlement.system.ownerEmail);
    case "sponsor":
      return t.sponsor;
    case "nhi_owner": {
      const backup = t.subject.backupEmail ? org.person(t.subject.backupEmail) : null;
      if (owner && owner.id === t.requester.id) return backup && backup.active ? backup : org.managerOf(owner);
      return owner && owner.active ? owner : backup;
    }
    default:
      throw new Error(`seed: unknown approver selector ${sel.type}`);
  }
}

function members(org: Org, sel: { type: string; group?: string; emails?: readonly string[] }): PersonSeed[] {
  if (sel.type === "group") return POLICY.groups[sel.group as "security-reviewers"].members.map((e) => org.person(e));
  if (sel.type === "users") return (sel.emails ?? []).map((e) => org.person(e));
  return [];
}

export function resolveStages(org: Org, workflowKey: string, t: Ticket): ResolvedStage[] {
  const workflow = POLICY.workflows.find((w) => w.key === workflowKey);
  if (!workflow) throw new Error(`seed: unknown workflow ${workflowKey}`);
  const fallbacks = ["victor.almeida@acme.example", "nadia.rahman@acme.example", "felix.wagner@acme.example"].map((e) => org.person(e));
  const fallback = fallbacks.find((p) => canApprove(p, t))!;
  // Four eyes: a person who decides one stage is not asked again in a later one.
  const used = new Set<string>();
  return workflow.stages.map((def, position) => {
    const sel = def.approvers as { type: string; group?: string; whenRequesterIsOwner?: string };
    let approvers: PersonSeed[];
    if (sel.type === "group" || sel.type === "users") {
      approvers = members(org, sel).filter((p) => canApprove(p, t) && !used.has(p.id));
    } else {
      const found = walkUp(org, single(org, sel, t), t, used);
      approvers = [found ?? fallbacks.find((p) => canApprove(p, t) && !used.has(p.id)) ?? fallback];
    }
    for (const p of approvers) used.add(p.id);
    const esc = def.escalateTo as { type: string; emails?: readonly string[] };
    const escalationTarget =
      esc.type === "manager_of_approver"
        ? walkUp(org, org.managerOf(approvers[0]!), t, used)
        : (members(org, esc).find((p) => canApprove(p, t)) ?? null);
    return { position, def, approvers, quorum: Math.min(def.quorum, approvers.length), escalationTarget };
  });
}
