import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/server/db/generated/client";
import { ticketPages, toEvidenceTicket, type TicketRow } from "@/server/domain/evidence/tickets";
import { seededWorld, type World } from "./requests-world";

const person = { select: { name: true, email: true } } as const;

/** The tickets as Prisma's relation queries read them: the reference the one-query page must match field for field. */
const REFERENCE = {
  id: true, number: true, kind: true, exceptionType: true, status: true, justification: true,
  scope: true, approvedScope: true, expiresAt: true, riskScore: true, riskTier: true, decisionRoute: true,
  policyRuleId: true, decisionReasons: true, submittedAt: true, decidedAt: true, closedAt: true, createdAt: true,
  requester: person,
  subject: { select: { name: true, displayName: true, kind: true, nhiType: true, ownerId: true } },
  system: { select: { key: true, name: true } },
  entitlement: { select: { key: true, name: true } },
  policyVersion: { select: { version: true, contentHash: true } },
  stages: { orderBy: { position: "asc" }, select: { position: true, name: true, status: true, quorum: true, startedAt: true, completedAt: true } },
  decisions: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { outcome: true, comment: true, narrowedScope: true, shortenedExpiresAt: true, createdAt: true, approver: person, onBehalfOf: person, stage: { select: { position: true, name: true } } } },
  grants: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true, type: true, status: true, connectorType: true, externalRef: true, scope: true, grantedAt: true, expiresAt: true, revokedAt: true,
      secrets: { orderBy: [{ version: "asc" }, { id: "asc" }], select: { label: true, fingerprint: true, prefix: true, version: true, expiresAt: true, revokedAt: true } },
      certificates: { orderBy: { id: "asc" }, select: { serialNumber: true, fingerprintSha256: true, subjectDn: true, notBefore: true, notAfter: true, revokedAt: true } },
    },
  },
  evidence: { orderBy: [{ verifiedAt: "asc" }, { id: "asc" }], select: { kind: true, connectorType: true, summary: true, observed: true, artefactSha256: true, verifiedAt: true, grantId: true, attestedBy: person, grant: { select: { type: true } } } },
  auditEvents: { orderBy: { seq: "asc" }, select: { seq: true, occurredAt: true, actorType: true, action: true, entityType: true, entityId: true, data: true, prevHash: true, hash: true, actor: person } },
} satisfies Prisma.AccessRequestSelect;

/** Dates as ISO text and the sequence as text, as the page query writes them. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

async function reference(w: World, where: Prisma.AccessRequestWhereInput): Promise<string[]> {
  const rows = await w.prisma.accessRequest.findMany({ where, orderBy: { number: "asc" }, select: REFERENCE });
  return rows.map((r) => {
    const { evidence, ...rest } = plain(r) as Omit<TicketRow, "evidence"> & { evidence: (Omit<TicketRow["evidence"][number], "grantType"> & { grant: { type: string } | null })[] };
    const row: TicketRow = { ...rest, evidence: evidence.map(({ grant, ...e }) => ({ ...e, grantType: grant?.type ?? null })) };
    return JSON.stringify(toEvidenceTicket(row));
  });
}

async function read(w: World, selection: Parameters<typeof ticketPages>[1], pageSize: number): Promise<string[]> {
  const out: string[] = [];
  for await (const page of ticketPages(w.prisma, selection, null, pageSize)) for (const t of page) out.push(JSON.stringify(t));
  return out;
}

describe("evidence tickets read a page per query", { timeout: 90_000 }, () => {
  let w: World;
  beforeAll(async () => {
    w = await seededWorld();
  }, 120_000);
  afterAll(async () => {
    await w?.db.drop();
  });

  it("gives every ticket of a period exactly as Prisma's relation reads do, across page boundaries", async () => {
    const all = await w.prisma.accessRequest.findMany({ orderBy: { createdAt: "asc" }, select: { createdAt: true } });
    const from = all[0]!.createdAt.toISOString();
    const to = new Date(all.at(-1)!.createdAt.getTime() + 1).toISOString();
    const expected = await reference(w, {});
    expect(expected.length).toBeGreaterThan(10);
    const got = await read(w, { from, to }, 7);
    expect(got).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) expect(got[i]).toBe(expected[i]);
    // The seed has tickets with decisions, grants, closure evidence and audit events, so every nested list was compared.
    const parsed = got.map((t) => JSON.parse(t) as { decisions: unknown[]; grants: unknown[]; closureEvidence: unknown[]; auditEvents: unknown[] });
    for (const key of ["decisions", "grants", "closureEvidence", "auditEvents"] as const) expect(parsed.some((t) => t[key].length > 0)).toBe(true);
  });

  it("reads chosen tickets by id, and none for an empty choice", async () => {
    const chosen = await w.prisma.accessRequest.findMany({ where: { status: "CLOSED" }, orderBy: { number: "desc" }, take: 3, select: { id: true } });
    const ids = chosen.map((c) => c.id);
    expect(await read(w, { requestIds: ids }, 2)).toEqual(await reference(w, { id: { in: ids } }));
    expect(await read(w, { requestIds: [] }, 2)).toEqual([]);
  });
});
