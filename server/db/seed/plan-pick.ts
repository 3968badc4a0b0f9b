import type { DecisionRoute, ExceptionType, RequestKind, RequestStatus } from "@/server/db/generated/client";
import type { EntitlementSeed } from "./catalogue";
import { decide, type Decision } from "./decide";
import type { IdentitySeed } from "./identities";
import type { Org } from "./org";
import type { Department, PersonSeed } from "./people";
import { POLICY_V1_DOCUMENT as POLICY } from "./policy-document";
import type { SeedRandom } from "./random";

/** What a scenario asks for; anything left open is chosen at random within the rules. */
export interface TicketSpec {
  kind: RequestKind;
  exceptionType?: ExceptionType | null;
  status: RequestStatus;
  requester?: string;
  subject?: string;
  mode?: "self" | "teammate" | "nhi";
  entitlement?: string;
  workflows?: string[];
  stopStage?: number;
  sodConflict?: string;
  expiringSoon?: boolean;
  overdue?: boolean;
  variant?: { infoRequested?: boolean; partialQuorum?: boolean; fromDraft?: boolean };
}

export interface Pick {
  requester: PersonSeed;
  subject: IdentitySeed;
  entitlement: EntitlementSeed;
  sponsor: PersonSeed | null;
  decision: Decision;
}

const DEPARTMENT_SYSTEMS: Record<Department, string[]> = {
  Engineering: ["source-org", "staging-db", "orders-db", "k8s-prod", "warehouse", "servicedesk", "cloud-prod"],
  Platform: ["cloud-prod", "k8s-prod", "source-org", "orders-db", "staging-db"],
  Data: ["warehouse", "orders-db", "staging-db", "cloud-prod"],
  Security: ["cloud-prod", "k8s-prod", "source-org", "peoplehub", "warehouse", "orders-db"],
  Finance: ["payments-api", "merchant-portal", "warehouse", "peoplehub"],
  Support: ["servicedesk", "crm", "orders-db", "merchant-portal"],
  Sales: ["crm", "servicedesk", "warehouse"],
  People: ["peoplehub", "servicedesk"],
};

const WORKFLOW_ONLY: RequestStatus[] = ["PENDING_APPROVAL", "APPROVED", "EXPIRED_UNDECIDED", "DENIED", "CANCELLED"];

function routeFits(spec: TicketSpec, route: DecisionRoute, breakGlass: boolean): boolean {
  if (spec.sodConflict) return route === "REJECT";
  if (route === "REJECT") return false;
  // Break-glass is granted at once: it never waits in a workflow.
  if (breakGlass) return !WORKFLOW_ONLY.includes(spec.status);
  if (spec.status === "AUTO_APPROVED") return route === "AUTO_APPROVE";
  if (spec.status === "CANCELLED" && spec.variant?.fromDraft) return true;
  if (WORKFLOW_ONLY.includes(spec.status)) return route === "WORKFLOW";
  return true;
}

/** Tracks what each subject asks for, to avoid duplicate open access and toxic pairs. */
export class Holdings {
  private readonly live = new Map<string, Set<string>>();
  private readonly ever = new Map<string, Set<string>>();

  private static put(map: Map<string, Set<string>>, subjectId: string, ref: string): void {
    const set = map.get(subjectId) ?? new Set<string>();
    set.add(ref);
    map.set(subjectId, set);
  }

  /** True when the subject already has an open ticket or live access for ref. */
  has(subjectId: string, ref: string): boolean {
    return this.live.get(subjectId)?.has(ref) ?? false;
  }

  add(subjectId: string, ref: string, status: RequestStatus): void {
    Holdings.put(this.ever, subjectId, ref);
    if (!TERMINAL.includes(status)) Holdings.put(this.live, subjectId, ref);
  }

  conflicts(subjectId: string, ref: string): boolean {
    const held = this.ever.get(subjectId);
    return POLICY.separationOfDuties.toxicPairs.some((p) => {
      const [a, b] = p.entitlements;
      return (ref === a && held?.has(b)) || (ref === b && held?.has(a));
    });
  }
}

const TERMINAL: RequestStatus[] = ["CLOSED", "DENIED", "CANCELLED", "EXPIRED_UNDECIDED", "FAILED"];

export class Picker {
  constructor(
    private readonly org: Org,
    private readonly rng: SeedRandom,
    private readonly holdings: Holdings,
  ) {}

  /** Random tickets never come from the demo requester, whose dozen tickets are hand-picked. */
  private requesters(): PersonSeed[] {
    return this.org.people.filter((p) => p.active && p.roles.includes("REQUESTER") && p.email !== "riley.requester@acme.example");
  }

  private activeNhis(): IdentitySeed[] {
    return this.org.identities.filter(
      (i) => i.kind === "NHI" && i.status === "ACTIVE" && this.nhiRequester(i) !== null && i.ownerEmail !== "riley.requester@acme.example",
    );
  }

  /** The person who files for an NHI: its owner, or the backup when the owner has left. */
  private nhiRequester(i: IdentitySeed): PersonSeed | null {
    const owner = i.ownerEmail ? this.org.person(i.ownerEmail) : null;
    if (owner?.active && owner.roles.includes("REQUESTER")) return owner;
    const backup = i.backupEmail ? this.org.person(i.backupEmail) : null;
    return backup?.active && backup.roles.includes("REQUESTER") ? backup : null;
  }

