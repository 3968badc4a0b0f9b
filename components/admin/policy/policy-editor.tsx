"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { validatePolicyDocument, policyDocumentSchema, type PolicyDocument } from "@/server/domain/policy/schema";
import { buttonPrimary, buttonSecondary } from "../styles";
import type { EditDraft } from "./edit";
import { ExceptionsSection } from "./exceptions-section";
import { GroupsEditor } from "./groups-editor";
import { IssuesProvider, pathKey, type DraftIssue } from "./issues";
import { JsonSection } from "./json-section";
import { PatternsSection } from "./patterns-section";
import { RiskSection } from "./risk-section";
import { RulesSection } from "./rules-section";
import { IssuesSummary, SectionTabs, type SectionKey } from "./section-tabs";
import { SodSection } from "./sod-section";
import { TtlSection } from "./ttl-section";
import { WorkflowsSection } from "./workflows-section";

export interface DraftSnapshot {
  document: unknown;
  baseVersion: number | null;
  currentVersion: number | null;
  behindCurrent: boolean;
  updatedAt: Date;
  updatedBy: { name: string };
}

function issuesOf(document: unknown): DraftIssue[] {
  const result = validatePolicyDocument(document);
  return result.ok ? [] : result.errors.map((e) => ({ ...e, path: pathKey(e.path) }));
}

/**
 * The draft editor. Edits stay in the browser until "Save draft"; the same validator the server
 * runs checks every edit, so problems show beside their field as they appear.
 */
export function PolicyEditor({ draft, entitlementRefs }: { draft: DraftSnapshot; entitlementRefs: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const initial = useMemo(() => policyDocumentSchema.safeParse(draft.document), [draft.document]);
  // A saved draft that does not even have the right shape can only be repaired as JSON.
  const [doc, setDoc] = useState<PolicyDocument | null>(initial.success ? initial.data : null);
  const [tab, setTab] = useState<SectionKey>(initial.success ? "workflows" : "json");
  const [dirty, setDirty] = useState(false);
  // The saved draft this copy starts from: a save names it, and the server refuses the save when
  // the draft was saved again since (another admin, or a suggested pattern drafted above).
  const [basedOn, setBasedOn] = useState(() => new Date(draft.updatedAt));
  const changedSince = new Date(draft.updatedAt).getTime() !== basedOn.getTime();
  const issues = useMemo(() => issuesOf(doc ?? draft.document), [doc, draft.document]);

  const save = useMutation(
    trpc.policy.saveDraft.mutationOptions({
      onSuccess: (saved) => {
        setDirty(false);
        setBasedOn(new Date(saved.updatedAt));
        router.refresh();
      },
    }),
  );

  // A newer saved draft arrived (the page refreshed after a pattern was drafted): without edits of
  // its own the editor takes it; with edits it keeps them and says the draft changed.
  useEffect(() => {
    if (!changedSince || dirty) return;
    const next = policyDocumentSchema.safeParse(draft.document);
    setDoc(next.success ? next.data : null);
    setBasedOn(new Date(draft.updatedAt));
  }, [changedSince, dirty, draft.document, draft.updatedAt]);

  const edit: EditDraft = (change) => {
    setDoc((prev) => {
      if (!prev) return prev;
      const next = structuredClone(prev);
      change(next);
      return next;
    });
    setDirty(true);
  };

  // Leaving or reloading the page would drop unsaved edits without a word (unless the admin chose
  // to take the newer saved draft instead).
  const discarding = useRef(false);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!discarding.current) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const savedErrors = save.data?.errors.length;
  return (
    <IssuesProvider issues={issues}>
      <div className="space-y-5">
        <div className="flex flex-wrap items-center justify-between gap-3 rounded-card border border-line bg-panel px-4 py-3 shadow-card">
          <p className="text-sm text-muted">
            Draft based on <span className="font-medium text-ink">v{draft.baseVersion ?? "–"}</span>
            {draft.behindCurrent ? <span className="ml-1 text-amber-800">(v{draft.currentVersion} has been published since)</span> : null}
            {" · "}last saved by {draft.updatedBy.name}
            {dirty ? <span className="ml-2 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800 ring-1 ring-amber-200">Unsaved changes</span> : null}
          </p>
          <div className="flex items-center gap-2">
            <span role="status" className="text-xs">
              {save.isError ? <span className="text-red-800">{save.error.message}</span> : null}
              {save.isSuccess && !dirty ? (
                <span className={savedErrors ? "text-amber-800" : "text-green-800"}>
                  {savedErrors ? `Draft saved with ${savedErrors} problem${savedErrors === 1 ? "" : "s"}.` : "Draft saved. It is valid."}
                </span>
              ) : null}
            </span>
            <button type="button" className={buttonPrimary} disabled={!doc || save.isPending} onClick={() => doc && save.mutate({ document: doc, basedOn })}>
              {save.isPending ? "Saving…" : "Save draft"}
            </button>
            {dirty ? (
              <span className={`${buttonSecondary} pointer-events-none opacity-50`} aria-disabled="true" title="Save the draft first">
                Review &amp; publish
              </span>
            ) : (
              <Link href="/admin/policy/review" className={buttonSecondary}>
                Review &amp; publish
              </Link>
            )}
          </div>
        </div>

        {changedSince && dirty ? (
          <div role="alert" className="flex flex-wrap items-center justify-between gap-3 rounded-card border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
            <span>
              The saved draft changed since you started editing (last saved by {draft.updatedBy.name}). Saving your copy is refused, so nothing is lost: reload to
              take the saved draft, then make your edits again.
            </span>
            <button
              type="button"
              className={buttonSecondary}
              onClick={() => {
                discarding.current = true;
                window.location.reload();
              }}
            >
              Reload the draft
            </button>
          </div>
        ) : null}

        <IssuesSummary onOpen={setTab} />

        <SectionTabs active={tab} onSelect={setTab} disabled={!doc} />
        <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
          {doc && tab === "workflows" ? (
            <div className="space-y-4">
              <WorkflowsSection doc={doc} edit={edit} />
              <GroupsEditor doc={doc} edit={edit} />
            </div>
          ) : null}
          {doc && tab === "risk" ? <RiskSection doc={doc} edit={edit} /> : null}
          {doc && tab === "patterns" ? <PatternsSection doc={doc} edit={edit} /> : null}
          {doc && tab === "ttl" ? <TtlSection doc={doc} edit={edit} /> : null}
          {doc && tab === "sod" ? <SodSection doc={doc} edit={edit} entitlementRefs={entitlementRefs} /> : null}
          {doc && tab === "exceptions" ? <ExceptionsSection doc={doc} edit={edit} /> : null}
          {doc && tab === "rules" ? <RulesSection doc={doc} edit={edit} /> : null}
          {tab === "json" ? (
            <JsonSection
              key={doc ? "parsed" : "raw"}
              doc={doc ?? (draft.document as PolicyDocument)}
              onApply={(next) => {
                setDoc(next);
                setDirty(true);
              }}
            />
          ) : null}
        </div>
      </div>
    </IssuesProvider>
  );
}
