/** One line per scope entry, in a stable order, so two scopes compare line by line. */
export function scopeLines(scope: unknown): string[] {
  if (!scope || typeof scope !== "object") return scope === undefined || scope === null ? [] : [String(scope)];
  return Object.keys(scope as Record<string, unknown>)
    .sort()
    .map((key) => `${key}: ${JSON.stringify((scope as Record<string, unknown>)[key])}`);
}

export function ScopeText({ scope }: { scope: unknown }) {
  const lines = scopeLines(scope);
  return <span className="font-mono">{lines.length ? lines.join(" · ") : "whole entitlement"}</span>;
}

/** The exact scope as a small code block. */
export function ScopeBlock({ scope }: { scope: unknown }) {
  const lines = scopeLines(scope);
  return (
    <pre className="overflow-x-auto rounded-lg bg-surface px-3 py-2 font-mono text-xs leading-5 text-ink ring-1 ring-line">
      {lines.length ? lines.join("\n") : "(whole entitlement)"}
    </pre>
  );
}

/** A scope change as removed and added lines; unchanged lines give the context. */
export function ScopeDiff({ before, after }: { before: unknown; after: unknown }) {
  const old = scopeLines(before);
  const next = scopeLines(after);
  const rows = [
    ...old.map((line) => ({ line, mark: next.includes(line) ? " " : "-" })),
    ...next.filter((line) => !old.includes(line)).map((line) => ({ line, mark: "+" })),
  ];
  const changed = rows.some((row) => row.mark !== " ");
  return (
    <div aria-label="Scope change" role="group">
      <pre className="overflow-x-auto rounded-lg bg-surface py-2 font-mono text-xs leading-5 ring-1 ring-line">
        {rows.map((row, index) => (
          <div
            key={index}
            className={`px-3 ${row.mark === "-" ? "bg-red-50 text-red-800" : row.mark === "+" ? "bg-green-50 text-green-800" : "text-muted"}`}
          >
            <span aria-hidden="true" className="mr-2 select-none">
              {row.mark}
            </span>
            <span className="sr-only">{row.mark === "-" ? "removed: " : row.mark === "+" ? "added: " : "unchanged: "}</span>
            {row.line}
          </div>
        ))}
      </pre>
      {!changed ? <p className="mt-1 text-xs text-muted">No change yet: edit the scope or pick another entitlement.</p> : null}
    </div>
  );
}
