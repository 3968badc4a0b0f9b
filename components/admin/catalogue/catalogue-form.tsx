"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { buttonPrimary, buttonSecondary } from "../styles";
import { IssuesProvider, type DraftIssue } from "../policy/issues";
import { serverIssues, type ServerErrorLike } from "./form-errors";

interface CatalogueFormProps {
  /** Accessible name of the form. */
  label: string;
  /** Problems found before sending; the server's refusal is added to them. */
  localIssues: DraftIssue[];
  error: ServerErrorLike | null;
  saving: boolean;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** The frame of a catalogue edit form: field issues beside the fields, a refusal without a field above the buttons. */
export function CatalogueForm({ label, localIssues, error, saving, submitLabel, onSubmit, onCancel, children }: CatalogueFormProps) {
  const server = serverIssues(error);
  return (
    <IssuesProvider issues={[...localIssues, ...server.issues]}>
      <form
        aria-label={label}
        className="space-y-4"
        // The shared schema's messages show beside the fields; the browser's own bubbles would hide them.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        {server.formMessage ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {server.formMessage}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 border-t border-line pt-4">
          <button type="button" className={buttonSecondary} onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className={buttonPrimary} disabled={saving}>
            {saving ? "Saving…" : submitLabel}
          </button>
        </div>
      </form>
    </IssuesProvider>
  );
}

/** What follows a successful save: every catalogue list and picker refetches, then the form closes. */
export function useAfterCatalogueSave(onDone: () => void): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.catalogueAdmin.pathKey() });
    onDone();
  };
}
