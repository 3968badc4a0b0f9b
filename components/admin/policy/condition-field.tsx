"use client";

import { useState } from "react";
import { conditionSchema, type PolicyCondition } from "@/server/domain/policy/schema";
import { displayPath, useIssues } from "./issues";
import { JsonTextarea } from "./json-textarea";

/**
 * A rule's or pattern's `when`, edited as JSON: conditions combine freely (anyOf, lists of
 * kinds, departments, entitlements), which a form would only hide. The text is checked against
 * the condition schema as it is typed and reaches the document only when it is valid.
 */
export function ConditionField({ label, path, value, onChange }: { label: string; path: string; value: PolicyCondition; onChange: (v: PolicyCondition) => void }) {
  const [text, setText] = useState(() => formatCondition(value));
  const [localError, setLocalError] = useState<string | null>(null);
  const serverIssues = useIssues().under(path);

  // A change from outside (reorder, raw JSON, import) replaces the text; the user's own typing,
  // which already produced this value, keeps its layout.
  const serialized = JSON.stringify(value);
  const [seen, setSeen] = useState(serialized);
  if (seen !== serialized) {
    setSeen(serialized);
    if (normalise(text) !== serialized) {
      setText(formatCondition(value));
      setLocalError(null);
    }
  }

  function handle(next: string) {
    setText(next);
    let parsed: unknown;
    try {
      parsed = JSON.parse(next);
    } catch {
      setLocalError("Not valid JSON yet.");
      return;
    }
    const result = conditionSchema.safeParse(parsed);
    if (!result.success) {
      const first = result.error.issues[0];
      setLocalError(first ? `${first.path.join(".") || "condition"}: ${first.message}` : "Not a valid condition.");
      return;
    }
    setLocalError(null);
    onChange(result.data);
  }

  const invalid = localError !== null || serverIssues.length > 0;
  return (
    <JsonTextarea label={label} rows={Math.min(8, Math.max(1, text.split("\n").length))} text={text} invalid={invalid} onChange={handle}>
      {localError ? <p className="mt-1 text-xs text-red-700">{localError}</p> : null}
      {serverIssues.map((issue) => (
        <p key={`${issue.path}:${issue.rule}`} className="mt-1 text-xs text-red-700">
          <span className="font-mono text-[11px]">{displayPath(issue.path)}</span>: {issue.message} <span className="font-mono text-[11px]">({issue.rule})</span>
        </p>
      ))}
    </JsonTextarea>
  );
}

function normalise(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Short conditions on one line; longer ones one member per line, so rules stay readable in a list. */
function formatCondition(value: PolicyCondition): string {
  const line = compact(value);
  if (line.length <= 90) return line;
  const members = Object.entries(value).map(([key, member]) => `  ${JSON.stringify(key)}: ${compact(member)}`);
  return `{\n${members.join(",\n")}\n}`;
}

function compact(value: unknown): string {
  return JSON.stringify(value)
    .replace(/,"/g, ', "')
    .replace(/":/g, '": ')
    .replace(/,(?=\S)/g, ", ");
}
