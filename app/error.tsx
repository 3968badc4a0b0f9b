"use client";

import { BrandMark } from "@/components/brand";

/** Last-resort boundary: the server logged the cause; the person gets a way forward, not a stack. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-4 text-center">
      <BrandMark className="size-10" />
      <p className="mt-2 font-mono text-xs font-semibold uppercase tracking-widest text-red-700">Something went wrong</p>
      <h1 className="text-xl font-semibold text-ink">This page could not be shown</h1>
      <p className="max-w-sm text-sm text-muted">
        The problem was logged{error.digest ? ` with reference ${error.digest}` : ""}. Try again, or come back in a moment.
      </p>
      <div className="mt-3 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          Try again
        </button>
        <a href="/" className="rounded-lg border border-line bg-panel px-4 py-2 text-sm font-semibold text-ink hover:bg-slate-50">
          Back to home
        </a>
      </div>
    </main>
  );
}
