/**
 * What a requested scope changes against the access held now, key by key and, in lists, element by
 * element. Pure and free of server imports, so the review page can reuse it in the browser.
 */

export type ScopeDiffEntry =
  /** A key the current access does not have. */
  | { kind: "added"; path: string; after: unknown }
  /** A key of the current access the requested scope drops. */
  | { kind: "removed"; path: string; before: unknown }
  /** A value that differs and is not a list on both sides (numbers, strings, a list that became an object). */
  | { kind: "changed"; path: string; before: unknown; after: unknown }
  /** One list element the requested scope adds. */
  | { kind: "element-added"; path: string; element: unknown }
  /** One list element of the current access the requested scope drops. */
  | { kind: "element-removed"; path: string; element: unknown };

/** Bookkeeping keys of a stored scope that say how a ticket acts, not what access it gives. */
export const SCOPE_BOOKKEEPING_KEYS: readonly string[] = ["action", "grantId", "grantType", "previous", "previousCredentialId"];

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted at every depth, so equal values compare equal whatever their key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The access part of a stored scope: the bookkeeping keys at the top level left out. */
export function accessPart(scope: unknown): Obj {
  if (!isObject(scope)) return {};
  return Object.fromEntries(Object.entries(scope).filter(([key]) => !SCOPE_BOOKKEEPING_KEYS.includes(key)));
}

/**
 * The differences from `before` (access held now; null when none) to `after` (the requested scope),
 * in the order of `before`'s keys then `after`'s new ones. Nested objects are compared member by
 * member; lists as sets of elements (order is not access); a list element that appears twice counts once.
 */
export function diffScope(before: unknown, after: unknown): ScopeDiffEntry[] {
  const out: ScopeDiffEntry[] = [];
  walk(before ?? {}, after ?? {}, "", out);
  return out;
}

function walk(before: unknown, after: unknown, path: string, out: ScopeDiffEntry[]): void {
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (before[key] === undefined) continue;
      if (!(key in after) || after[key] === undefined) out.push({ kind: "removed", path: join(path, key), before: before[key] });
      else walk(before[key], after[key], join(path, key), out);
    }
    for (const key of Object.keys(after)) {
      if (after[key] !== undefined && (!(key in before) || before[key] === undefined)) out.push({ kind: "added", path: join(path, key), after: after[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const had = new Set(before.map(stableJson));
    const has = new Set(after.map(stableJson));
    const seen = new Set<string>();
    for (const element of before) {
      const k = stableJson(element);
      if (!has.has(k) && !seen.has(k)) out.push({ kind: "element-removed", path, element });
      seen.add(k);
    }
    for (const element of after) {
      const k = stableJson(element);
      if (!had.has(k) && !seen.has(k)) out.push({ kind: "element-added", path, element });
      seen.add(k);
    }
    return;
  }
  if (!same(before, after)) out.push({ kind: "changed", path, before, after });
}

/** A one-line summary such as "2 added, 1 removed, 1 changed"; "no change" when there is none. */
export function summariseScopeDiff(entries: readonly ScopeDiffEntry[]): string {
  const added = entries.filter((e) => e.kind === "added" || e.kind === "element-added").length;
  const removed = entries.filter((e) => e.kind === "removed" || e.kind === "element-removed").length;
  const changed = entries.filter((e) => e.kind === "changed").length;
  const parts = [added ? `${added} added` : "", removed ? `${removed} removed` : "", changed ? `${changed} changed` : ""].filter(Boolean);
  return parts.length ? parts.join(", ") : "no change";
}

/** Keys that name what a scope is about; an approver narrows the access, never retargets it. */
export const SCOPE_FIXED_KEYS: readonly string[] = ["system", "entitlement", "identity", ...SCOPE_BOOKKEEPING_KEYS];

/** A part of a scope an approver may narrow: a list to a non-empty subset, a number to a lower one. */
export type NarrowableField =
  | { kind: "list"; path: readonly string[]; options: readonly (string | number | boolean)[] }
  | { kind: "number"; path: readonly string[]; max: number };

/** Every list of plain values and every number in the scope, outside the keys that name the target. */
export function narrowableFields(scope: unknown): NarrowableField[] {
  const fields: NarrowableField[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === "number" && Number.isFinite(value)) fields.push({ kind: "number", path, max: value });
    else if (Array.isArray(value) && value.length > 0 && value.every((v) => ["string", "number", "boolean"].includes(typeof v))) {
      fields.push({ kind: "list", path, options: value as (string | number | boolean)[] });
    } else if (isObject(value)) {
      for (const [key, member] of Object.entries(value)) {
        if (path.length === 0 && SCOPE_FIXED_KEYS.includes(key)) continue;
        visit(member, [...path, key]);
      }
    }
  };
  visit(scope, []);
  return fields;
}

/** A copy of `scope` with the value at each path replaced; paths are dotted ("limit.perPayment"). */
export function withValues(scope: unknown, values: ReadonlyMap<string, unknown>): Obj {
  const copy = JSON.parse(JSON.stringify(isObject(scope) ? scope : {})) as Obj;
  for (const [dotted, value] of values) {
    const path = dotted.split(".");
    let node: Obj | null = copy;
    for (const key of path.slice(0, -1)) {
      const next: unknown = node[key];
      node = isObject(next) ? next : null;
      if (!node) break;
    }
    const last = path.at(-1)!;
    if (node && last in node) node[last] = value;
  }
  return copy;
}
