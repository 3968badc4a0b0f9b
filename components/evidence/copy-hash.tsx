"use client";

import { useState } from "react";
import { shortHash } from "./format";

/** A shortened hash: the full value on hover, and a button that copies it. */
export function CopyHash({ hash, label, length = 10 }: { hash: string; label: string; length?: number }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(hash);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  }
  return (
    <span className="inline-flex items-center gap-1">
      <code title={hash} className="rounded bg-surface px-1 py-0.5 font-mono text-[11px] text-ink ring-1 ring-line">
        <span className="print:hidden">{shortHash(hash, length)}</span>
        <span className="hidden break-all print:inline">{hash}</span>
      </code>
      <button
        type="button"
        onClick={copy}
        aria-label={`Copy ${label}`}
        className="rounded px-1 text-[11px] font-medium text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600 print:hidden"
      >
        {copied ? "Copied" : "Copy"}
      </button>
    </span>
  );
}
