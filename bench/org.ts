import type { ConnectorType, Environment, NhiType, RiskTier, Role } from "@/server/db/generated/client";
import { CATALOGUE, type Audience } from "@/server/db/seed/catalogue-data";
import { DEMO_PERSONAS } from "@/server/db/seed/personas";
import { DEPARTMENTS } from "@/server/db/seed/people";
import { SECURITY_REVIEWER_EMAILS } from "@/server/db/seed/policy-document";
import { SeedRandom, stream } from "@/server/db/seed/random";
import { buildSystems } from "@/server/db/seed/systems";
import { IdSpace } from "./ids";
import { FIRST_NAMES, LAST_NAMES, REGIONS, TEAMS, TITLES, WORKLOADS } from "./words";

export interface Counts {
  people: number;
  nhis: number;
  systems: number;
  tickets: number;
  approvers: number;
}

/** Row counts at a scale: scale 1 is the large organisation of the benchmarks. */
export function countsFor(scale: number): Counts {
  if (!(scale > 0) || scale > 10) throw new Error("scale must be greater than 0 and at most 10");
  return {
    people: Math.max(40, Math.round(10_000 * scale)),
    nhis: Math.max(10, Math.round(5_000 * scale)),
    systems: Math.max(13, Math.round(1_000 * scale)),
    tickets: Math.max(100, Math.round(100_000 * scale)),
    approvers: Math.max(12, Math.round(500 * scale)),
  };
}

export interface Person {
  index: number;
  id: string;
  email: string;
  name: string;
  department: string;
  title: string;
  manager: number | null;
  roles: Role[];
  active: boolean;
  createdAt: number;
}

export interface Ident {
  index: number;
  id: string;
  kind: "HUMAN" | "NHI";
  name: string;
  displayName: string;
  person: number | null;
  owner: number | null;
  backup: number | null;
  nhiType: NhiType | null;
  workload: string | null;
  environment: Environment | null;
  dependencies: string[];
  rotationPeriodDays: number | null;
  createdAt: number;
}

export interface Sys {
  index: number;
  id: string;
  key: string;
  name: string;
  description: string;
  connectorType: ConnectorType;
  connectorConfig: Record<string, unknown>;
  owner: number;
  riskTier: RiskTier;
  environment: Environment;
  createdAt: number;
}

export interface Ent {
  index: number;
  id: string;
  system: Sys;
  key: string;
  name: string;
  scope: Record<string, unknown>;
  riskTier: RiskTier;
  privileged: boolean;
  maxTtlHours: number | null;
  audience: Audience;
  requestable: boolean;
}

export interface Organisation {
  people: Person[];
  identities: Ident[];
  humanIdentity: Ident[];
  nhis: Ident[];
  systems: Sys[];
  entitlements: Ent[];
  forHumans: Ent[];
  forNhis: Ent[];
  /** Indexes of people with the APPROVER role. */
  approvers: number[];
  securityReviewers: number[];
  admin: number;
}

const DAY = 86_400_000;
const SPECIAL_APPROVERS = ["avery.approver@acme.example", "adam.admin@acme.example", ...SECURITY_REVIEWER_EMAILS.filter((e) => e !== "adam.admin@acme.example")];

/**
 * People in a management tree: the first `approvers` people are the managers (every approver
 * reports to an approver nearer the root), everyone else reports to one of them, so each
 * approver leads about 20 people. The demo personas and the policy's named security reviewers
 * are among them, so demo sign-in and the policy's group work on a generated database.
 */
