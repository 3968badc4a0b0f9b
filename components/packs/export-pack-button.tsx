"use client";

import { useState } from "react";
import { readNdjson } from "@/components/ui/ndjson";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { ExportStreamLine } from "@/server/domain/evidence/exports";

type Ready = Extract<ExportStreamLine, { type: "ready" }>["pack"];

type State =
  | { phase: "idle" }
  | { phase: "running"; done: number; total: number }
  | { phase: "ready"; pack: Ready }
  | { phase: "error"; message: string };

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Exports the signed evidence pack of a selection (the explorer's current search, or a period).
 * The server streams its progress while it builds the pack, then the browser downloads it.
 */
export function ExportPackButton({ selection, label = "Export evidence pack" }: { selection: Record<string, unknown>; label?: string }) {
  const [state, setState] = useState<State>({ phase: "idle" });

  async function run() {
    setState({ phase: "running", done: 0, total: 0 });
    try {
      let ready: Ready | null = null;
      const response = await fetch("/api/evidence/packs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(selection) });
      await readNdjson<ExportStreamLine>(response, (line) => {
        if (line.type === "progress") setState({ phase: "running", done: line.done, total: line.total });
        else if (line.type === "ready") ready = line.pack;
        else throw new Error(line.message);
      });
      if (!ready) throw new Error("The export ended without a pack.");
      setState({ phase: "ready", pack: ready });
      const link = document.createElement("a");
      link.href = (ready as Ready).url;
      link.download = (ready as Ready).fileName;
      link.click();
    } catch (error) {
      setState({ phase: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  const running = state.phase === "running";
  return (
    <div className="flex flex-col items-end gap-1.5 text-right">
      <button
        type="button"
        onClick={run}
        disabled={running}
        className="inline-flex items-center gap-1.5 rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm transition hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-wait disabled:opacity-70"
      >
        <svg viewBox="0 0 20 20" className="size-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M10 3v10m0 0-4-4m4 4 4-4M4 15v2h12v-2" />
        </svg>
        {running ? "Building pack…" : label}
      </button>
      {running ? <ProgressBar label="Evidence pack export" done={state.done} total={state.total} unit="tickets" /> : null}
      <p role="status" className="max-w-72 text-xs">
        {state.phase === "error" ? <span className="text-red-800">{state.message}</span> : null}
        {state.phase === "ready" ? (
          <span className="text-green-800">
            Signed pack of {state.pack.ticketCount.toLocaleString("en")} ticket{state.pack.ticketCount === 1 ? "" : "s"} ({size(state.pack.bytes)}).{" "}
            <a href={state.pack.url} download={state.pack.fileName} className="font-medium underline">
              Download again
            </a>
            <span className="block truncate font-mono text-[11px] text-muted" title={`Manifest SHA-256 ${state.pack.manifestSha256}`}>
              manifest {state.pack.manifestSha256.slice(0, 16)}…
            </span>
          </span>
        ) : null}
      </p>
    </div>
  );
}
