import type { Prisma } from "@/server/db/generated/client";
import { buildCatalogue, entitlementRows } from "./catalogue";
import { buildDelegations } from "./delegations";
import { buildIdentities, identityRows } from "./identities";
import type { Rows, SeedEvent } from "./model";
import { createOrg, type Org } from "./org";
import { buildPeople, userRows } from "./people";
import { buildPolicy, type PolicySeed } from "./policy";
import { buildSystems, systemRows } from "./systems";
import { buildTickets } from "./tickets";

/** Everything the seed writes, computed in memory before the first query. */
export interface SeedWorld {
  users: Prisma.UserCreateManyInput[];
  identities: Prisma.IdentityCreateManyInput[];
  systems: Prisma.SystemCreateManyInput[];
  entitlements: Prisma.EntitlementCreateManyInput[];
  policy: PolicySeed;
  delegations: Prisma.DelegationCreateManyInput[];
  tickets: Rows;
  /** Every audit event, in the order of its business time. */
  events: SeedEvent[];
  org: Org;
}

export function buildWorld(now: Date): SeedWorld {
  const people = buildPeople();
  const identities = buildIdentities(people);
  const systems = buildSystems();
  const catalogue = buildCatalogue(systems);
  const userId = (email: string): string => {
    const person = people.find((p) => p.email === email);
    if (!person) throw new Error(`seed: unknown person ${email}`);
    return person.id;
  };
  const admin = people.find((p) => p.email === "adam.admin@acme.example")!;
  const policy = buildPolicy(admin.id, now);
  const delegations = buildDelegations((email) => people.find((p) => p.email === email)!, now);
  const org = createOrg({ now, people, identities, systems, catalogue, policyVersionId: policy.version.id!, workflowIds: policy.workflowIds, delegations });
  const tickets = buildTickets(org);

  const publishedAt = policy.version.publishedAt as Date;
  const events: SeedEvent[] = [
    {
      at: publishedAt,
      actorType: "USER",
      actorId: admin.id,
      action: "policy.published",
      entityType: "PolicyVersion",
      entityId: policy.version.id!,
      requestId: null,
      data: { at: publishedAt.toISOString(), version: 1, contentHash: policy.version.contentHash, workflows: [...policy.workflowIds.keys()] },
    },
    ...delegations.map((d): SeedEvent => {
      const at = delegationCreatedAt(d.startsAt, now);
      return {
        at,
        actorType: "USER",
        actorId: d.delegator.id,
        action: "delegation.created",
        entityType: "Delegation",
        entityId: d.id,
        requestId: null,
        data: { at: at.toISOString(), delegateId: d.delegate.id, startsAt: d.startsAt, endsAt: d.endsAt, reason: d.reason },
      };
    }),
    ...tickets.events,
  ];
  // A stable sort keeps each ticket's events in lifecycle order when times coincide.
  events.sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    users: userRows(people, now),
    identities: withRotations(identityRows(identities, userId, now), tickets),
    systems: systemRows(systems, userId, now),
    entitlements: entitlementRows(catalogue, now),
    policy,
    delegations: delegations.map((d) => {
      const createdAt = delegationCreatedAt(d.startsAt, now);
      return { id: d.id, delegatorId: d.delegator.id, delegateId: d.delegate.id, startsAt: d.startsAt, endsAt: d.endsAt, reason: d.reason, createdAt, updatedAt: createdAt };
    }),
    tickets,
    events,
    org,
  };
}

/** Delegations are set up two days ahead, or an hour ago for ones starting soon. */
function delegationCreatedAt(startsAt: Date, now: Date): Date {
  return new Date(Math.min(startsAt.getTime() - 2 * 86_400_000, now.getTime() - 3_600_000));
}

/** An NHI's last rotation is its most recent fulfilled ROTATE ticket, when it has one. */
function withRotations(rows: Prisma.IdentityCreateManyInput[], tickets: Rows): Prisma.IdentityCreateManyInput[] {
  const rotate = new Set(tickets.requests.filter((r) => r.kind === "ROTATE").map((r) => r.id));
  for (const grant of tickets.grants) {
    if (!rotate.has(grant.requestId) || !grant.grantedAt) continue;
    const row = rows.find((i) => i.id === grant.identityId);
    const at = grant.grantedAt as Date;
    if (row && (!row.lastRotatedAt || (row.lastRotatedAt as Date) < at)) row.lastRotatedAt = at;
  }
  return rows;
}
