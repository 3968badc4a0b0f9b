import { accessPart, diffScope, SCOPE_FIXED_KEYS, stableJson, type ScopeDiffEntry } from "@/server/domain/approvals/scope-diff";
import { formatValue, pathLabel } from "./types";

type Leaf = { path: string; value: unknown };

/** Object members flattened to dotted paths; lists and plain values are leaves. */
function leaves(value: unknown, prefix = ""): Leaf[] {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, member]) => leaves(member, prefix ? `${prefix}.${key}` : key));
  }
  return [{ path: prefix, value }];
}

const under = (path: string, root: string) => path === root || path.startsWith(`${root}.`);

const CHIP = "inline-flex items-center gap-0.5 rounded px-1.5 py-0.5 font-mono text-[11px] ring-1 ring-inset";

function Element({ value, mark }: { value: unknown; mark: "same" | "added" | "removed" }) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (mark === "added") {
    return (
      <span className={`${CHIP} bg-green-50 text-green-800 ring-green-300`} data-change="added">
        <span aria-hidden="true">+</span>
        <span className="sr-only">added: </span>
        {text}
      </span>
    );
  }
  if (mark === "removed") {
    return (
      <span className={`${CHIP} bg-red-50 text-red-800 line-through ring-red-300`} data-change="removed">
        <span className="sr-only">removed: </span>
        {text}
      </span>
    );
  }
  return <span className={`${CHIP} bg-surface text-ink ring-line`}>{text}</span>;
}

function Row({ leaf, changes, highlight, muted }: { leaf: Leaf; changes: readonly ScopeDiffEntry[]; highlight: boolean; muted: boolean }) {
  const whole = highlight ? changes.find((c) => (c.kind === "added" || c.kind === "removed") && under(leaf.path, c.path)) : undefined;
  const changed = highlight ? changes.find((c) => c.kind === "changed" && c.path === leaf.path) : undefined;
  const added = highlight ? changes.filter((c) => c.kind === "element-added" && c.path === leaf.path).map((c) => stableJson((c as { element: unknown }).element)) : [];
  const removed = highlight ? changes.filter((c) => c.kind === "element-removed" && c.path === leaf.path).map((c) => (c as { element: unknown }).element) : [];
  const tone = whole?.kind === "added" ? "bg-green-50/70" : whole?.kind === "removed" ? "bg-red-50/70" : changed || added.length || removed.length ? "bg-amber-50/60" : muted ? "bg-surface/60" : "";
  const mark = whole?.kind === "added" ? "added" : whole?.kind === "removed" ? "removed" : changed || added.length || removed.length ? "changed" : null;
  return (
    <div className={`grid grid-cols-[minmax(7rem,11rem)_1fr] gap-3 px-3 py-1.5 ${tone}`} data-scope-path={leaf.path} data-change={mark ?? undefined}>
      <dt className="flex items-start gap-1.5 text-xs leading-5 text-muted">
        {pathLabel(leaf.path)}
        {mark ? (
          <span className={`rounded px-1 text-[10px] font-semibold uppercase tracking-wide ${mark === "added" ? "text-green-800" : mark === "removed" ? "text-red-800" : "text-amber-800"}`}>{mark}</span>
        ) : null}
      </dt>
      <dd className="flex min-w-0 flex-wrap items-center gap-1 text-sm text-ink">
        {Array.isArray(leaf.value) ? (
          <>
            {leaf.value.map((element, i) => (
              <Element key={i} value={element} mark={whole?.kind === "removed" ? "removed" : added.includes(stableJson(element)) ? "added" : "same"} />
            ))}
            {removed.map((element, i) => (
              <Element key={`r${i}`} value={element} mark="removed" />
            ))}
          </>
        ) : changed && changed.kind === "changed" ? (
          <span className="font-mono text-xs">
            <span className="text-red-800 line-through">
              <span className="sr-only">was </span>
              {formatValue(changed.before)}
            </span>{" "}
            <span aria-hidden="true">→</span> <span className="font-semibold text-green-800">{formatValue(changed.after)}</span>
          </span>
        ) : (
          <span className={`font-mono text-xs ${whole?.kind === "removed" ? "text-red-800 line-through" : ""}`}>{formatValue(leaf.value)}</span>
        )}
      </dd>
    </div>
  );
}

/**
 * A scope as labelled rows, with what changes against a base marked: whole keys added or removed,
 * values changed (old struck through), list elements added (+) and removed (struck through).
 */
export function ScopeView({ scope, changes, highlight, label }: { scope: unknown; changes: readonly ScopeDiffEntry[]; highlight: boolean; label: string }) {
  // The access first, in a stable order; then what names the target (system, entitlement, identity).
  const target = (l: Leaf) => SCOPE_FIXED_KEYS.includes(l.path.split(".")[0]!);
  const all = leaves(accessPart(scope))
    .filter((l) => l.path)
    .sort((a, b) => a.path.localeCompare(b.path));
  const shown = [...all.filter((l) => !target(l)), ...all.filter(target)];
  // Keys of the base that the scope no longer has get a row of their own.
  const gone = highlight ? changes.filter((c) => c.kind === "removed" && !shown.some((l) => under(l.path, c.path))) : [];
  const rows = [...shown, ...gone.flatMap((c) => leaves(c.kind === "removed" ? c.before : null, c.path))];
  if (rows.length === 0) return <p className="px-3 py-2 text-sm text-muted">The whole entitlement, with no further scope.</p>;
  return (
    <div className="flex flex-col gap-1.5">
      <dl aria-label={label} className="divide-y divide-line overflow-hidden rounded-lg ring-1 ring-line">
        {rows.map((leaf) => (
          <Row key={leaf.path} leaf={leaf} changes={changes} highlight={highlight} muted={target(leaf)} />
        ))}
      </dl>
      <details className="text-xs">
        <summary className="cursor-pointer text-muted hover:text-ink">Exact JSON as stored</summary>
        <pre className="mt-1 max-h-72 overflow-auto rounded-lg bg-surface px-3 py-2 font-mono text-[11px] leading-4 text-ink ring-1 ring-line">{JSON.stringify(scope, null, 2)}</pre>
      </details>
    </div>
  );
}

/** What an approver's narrowing took away from the scope they were shown. */
export function narrowingChanges(from: unknown, to: unknown): ScopeDiffEntry[] {
  return diffScope(accessPart(from), accessPart(to));
}
