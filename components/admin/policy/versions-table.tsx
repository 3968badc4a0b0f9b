"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC, useTRPCClient } from "@/lib/trpc/react";
import { buttonDanger, buttonGhost, buttonSecondary, inputClass, labelClass } from "../styles";

export interface VersionRow {
  id: string;
  version: number;
  contentHash: string;
  note: string | null;
  publishedBy: { name: string; email: string };
  publishedAt: Date;
  ticketCount: number;
}

/** Hands a text to the browser as a file download. */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

export function VersionsTable({ versions, now }: { versions: VersionRow[]; now: Date }) {
  const current = versions[0]?.version;
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const client = useTRPCClient();
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportVersion(version: number) {
    setExportError(null);
    try {
      const file = await client.policy.export.query({ version });
      downloadText(file.filename, file.json);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : "Export failed.");
    }
  }

  return (
    <div className="overflow-x-auto rounded-card border border-line bg-panel shadow-card">
      <table aria-label="Policy versions" className="w-full text-left text-sm">
        <thead className="border-b border-line bg-surface/60 text-xs text-muted">
          <tr>
            <th className="px-4 py-2.5 font-medium">Version</th>
            <th className="px-4 py-2.5 font-medium">Hash</th>
            <th className="px-4 py-2.5 font-medium">Note</th>
            <th className="px-4 py-2.5 font-medium">Published by</th>
            <th className="px-4 py-2.5 font-medium">When</th>
            <th className="px-4 py-2.5 text-right font-medium">Tickets pinned</th>
            <th className="px-4 py-2.5 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line/70">
          {versions.map((v) => [
            <tr key={v.id} className="align-top">
              <td className="px-4 py-3 font-semibold text-ink">
                v{v.version}
                {v.version === current ? <span className="ml-2 rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-800 ring-1 ring-green-200">Current</span> : null}
              </td>
              <td className="px-4 py-3 font-mono text-xs text-muted" title={v.contentHash}>
                {v.contentHash.slice(0, 12)}
              </td>
              <td className="max-w-xs px-4 py-3 text-ink">{v.note ?? <span className="text-muted">—</span>}</td>
              <td className="whitespace-nowrap px-4 py-3 text-ink">{v.publishedBy.name}</td>
              <td className="whitespace-nowrap px-4 py-3 text-muted">
                <RelativeTime date={v.publishedAt} now={now} />
              </td>
              <td className="px-4 py-3 text-right tabular-nums text-ink">{v.ticketCount.toLocaleString("en")}</td>
              <td className="px-4 py-3">
                <div className="flex justify-end gap-1 whitespace-nowrap">
                  <button type="button" className={buttonGhost} onClick={() => void exportVersion(v.version)} aria-label={`Export v${v.version}`}>
                    Export
                  </button>
                  {v.version !== current ? (
                    <button type="button" className={buttonGhost} onClick={() => setRollingBack(v.version)} aria-label={`Roll back to v${v.version}`}>
                      Roll back
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>,
            rollingBack === v.version ? (
              <tr key={`${v.id}-rollback`}>
                <td colSpan={7} className="px-4 pb-4">
                  <RollbackForm version={v.version} onClose={() => setRollingBack(null)} />
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
      {exportError ? (
        <p role="alert" className="px-4 py-2 text-sm text-red-800">
          {exportError}
        </p>
      ) : null}
    </div>
  );
}

function RollbackForm({ version, onClose }: { version: number; onClose: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const rollback = useMutation(
    trpc.policy.rollback.mutationOptions({
      onSuccess: () => {
        onClose();
        router.refresh();
      },
    }),
  );
  return (
    <form
      aria-label={`Roll back to v${version}`}
      className="ml-auto max-w-xl space-y-2 rounded-lg border border-red-200 bg-red-50/60 p-3 text-left"
      onSubmit={(e) => {
        e.preventDefault();
        rollback.mutate({ version, note });
      }}
    >
      <p className="text-xs text-red-900">Publishes the document of v{version} again as a new version. Tickets already decided keep their version.</p>
      <div>
        <label htmlFor={`rollback-note-${version}`} className={labelClass}>
          Why roll back?
        </label>
        <input id={`rollback-note-${version}`} className={`${inputClass} mt-1`} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {rollback.isError ? <p className="text-xs text-red-800">{rollback.error.message}</p> : null}
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonSecondary} onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className={buttonDanger} disabled={rollback.isPending}>
          {rollback.isPending ? "Rolling back…" : `Confirm rollback to v${version}`}
        </button>
      </div>
    </form>
  );
}