export function buildOrganisation(counts: Counts, seed: number, now: number): Organisation {
  const rng = stream("bench-people", seed);
  const ids = new IdSpace(seed, "User");
  const people: Person[] = [];
  const named = new Map<number, { email: string; name: string; roles: Role[]; title: string }>();
  const persona = (email: string) => DEMO_PERSONAS.find((p) => p.email === email);
  SPECIAL_APPROVERS.forEach((email, i) => {
    const p = persona(email);
    const name = p?.name ?? email.split("@")[0]!.split(".").map((s) => s[0]!.toUpperCase() + s.slice(1)).join(" ");
    named.set(i + 1, { email, name, roles: p ? [...p.roles] : ["APPROVER", "REQUESTER"], title: p?.title ?? "Security Engineer" });
  });
  const riley = persona("riley.requester@acme.example")!;
  const audrey = persona("audrey.auditor@acme.example")!;
  named.set(counts.approvers, { email: riley.email, name: riley.name, roles: [...riley.roles], title: riley.title });
  named.set(counts.approvers + 1, { email: audrey.email, name: audrey.name, roles: [...audrey.roles], title: audrey.title });

  for (let i = 0; i < counts.people; i++) {
    const isApprover = i < counts.approvers;
    let manager: number | null;
    if (i === 0) manager = null;
    else if (isApprover) manager = Math.floor((i - 1) / 8);
    else if (i === counts.approvers) manager = 1; // Riley reports to Avery, as in the demo.
    else manager = 1 + ((i * 7919) % (counts.approvers - 1));
    const given = named.get(i);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const name = given?.name ?? `${first} ${last}`;
    const email = given?.email ?? `${first}.${last}.${i}@acme.example`.toLowerCase();
    const department =
      SPECIAL_APPROVERS.includes(email) && email !== "avery.approver@acme.example"
        ? "Security"
        : isApprover
          ? DEPARTMENTS[i % DEPARTMENTS.length]!
          : people[manager!]!.department;
    const roles: Role[] = given?.roles ?? (isApprover ? ["APPROVER", "REQUESTER"] : rng.chance(0.005) ? ["AUDITOR"] : ["REQUESTER"]);
    people.push({
      index: i,
      id: ids.id(i),
      email,
      name,
      department,
      title: given?.title ?? (isApprover ? (i < 9 ? `Head of ${department}` : `${department} Manager`) : rng.pick(TITLES)),
      manager,
      roles,
      // Leavers stay in the directory; approvers and named people stay active.
      active: isApprover || given !== undefined || !rng.chance(0.03),
      createdAt: now - 760 * DAY + rng.int(0, 20) * DAY,
    });
  }
  const approvers = people.filter((p) => p.roles.includes("APPROVER")).map((p) => p.index);
  const security = approvers.filter((i) => people[i]!.department === "Security");
  const securityReviewers = security.slice(0, Math.min(50, security.length));

  const identities: Ident[] = [];
  const identityIds = new IdSpace(seed, "Identity");
  for (const p of people) {
    identities.push({
      index: identities.length,
      id: identityIds.id(identities.length),
      kind: "HUMAN",
      name: p.email.split("@")[0]!,
      displayName: p.name,
      person: p.index,
      owner: null,
      backup: null,
      nhiType: null,
      workload: null,
      environment: null,
      dependencies: [],
      rotationPeriodDays: null,
      createdAt: p.createdAt,
    });
  }
  const nhiRng = stream("bench-nhis", seed);
  const nhiTypes: NhiType[] = ["SERVICE_ACCOUNT", "WORKLOAD", "BOT", "OAUTH_APP", "AI_AGENT"];
  for (let n = 0; n < counts.nhis; n++) {
    const owner = nhiRng.int(0, counts.people - 1);
    let backup = nhiRng.int(0, counts.people - 1);
    if (backup === owner) backup = (backup + 1) % counts.people;
    const workload = nhiRng.pick(WORKLOADS);
    const environment = nhiRng.weighted<Environment>([["PRODUCTION", 6], ["STAGING", 3], ["DEVELOPMENT", 1]]);
    const type = nhiRng.weighted(nhiTypes.map((t, i) => [t, [5, 4, 2, 1, 1][i]!] as const));
    const name = `${workload}-${type.toLowerCase().replace("_", "-")}-${environment.slice(0, 4).toLowerCase()}-${n}`;
    identities.push({
      index: identities.length,
      id: identityIds.id(identities.length),
      kind: "NHI",
      name,
      displayName: `${workload} ${type.toLowerCase().replace("_", " ")} (${environment.toLowerCase()})`,
      person: null,
      owner,
      backup: nhiRng.chance(0.9) ? backup : null,
      nhiType: type,
      workload,
      environment,
      dependencies: nhiRng.shuffle(WORKLOADS).slice(0, nhiRng.int(0, 3)),
      rotationPeriodDays: nhiRng.pick([30, 60, 90, 180]),
      createdAt: now - nhiRng.int(735, 760) * DAY,
    });
  }

  const { systems, entitlements } = buildSystemsAndCatalogue(counts.systems, approvers, seed, now);
  const humanIdentity = identities.filter((i) => i.kind === "HUMAN");
  return {
    people,
    identities,
    humanIdentity,
    nhis: identities.filter((i) => i.kind === "NHI"),
    systems,
    entitlements,
    forHumans: entitlements.filter((e) => e.requestable && e.audience !== "nhi"),
    forNhis: entitlements.filter((e) => e.requestable && e.audience !== "human"),
    approvers,
    securityReviewers,
    admin: 2,
  };
}

/** Systems cloned from the demo's thirteen kinds of target, each with its catalogue of entitlements. */
function buildSystemsAndCatalogue(count: number, approvers: number[], seed: number, now: number): { systems: Sys[]; entitlements: Ent[] } {
  const rng = stream("bench-systems", seed);
  const templates = buildSystems();
  const sysIds = new IdSpace(seed, "System");
  const entIds = new IdSpace(seed, "Entitlement");
  const systems: Sys[] = [];
  const entitlements: Ent[] = [];
  for (let i = 0; i < count; i++) {
    const t = templates[i % templates.length]!;
    const round = Math.floor(i / templates.length);
    const team = rng.pick(TEAMS);
    const region = rng.pick(REGIONS);
    const key = round === 0 ? t.key : `${t.key}-${team}-${region}-${round}`;
    const sys: Sys = {
      index: i,
      id: sysIds.id(i),
      key,
      name: round === 0 ? t.name : `${t.name} (${team}, ${region})`,
      description: `${t.description} Instance ${key} run by the ${team} team in ${region}.`,
      connectorType: t.connectorType,
      connectorConfig: round === 0 ? { ...t.connectorConfig } : { ...t.connectorConfig, instance: key, region },
      owner: approvers[rng.int(0, approvers.length - 1)]!,
      riskTier: t.riskTier,
      environment: t.environment,
      createdAt: now - rng.int(745, 760) * DAY,
    };
    systems.push(sys);
    for (const def of CATALOGUE[t.key] ?? []) {
      entitlements.push({
        index: entitlements.length,
        id: entIds.id(entitlements.length),
        system: sys,
        key: def.key,
        name: def.name,
        scope: JSON.parse(JSON.stringify(def.scope)) as Record<string, unknown>,
        riskTier: def.riskTier,
        privileged: def.privileged,
        maxTtlHours: def.maxTtlHours,
        audience: def.audience,
        requestable: def.requestable ?? true,
      });
    }
  }
  return { systems, entitlements };
}

export function pickFrom<T>(rng: SeedRandom, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)]!;
}
