"use client";

import { useState } from "react";
import { Card } from "@/components/ui/card";
import { policyDocumentSchema, type PolicyDocument } from "@/server/domain/policy/schema";
import { buttonPrimary, buttonSecondary, inputClass } from "../styles";
import { displayPath, pathKey, type DraftIssue } from "./issues";

/** Parses a whole document as typed or uploaded; the issues carry paths like the server's. */
export function parseDocumentText(text: string): { doc: PolicyDocument } | { issues: DraftIssue[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { issues: [{ path: "", rule: "json-syntax", message: error instanceof Error ? error.message : "Not valid JSON." }] };
  }
  const parsed = policyDocumentSchema.safeParse(raw);
  if (parsed.success) return { doc: parsed.data };
  return { issues: parsed.error.issues.map((i) => ({ path: pathKey(i.path.map((p) => (typeof p === "symbol" ? String(p) : p))), rule: i.code, message: i.message })) };
}

/** The whole draft as JSON for power users; it reaches the draft only when its shape is right. */
export function JsonSection({ doc, onApply }: { doc: PolicyDocument; onApply: (doc: PolicyDocument) => void }) {
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [applied, setApplied] = useState(false);

  function apply() {
    const result = parseDocumentText(text);
    if ("issues" in result) {
      setIssues(result.issues);
      setApplied(false);
      return;
    }
    setIssues([]);
    setApplied(true);
    onApply(result.doc);
  }

  return (
    <Card className="p-4">
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-muted">Edit the document directly. Apply checks its shape; Save draft checks the rest.</p>
        <div className="flex gap-2">
          <button type="button" className={buttonSecondary} onClick={() => setText(JSON.stringify(doc, null, 2))}>
            Reload from draft
          </button>
          <button type="button" className={buttonPrimary} onClick={apply}>
            Apply JSON
          </button>
        </div>
      </div>
      <label htmlFor="policy-json" className="sr-only">
        Policy document JSON
      </label>
      <textarea
        id="policy-json"
        spellCheck={false}
        rows={28}
        className={`${inputClass} font-mono text-xs leading-5`}
        value={text}
        aria-invalid={issues.length > 0}
        onChange={(e) => {
          setText(e.target.value);
          setApplied(false);
        }}
      />
      <div role="status" className="mt-2 text-xs">
        {applied ? <p className="text-green-800">Applied to the draft. Save it to keep it.</p> : null}
        {issues.length > 0 ? (
          <ul className="space-y-0.5 text-red-700">
            {issues.map((issue, i) => (
              <li key={i}>
                <span className="font-mono">{displayPath(issue.path) || "(document)"}</span>: {issue.message} <span className="font-mono">({issue.rule})</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </Card>
  );
}
