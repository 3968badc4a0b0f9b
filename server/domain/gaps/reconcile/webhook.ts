import type { PrismaClient } from "@/server/db/generated/client";
import { parseWebhookConfig } from "@/server/connectors/webhook/config";
import { grantFactsSelect, orphanRow, whyNotLive, type GrantFacts, type SourceResult } from "./live";

const READ_TIMEOUT_MS = 2_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** More assignments than this across the webhook targets is a finding in itself; the report reads no further. */
const ASSIGNMENT_LIMIT = 5_000;

/** An assignment as a target reports it: who holds which role where, and which portal grants keep it. */
interface ReportedAssignment {
  principal: string;
  role: string;
  account: string;
  grantIds: string[];
  assignedAt: string | null;
}

type Read = { ok: true; systems: Record<string, ReportedAssignment[]> } | { ok: false; reason: string };

function assignmentsOf(value: unknown): ReportedAssignment[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a: Record<string, unknown>) =>
    a && typeof a.principal === "string"
      ? [{
          principal: a.principal,
          role: typeof a.role === "string" ? a.role : "access",
          account: typeof a.account === "string" ? a.account : "",
          grantIds: Array.isArray(a.grantIds) ? a.grantIds.filter((id): id is string => typeof id === "string") : [],
          assignedAt: typeof a.assignedAt === "string" ? a.assignedAt : null,
        }]
      : [],
  );
}

/**
 * `GET <origin>/assignments`: the read-back the demo target offers (server/connectors/webhook/README.md).
 * The webhook contract itself has no read-back, so a target without it is reported as not reconciled.
 */
async function readTarget(origin: string): Promise<Read> {
  const url = `${origin}/assignments`;
  try {
    const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(READ_TIMEOUT_MS), headers: { accept: "application/json" } });
    const text = await response.text();
    if (!response.ok) return { ok: false, reason: `GET ${url} answered ${response.status}: the target offers no read-back of its assignments` };
    if (text.length > MAX_BODY_BYTES) return { ok: false, reason: `GET ${url} answered more than ${MAX_BODY_BYTES} bytes` };
    const body = JSON.parse(text) as { ok?: unknown; systems?: unknown };
    if (body.ok !== true || typeof body.systems !== "object" || body.systems === null) return { ok: false, reason: `GET ${url} did not answer a list of assignments` };
    const systems = Object.fromEntries(Object.entries(body.systems as Record<string, unknown>).map(([k, v]) => [k, assignmentsOf(v)]));
    return { ok: true, systems };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${READ_TIMEOUT_MS} ms` : (cause ?? (error instanceof Error ? error.message : String(error)));
    return { ok: false, reason: `GET ${url} failed (${why})` };
  }
}

/**
 * Assignments reported by each WEBHOOK system's target, against the portal's grants: an
 * assignment is an orphan when none of the grants the target says keep it is live and approved.
 */
export async function webhookOrphans(db: PrismaClient): Promise<SourceResult> {
  const systems = await db.system.findMany({ where: { connectorType: "WEBHOOK" }, orderBy: { key: "asc" }, select: { key: true, name: true, connectorConfig: true } });
  const problems: string[] = [];
  const byOrigin = new Map<string, { key: string; name: string }[]>();
  for (const s of systems) {
    try {
      const origin = parseWebhookConfig(s.key, (s.connectorConfig ?? {}) as Record<string, unknown>).endpoint.origin;
      byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), s]);
    } catch (error) {
      problems.push(`${s.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const origins = [...byOrigin.keys()];
  const reads = await Promise.all(origins.map(readTarget));
  const held: { system: { key: string; name: string }; a: ReportedAssignment }[] = [];
  let readSystems = 0;
  origins.forEach((origin, i) => {
    const read = reads[i]!;
    const ours = byOrigin.get(origin)!;
    if (!read.ok) {
      problems.push(`${ours.map((s) => s.name).join(", ")}: ${read.reason}`);
      return;
    }
    readSystems += ours.length;
    for (const s of ours) for (const a of read.systems[s.key] ?? []) if (held.length < ASSIGNMENT_LIMIT) held.push({ system: s, a });
  });

  const grantIds = [...new Set(held.flatMap((h) => h.a.grantIds))];
  const grants = grantIds.length ? await db.grant.findMany({ where: { id: { in: grantIds } }, select: grantFactsSelect }) : [];
  const grantById = new Map<string, GrantFacts>(grants.map((g) => [g.id, g]));
  const orphans = held.filter((h) => !h.a.grantIds.some((id) => { const g = grantById.get(id); return g !== undefined && whyNotLive(g) === null; }));
  const names = [...new Set(orphans.map((h) => h.a.principal))];
  const identities = names.length ? await db.identity.findMany({ where: { name: { in: names } }, select: { id: true, name: true, displayName: true } }) : [];
  const identityByName = new Map(identities.map((i) => [i.name, i]));

  const rows = orphans.map((h) => {
    const known = h.a.grantIds.map((id) => grantById.get(id)).filter((g): g is GrantFacts => g !== undefined);
    const grant = known.at(-1) ?? null;
    const assignment = `${h.a.principal} holds ${h.a.role} on ${h.a.account}`;
    const why = grant
      ? `The target reports that ${assignment}, but ${whyNotLive(grant)}.`
      : h.a.grantIds.length
        ? `The target reports that ${assignment} for grant ${h.a.grantIds.join(", ")}, which the portal does not know.`
        : `The target reports that ${assignment} and no grant explains it.`;
    const assignedAt = h.a.assignedAt ? new Date(h.a.assignedAt) : null;
    return orphanRow({
      id: `WEBHOOK|${h.system.key}|${h.a.principal}|${h.a.role}|${h.a.account}|${h.a.grantIds.join("+") || h.a.assignedAt}`,
      connector: "WEBHOOK",
      system: h.system.name,
      identity: identityByName.get(h.a.principal) ?? null,
      held: `${h.a.role} on ${h.a.account}`,
      at: assignedAt && !Number.isNaN(assignedAt.getTime()) ? assignedAt : null,
      grant,
      why,
    });
  });
  const status = systems.length === 0 || problems.length === 0 ? "reconciled" : readSystems === 0 ? "notReconciled" : "partial";
  const note =
    status === "reconciled"
      ? `Assignments each target reports through GET /assignments.${held.length === ASSIGNMENT_LIMIT ? ` Only the first ${ASSIGNMENT_LIMIT} were read.` : ""}`
      : `Not reconciled: ${problems.join("; ")}.`;
  return { check: { connector: "WEBHOOK", label: "Webhook", status, systems: systems.length, checked: held.length, orphans: rows.length, note }, rows };
}
