import type { ReactNode } from "react";

export function Card({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <div className={`rounded-card border border-line bg-panel shadow-card ${className}`}>
      {children}
    </div>
  );
}

/** A titled card section; the heading gives screen-reader users a landmark to jump to. */
export function Panel({
  title,
  description,
  action,
  children,
  id,
}: {
  title: string;
  description?: string;
  action?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <section aria-labelledby={headingId} className="flex flex-col">
      <Card className="flex flex-1 flex-col">
        <header className="flex items-start justify-between gap-4 border-b border-line px-5 py-4">
          <div>
            <h2 id={headingId} className="text-sm font-semibold text-ink">
              {title}
            </h2>
            {description ? <p className="mt-0.5 text-xs text-muted">{description}</p> : null}
          </div>
          {action}
        </header>
        <div className="flex-1 p-2">{children}</div>
      </Card>
    </section>
  );
}

/** The key facts under a page header's title, in one row of up to four. */
export function HeaderFacts({ facts }: { facts: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="mt-5 grid gap-4 border-t border-line pt-4 sm:grid-cols-4">
      {facts.map((fact) => (
        <div key={fact.label}>
          <dt className="text-xs text-muted">{fact.label}</dt>
          <dd className="mt-0.5 text-sm font-medium text-ink">{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
