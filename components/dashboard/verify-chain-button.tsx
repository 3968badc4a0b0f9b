"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { readNdjson } from "@/components/ui/ndjson";
import { ProgressBar } from "@/components/ui/progress-bar";
import type { VerifyStreamLine } from "@/server/domain/audit/verify-stream";

type State =
  | { phase: "idle" }
  | { phase: "running"; checked: number; total: number }
  | { phase: "done"; ok: boolean; checked: number; brokenAt: { seq: string; reason: string } | null }
  | { phase: "error"; message: string };

/**
 * Lets an auditor walk the whole chain now instead of trusting the home page's cached check. The
 * server streams its progress (POST /api/audit/verify), shown as a progress bar.
 */
export function VerifyChainButton() {
  const router = useRouter();
  const [state, setState] = useState<State>({ phase: "idle" });

  async function verify() {
    setState({ phase: "running", checked: 0, total: 0 });
    try {
      await readNdjson<VerifyStreamLine>(await fetch("/api/audit/verify", { method: "POST" }), (line) => {
        if (line.type === "progress") setState({ phase: "running", checked: line.checked, total: line.total });
        else if (line.type === "result") setState({ phase: "done", ok: line.result.ok, checked: line.result.checked, brokenAt: line.result.brokenAt });
        else throw new Error(line.message);
      });
      // The server keeps the fresh result, so re-rendering the page shows it in the card too.
      router.refresh();
    } catch (error) {
      setState({ phase: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  const running = state.phase === "running";
  return (
    <div className="flex w-full flex-col items-start gap-1.5">
      <button
        type="button"
        onClick={verify}
        disabled={running}
        className="inline-flex items-center gap-1.5 rounded-md border border-line bg-panel px-2.5 py-1 text-xs font-medium text-ink transition hover:bg-slate-50 disabled:cursor-wait disabled:opacity-60"
      >
        <svg viewBox="0 0 20 20" className={`size-3.5 ${running ? "animate-spin" : ""}`} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" aria-hidden="true">
          <path d="M16 10a6 6 0 1 1-1.8-4.3M16 4v3.5h-3.5" />
        </svg>
        {running ? "Verifying…" : "Verify now"}
      </button>
      {running ? <ProgressBar label="Audit chain verification" done={state.checked} total={state.total} unit="events" /> : null}
      <p role="status" className="text-xs">
        {state.phase === "error" ? <span className="text-red-800">{state.message}</span> : null}
        {state.phase === "done" ? (
          <span className={state.ok ? "text-green-800" : "text-red-800"}>
            {state.ok
              ? `Checked ${state.checked.toLocaleString("en")} events: the chain is intact.`
              : `Checked ${state.checked.toLocaleString("en")} events: broken at seq ${state.brokenAt?.seq ?? "?"} (${state.brokenAt?.reason ?? "unknown"}).`}
          </span>
        ) : null}
      </p>
    </div>
  );
}
