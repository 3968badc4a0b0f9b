"use client";

import { createContext, useContext, useMemo, type ReactNode } from "react";

/** One finding about a draft: where it is, which rule it breaks, in words. */
export interface DraftIssue {
  path: string;
  rule: string;
  message: string;
}

/** Paths arrive as arrays or as "a.b[2].c"; one dotted form lets fields find their own. */
export function pathKey(path: string | readonly (string | number)[]): string {
  if (typeof path !== "string") return path.map(String).join(".");
  return path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
}

/** Back to the validator's notation for people: rules.10.then.workflow -> rules[10].then.workflow. */
export function displayPath(key: string): string {
  return key.replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

interface IssuesIndex {
  all: DraftIssue[];
  at: (path: string) => DraftIssue[];
  under: (prefix: string) => DraftIssue[];
}

const IssuesContext = createContext<IssuesIndex>({ all: [], at: () => [], under: () => [] });

export function IssuesProvider({ issues, children }: { issues: DraftIssue[]; children: ReactNode }) {
  const index = useMemo<IssuesIndex>(() => {
    const byPath = new Map<string, DraftIssue[]>();
    for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue]);
    return {
      all: issues,
      at: (path) => byPath.get(path) ?? [],
      under: (prefix) => issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`)),
    };
  }, [issues]);
  return <IssuesContext.Provider value={index}>{children}</IssuesContext.Provider>;
}

export function useIssues(): IssuesIndex {
  return useContext(IssuesContext);
}

/** The messages for one field, shown beside it; the id lets the input point at them. */
export function FieldIssues({ path, id }: { path: string; id?: string }) {
  const issues = useIssues().at(path);
  if (issues.length === 0) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-xs text-red-700">
      {issues.map((issue) => (
        <li key={`${issue.rule}:${issue.message}`}>
          {issue.message}
          {issue.rule ? <span className="ml-1 font-mono text-[11px] text-red-600/80">({issue.rule})</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** Issues about a whole block (an item or a list) rather than one of its fields. */
export function BlockIssues({ path }: { path: string }) {
  const issues = useIssues().at(path);
  if (issues.length === 0) return null;
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
      {issues.map((issue) => (
        <p key={`${issue.rule}:${issue.message}`}>
          {issue.message} <span className="font-mono text-[11px]">({issue.rule})</span>
        </p>
      ))}
    </div>
  );
}
