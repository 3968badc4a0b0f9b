"use client";

/** Prints the evidence view; the page's print styles leave out navigation and buttons. */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="inline-flex items-center rounded-lg border border-line bg-panel px-3.5 py-2 text-sm font-semibold text-ink shadow-card hover:bg-surface focus-visible:outline-2 focus-visible:outline-brand-600"
    >
      Print
    </button>
  );
}
