"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { validatePolicyDocument } from "@/server/domain/policy/schema";
import { Card } from "@/components/ui/card";
import { buttonPrimary } from "../styles";
import { displayPath, pathKey, type DraftIssue } from "./issues";

/** An exported file carries a header around the document; a plain document is accepted as is. */
function documentOf(parsed: unknown): unknown {
  if (typeof parsed === "object" && parsed !== null && (parsed as { format?: unknown }).format === "access-policy") {
    return (parsed as { document?: unknown }).document;
  }
  return parsed;
}

/** Checks a policy file in the browser, listing every problem by path, before it replaces the draft. */
function checkFile(text: string): DraftIssue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ path: "", rule: "json-syntax", message: error instanceof Error ? error.message : "Not valid JSON." }];
  }
  const result = validatePolicyDocument(documentOf(parsed));
  return result.ok ? [] : result.errors.map((e) => ({ ...e, path: pathKey(e.path) }));
}

export function ImportDraft() {
  const trpc = useTRPC();
  const router = useRouter();
  const inputId = useId();
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState("");
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const importDraft = useMutation(trpc.policy.importDraft.mutationOptions({ onSuccess: () => router.push("/admin/policy") }));

  async function choose(file: File | undefined) {
    importDraft.reset();
    if (!file) return;
    const content = await file.text();
    setFileName(file.name);
    setText(content);
    setIssues(checkFile(content));
  }

  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold text-ink">Import into the draft</h2>
      <p className="mt-0.5 text-xs text-muted">Replaces the working draft with a policy file (an export, or a document kept as code). Nothing is published until you publish it.</p>
      <div className="mt-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={inputId} className="block text-xs font-medium text-muted">
            Policy file (JSON)
          </label>
          <input
            id={inputId}
            type="file"
            accept="application/json,.json"
            className="mt-1 block text-sm text-ink file:mr-3 file:rounded-lg file:border file:border-line file:bg-panel file:px-3 file:py-1.5 file:text-sm file:font-medium"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </div>
        <button type="button" className={buttonPrimary} disabled={text === null || issues.length > 0 || importDraft.isPending} onClick={() => text !== null && importDraft.mutate({ json: text })}>
          {importDraft.isPending ? "Importing…" : "Import into draft"}
        </button>
      </div>
      <div role="status" className="mt-3 text-sm">
        {text !== null && issues.length === 0 && !importDraft.isError ? <p className="text-green-800">{fileName} is a valid policy document.</p> : null}
        {importDraft.isError ? <p className="text-red-800">{importDraft.error.message}</p> : null}
        {issues.length > 0 ? (
          <div className="rounded-lg border border-red-200 bg-red-50 p-3">
            <p className="font-medium text-red-900">
              {fileName} has {issues.length} problem{issues.length === 1 ? "" : "s"}:
            </p>
            <ul aria-label="Import problems" className="mt-1 space-y-0.5 text-xs text-red-800">
              {issues.map((issue, i) => (
                <li key={i}>
                  <span className="font-mono">{displayPath(issue.path) || "(document)"}</span>: {issue.message} <span className="font-mono">({issue.rule})</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
