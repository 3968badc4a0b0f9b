import type { Prisma, PrismaClient } from "@/server/db/generated/client";
import { entitlementRef } from "@/server/domain/catalogue/ref";
import { policyEntitlement, policySubject } from "@/server/domain/policy/request-facts";
import type { PolicyContext, PolicyRequest } from "@/server/domain/policy/types";

/** A stored ticket as the policy engine sees it, for replaying it under another version. */
export interface TicketCase {
  requestId: string;
  number: number;
  status: string;
  submittedAt: Date;
  request: PolicyRequest;
  context: PolicyContext;
  /** Where the facts came from: the snapshot kept at submit, or today's rows. */
  source: "snapshot" | "rows";
}

const HOUR = 3_600_000;

const person = { select: { id: true, email: true, department: true, active: true } } as const;

const TICKET_SELECT = {
  id: true,
  number: true,
  kind: true,
  exceptionType: true,
  status: true,
  scope: true,
  expiresAt: true,
  submittedAt: true,
  decisionReasons: true,
  requester: person,
  subject: {
    select: { id: true, kind: true, user: person, owner: person, backupOwner: person },
  },
  entitlement: {
    select: {
      key: true,
      riskTier: true,
      privileged: true,
      maxTtlHours: true,
      scope: true,
      system: {
        select: { key: true, environment: true, riskTier: true, connectorType: true, owner: { select: { email: true } } },
      },
    },
  },
} as const satisfies Prisma.AccessRequestSelect;

type TicketRow = Prisma.AccessRequestGetPayload<{ select: typeof TICKET_SELECT }>;

/**
 * Every ticket submitted since `since` that names an entitlement, as engine inputs. A ticket
 * whose decision kept its facts (`decisionReasons.facts`) is replayed from them; older tickets
 * are rebuilt from their rows, with the grants the subject held at the moment of submit.
 */
export async function loadTicketCases(db: PrismaClient, since: Date): Promise<{ cases: TicketCase[]; skipped: number }> {
  const rows = await db.accessRequest.findMany({
    where: { submittedAt: { gte: since } },
    orderBy: { number: "asc" },
    select: TICKET_SELECT,
  });
  const holds = await heldAtSubmit(db, rows);
  const cases: TicketCase[] = [];
  let skipped = 0;
  for (const row of rows) {
    const built = snapshotFacts(row) ?? rowFacts(row, holds.get(row.id) ?? []);
    if (!built) {
      skipped++;
      continue;
    }
    cases.push({ requestId: row.id, number: row.number, status: row.status, submittedAt: row.submittedAt!, ...built });
  }
  return { cases, skipped };
}

/** Facts stored with the decision at submit, when the ticket has them. */
function snapshotFacts(row: TicketRow): Pick<TicketCase, "request" | "context" | "source"> | null {
  const stored = row.decisionReasons;
  if (!stored || typeof stored !== "object" || Array.isArray(stored)) return null;
  const facts = (stored as { facts?: { request?: PolicyRequest; context?: PolicyContext } }).facts;
  if (!facts?.request?.entitlement || !facts.context) return null;
  return { request: facts.request, context: facts.context, source: "snapshot" };
}

function rowFacts(row: TicketRow, subjectHolds: string[]): Pick<TicketCase, "request" | "context" | "source"> | null {
  const e = row.entitlement;
  if (!e || !row.submittedAt) return null;
  const snapshotScope = isObject(row.scope) ? row.scope : null;
  // A MODIFY asks for a new scope; every other kind is judged on the catalogue's scope.
  const scope = (row.kind === "MODIFY" && snapshotScope ? snapshotScope : e.scope) as Record<string, unknown>;
  return {
    source: "rows",
    request: {
      kind: row.kind,
      exceptionType: row.exceptionType,
      requester: { id: row.requester.id, email: row.requester.email, department: row.requester.department },
      subject: policySubject(row.subject),
      entitlement: policyEntitlement(e, scope),
      requestedHours: row.expiresAt ? Math.max(0, (row.expiresAt.getTime() - row.submittedAt.getTime()) / HOUR) : null,
    },
    context: { subjectHolds },
  };
}

/** For each ticket: the entitlements its subject held, through other tickets, when it was submitted. */
async function heldAtSubmit(db: PrismaClient, rows: TicketRow[]): Promise<Map<string, string[]>> {
  const subjectIds = [...new Set(rows.map((r) => r.subject.id))];
  const grants = subjectIds.length
    ? await db.grant.findMany({
        where: { identityId: { in: subjectIds }, entitlementId: { not: null }, grantedAt: { not: null } },
        select: {
          identityId: true,
          requestId: true,
          grantedAt: true,
          revokedAt: true,
          entitlement: { select: { key: true, system: { select: { key: true } } } },
        },
      })
    : [];
  const result = new Map<string, string[]>();
  for (const row of rows) {
    const at = row.submittedAt;
    if (!at) continue;
    const refs = grants
      .filter((g) => g.identityId === row.subject.id && g.requestId !== row.id && g.grantedAt! <= at && (!g.revokedAt || g.revokedAt > at))
      .map((g) => entitlementRef(g.entitlement!));
    result.set(row.id, [...new Set(refs)].sort());
  }
  return result;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
