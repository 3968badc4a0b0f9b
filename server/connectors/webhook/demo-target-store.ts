import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TargetState, WebhookAction } from "./ledger";
import type { WebhookOrder } from "./order";

/**
 * What the demo webhook target holds: per system, which principal has which role, and which
 * portal grants keep each assignment. Two grants of the same access to the same principal (a
 * renewal overlapping the grant it replaces) share one assignment; it goes away with the last.
 * Kept in memory and, when a file is given, in that JSON file, so a restart keeps the state.
 */
export interface Assignment {
  principal: string;
  principalKind: "HUMAN" | "NHI";
  role: string;
  account: string;
  scope: Record<string, unknown>;
  grantIds: string[];
  assignedAt: string;
}

/** The outcome of one order, answered again (not applied again) when the same key comes back. */
export interface AppliedOrder {
  orderId: string;
  system: string;
  action: WebhookAction;
  state: TargetState;
  observed: Record<string, unknown>;
  appliedAt: string;
}

interface StateFile {
  version: 1;
  systems: Record<string, Record<string, Assignment>>;
  orders: Record<string, AppliedOrder>;
}

/** Outcomes kept for replays; the oldest are forgotten first (a replay after that applies anew, idempotently). */
const MAX_REMEMBERED_ORDERS = 5_000;

/** The role a scope names, whatever the target calls it. */
export function roleOf(scope: Record<string, unknown>): string {
  const named = scope.role ?? scope.permissionSet ?? scope.clusterRole;
  if (typeof named === "string") return named;
  if (typeof scope.permission === "string") {
    const on = scope.team ?? scope.app ?? scope.resource ?? scope.scope ?? (Array.isArray(scope.teams) ? scope.teams.join("+") : undefined);
    return on ? `${scope.permission}:${String(on)}` : scope.permission;
  }
  if (Array.isArray(scope.scopes)) return scope.scopes.map(String).join(" ");
  return "access";
}

/** The account, organisation, cluster or tenant a scope lives in; the system key otherwise. */
export function accountOf(scope: Record<string, unknown>, system: string): string {
  const where = scope.account ?? scope.org ?? scope.cluster ?? scope.tenant ?? scope.app;
  return typeof where === "string" ? where : system;
}

/** Same principal and same scope (keys in any order) is the same assignment. */
function assignmentKey(order: WebhookOrder): string {
  const canonical = JSON.stringify(sortKeys({ principal: order.identity.id, scope: order.scope }));
  return createHash("sha256").update(canonical).digest("hex").slice(0, 24);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export class DemoTargetStore {
  private state: StateFile = { version: 1, systems: {}, orders: {} };
  /** Why the state file could not be read, when it could not: the target then starts empty. */
  readonly loadProblem: string | null = null;

  constructor(private readonly file: string | null) {
    if (!file || !existsSync(file)) return;
    try {
      const loaded = JSON.parse(readFileSync(file, "utf8")) as Partial<StateFile> | null;
      if (loaded?.version !== 1) throw new Error("it is not version 1 of the state file");
      this.state = { version: 1, systems: loaded.systems ?? {}, orders: loaded.orders ?? {} };
    } catch (error) {
      this.loadProblem = `${file} could not be read (${error instanceof Error ? error.message : String(error)}); starting empty`;
    }
  }

  /** The outcome recorded for this order id, when it was applied before. */
  applied(orderId: string): AppliedOrder | undefined {
    return this.state.orders[orderId];
  }

  /** Applies a verified order once: a grant adds the order's grant to the assignment, a revoke removes it. */
  apply(order: WebhookOrder, now: Date): AppliedOrder {
    const earlier = this.applied(order.orderId);
    if (earlier) return earlier;
    const assignments = (this.state.systems[order.system] ??= {});
    const key = assignmentKey(order);
    const role = roleOf(order.scope);
    const account = accountOf(order.scope, order.system);
    let assignment = assignments[key];
    if (order.action === "grant") {
      assignment ??= {
        principal: order.identity.name,
        principalKind: order.identity.kind,
        role,
        account,
        scope: order.scope,
        grantIds: [],
        assignedAt: now.toISOString(),
      };
      if (!assignment.grantIds.includes(order.grantId)) assignment.grantIds.push(order.grantId);
      assignments[key] = assignment;
    } else if (assignment) {
      assignment.grantIds = assignment.grantIds.filter((id) => id !== order.grantId);
      if (assignment.grantIds.length === 0) {
        delete assignments[key];
        assignment = undefined;
      }
    }
    const outcome: AppliedOrder = {
      orderId: order.orderId,
      system: order.system,
      action: order.action,
      state: order.action === "grant" ? "granted" : "revoked",
      observed: {
        source: "demo webhook target",
        system: order.system,
        assigned: Boolean(assignment),
        principal: order.identity.name,
        role,
        account,
        // Other portal grants that still keep the same access after a revoke.
        heldBy: assignment?.grantIds ?? [],
        readAt: now.toISOString(),
      },
      appliedAt: now.toISOString(),
    };
    this.remember(outcome);
    this.save();
    return outcome;
  }

  /** Every assignment the target holds, by system. */
  assignments(system?: string): Record<string, Assignment[]> {
    const systems = system ? { [system]: this.state.systems[system] ?? {} } : this.state.systems;
    return Object.fromEntries(Object.entries(systems).map(([key, held]) => [key, Object.values(held)]));
  }

  private remember(outcome: AppliedOrder): void {
    this.state.orders[outcome.orderId] = outcome;
    const ids = Object.keys(this.state.orders);
    for (const id of ids.slice(0, Math.max(0, ids.length - MAX_REMEMBERED_ORDERS))) delete this.state.orders[id];
  }

  /** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
  private save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state, null, 2), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
