import { canonicalJson } from "@/server/domain/audit/canonical";
import { AppError } from "@/server/domain/errors";

/** Keys that name what the scope is about; an approver may narrow the access, not retarget it. */
const FIXED_KEYS = new Set(["system", "entitlement", "identity", "action", "grantId", "grantType", "previous"]);

export interface ScopeChange {
  path: string;
  from: unknown;
  to: unknown;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Checks that `proposed` lets through no more than `requested` and lists what it takes away.
 * The rules: the same keys (dropping a key could lift a restriction such as `schemas`); a list keeps
 * a non-empty subset of its elements (any strings when the request was the wildcard "*"); a number
 * may only go down (limits, validity, rate); every other value stays as requested.
 */
export function narrowScope(requested: unknown, proposed: unknown): ScopeChange[] {
  const changes: ScopeChange[] = [];
  within(requested as Json, proposed as Json, "", changes);
  return changes;
}

function refuse(path: string, rule: string): never {
  throw new AppError("BAD_REQUEST", `Scope ${path || "(whole)"} ${rule}; an approver may narrow the scope, never widen it.`, "scope");
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function within(requested: Json, proposed: Json, path: string, changes: ScopeChange[]): void {
  if (isObject(requested)) {
    if (!isObject(proposed)) refuse(path, "must stay an object");
    for (const key of Object.keys(proposed)) {
      if (!(key in requested)) refuse(join(path, key), "was not requested");
    }
    for (const key of Object.keys(requested)) {
      const at = join(path, key);
      if (!(key in proposed)) refuse(at, "may not be removed (that could lift a restriction)");
      if (path === "" && FIXED_KEYS.has(key)) {
        if (!equal(requested[key]!, proposed[key]!)) refuse(at, "names what is granted and cannot change");
        continue;
      }
      within(requested[key]!, proposed[key]!, at, changes);
    }
    return;
  }
  if (Array.isArray(requested)) {
    if (!Array.isArray(proposed)) refuse(path, "must stay a list");
    if (proposed.length === 0) refuse(path, "must keep at least one element (deny the request instead)");
    const wildcard = requested.includes("*");
    for (const element of proposed) {
      const allowed = requested.some((r) => equal(r, element)) || (wildcard && typeof element === "string");
      if (!allowed) refuse(path, `may not add ${JSON.stringify(element)}`);
    }
    if (new Set(proposed.map((e) => JSON.stringify(e))).size !== proposed.length) refuse(path, "lists an element twice");
    if (!equal(requested, proposed)) changes.push({ path, from: requested, to: proposed });
    return;
  }
  if (typeof requested === "number") {
    if (typeof proposed !== "number" || !Number.isFinite(proposed)) refuse(path, "must stay a number");
    if (proposed > requested) refuse(path, `may not rise above ${requested}`);
    if (proposed !== requested) changes.push({ path, from: requested, to: proposed });
    return;
  }
  if (!equal(requested, proposed)) refuse(path, `must stay ${JSON.stringify(requested)}`);
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function equal(a: Json, b: Json): boolean {
  return canonicalJson(a) === canonicalJson(b);
}
