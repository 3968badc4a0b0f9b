"use client";

import { useState } from "react";
import { FieldIssues, useIssues } from "../policy/issues";
import { JsonTextarea } from "../policy/json-textarea";

/**
 * A JSON object typed as text (a connector's config, an entitlement's exact scope). The value
 * reaches the form only when it parses to an object; until then the field says why not.
 */
export function JsonObjectField({
  label,
  path,
  value,
  onChange,
  hint,
  rows = 5,
}: {
  label: string;
  path: string;
  value: Record<string, unknown>;
  onChange: (v: Record<string, unknown> | null) => void;
  hint?: string;
  rows?: number;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [error, setError] = useState<string | null>(null);
  const serverInvalid = useIssues().at(path).length > 0;

  function handle(next: string) {
    setText(next);
    try {
      const parsed: unknown = JSON.parse(next);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        setError("Must be a JSON object, such as {\"role\": \"reader\"}.");
        onChange(null);
        return;
      }
      setError(null);
      onChange(parsed as Record<string, unknown>);
    } catch (e) {
      setError(`Not valid JSON: ${e instanceof Error ? e.message : "syntax error"}`);
      onChange(null);
    }
  }

  return (
    <JsonTextarea label={label} rows={rows} text={text} invalid={error !== null || serverInvalid} onChange={handle}>
      {hint ? <p className="mt-1 text-[11px] text-muted">{hint}</p> : null}
      {error ? <p className="mt-1 text-xs text-red-700">{error}</p> : null}
      <FieldIssues path={path} />
    </JsonTextarea>
  );
}