  private parties(spec: TicketSpec): { requester: PersonSeed; subject: IdentitySeed; sponsor: PersonSeed | null } {
    const { org, rng } = this;
    if (spec.exceptionType === "VENDOR") {
      const subject = spec.subject ? org.identity(spec.subject) : rng.pick(org.identities.filter((i) => i.vendor));
      const sponsor = org.person(subject.ownerEmail!);
      const team = org.reportsOf(sponsor).filter((p) => p.active && p.roles.includes("REQUESTER"));
      return { requester: spec.requester ? org.person(spec.requester) : rng.pick(team), subject, sponsor };
    }
    const mode = spec.mode ?? (spec.kind === "ROTATE" || spec.exceptionType === "AUTOMATION" ? "nhi" : spec.exceptionType === "EMERGENCY" ? "self" : rng.weighted([["self", 60], ["teammate", 10], ["nhi", 30]] as const));
    if (mode === "nhi" || (spec.subject && org.identity(spec.subject).kind === "NHI")) {
      const subject = spec.subject ? org.identity(spec.subject) : rng.pick(this.activeNhis());
      let requester = spec.requester ? org.person(spec.requester) : this.nhiRequester(subject)!;
      if (spec.kind === "ROTATE" && spec.status === "PENDING_APPROVAL" && !spec.requester) {
        const others = this.requesters().filter((p) => p.department === requester.department && p.email !== subject.ownerEmail);
        requester = rng.pick(others);
      }
      return { requester, subject, sponsor: null };
    }
    if (mode === "teammate" && !spec.requester) {
      const managers = this.requesters().filter((p) => p.roles.includes("APPROVER") && org.reportsOf(p).some((r) => r.active));
      const requester = rng.pick(managers);
      const subjectPerson = rng.pick(org.reportsOf(requester).filter((r) => r.active));
      return { requester, subject: org.identityOf(subjectPerson), sponsor: null };
    }
    const pool = spec.exceptionType === "EMERGENCY" ? this.requesters().filter((p) => ["Engineering", "Platform", "Data", "Security"].includes(p.department)) : this.requesters();
    const requester = spec.requester ? org.person(spec.requester) : rng.pick(pool);
    const subject = spec.subject ? org.identity(spec.subject) : org.identityOf(requester);
    return { requester, subject, sponsor: null };
  }

  private candidates(spec: TicketSpec, subject: IdentitySeed): EntitlementSeed[] {
    if (spec.entitlement) return [this.org.entitlement(spec.entitlement)];
    let list: EntitlementSeed[];
    if (subject.person) {
      const systems = DEPARTMENT_SYSTEMS[subject.person.department];
      list = this.org.catalogue.filter((e) => systems.includes(e.system.key) && e.audience !== "nhi");
    } else {
      list = subject.uses.map((ref) => this.org.entitlement(ref));
    }
    list = list.filter((e) => e.requestable);
    if (spec.kind === "ROTATE") list = list.filter((e) => ["API_KEY", "CERTIFICATE_AUTHORITY"].includes(e.system.connectorType));
    if (spec.exceptionType === "EMERGENCY") list = list.filter((e) => e.riskTier === "HIGH" || e.riskTier === "CRITICAL");
    if (spec.status === "FULFILLING") {
      const slow = list.filter((e) => ["WEBHOOK", "MANUAL"].includes(e.system.connectorType));
      if (slow.length) list = slow;
    }
    return list;
  }

  /** Chooses parties and an entitlement that the policy routes the way the status needs. */
  pick(spec: TicketSpec): Pick {
    for (let attempt = 0; attempt < 400; attempt++) {
      const { requester, subject, sponsor } = this.parties(spec);
      const list = this.candidates(spec, subject);
      if (list.length === 0) continue;
      const entitlement = this.rng.pick(list);
      const explicit = Boolean(spec.entitlement && spec.subject) || Boolean(spec.sodConflict);
      // A rotation renews a credential the identity already holds, so it may repeat a live one.
      const duplicate = spec.kind !== "ROTATE" && this.holdings.has(subject.id, entitlement.ref);
      if (!explicit && (this.holdings.conflicts(subject.id, entitlement.ref) || duplicate)) continue;
      // The access a REVOKE removes must be able to outlive the ticket that removes it.
      if (spec.kind === "REVOKE" && (entitlement.riskTier === "CRITICAL" || (entitlement.maxTtlHours !== null && entitlement.maxTtlHours < 720))) continue;
      const decision = decide({ kind: spec.kind, exceptionType: spec.exceptionType ?? null, entitlement, subject, requester, sodConflict: spec.sodConflict ?? null });
      if (!routeFits(spec, decision.route, decision.breakGlass)) continue;
      if (spec.workflows && !(decision.workflowKey && spec.workflows.includes(decision.workflowKey))) continue;
      this.holdings.add(subject.id, entitlement.ref, spec.status);
      return { requester, subject, entitlement, sponsor, decision };
    }
    throw new Error(`seed: no ticket fits ${JSON.stringify(spec)}`);
  }
}
