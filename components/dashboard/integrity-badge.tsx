import type { ChainIntegrity } from "@/server/domain/dashboard/integrity";

export function IntegrityBadge({ integrity }: { integrity: ChainIntegrity }) {
  if (integrity.ok) {
    return (
      <span className="inline-flex items-center gap-1.5 rounded-full bg-green-50 px-2.5 py-1 text-sm font-semibold text-green-800 ring-1 ring-inset ring-green-200">
        <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
          <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm3.7 6.2-4.5 4.6a.8.8 0 0 1-1.1 0L6.3 11a.8.8 0 1 1 1.1-1.1l1.3 1.3 3.9-4a.8.8 0 1 1 1.1 1.1Z" />
        </svg>
        Audit chain intact
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1.5 rounded-full bg-red-50 px-2.5 py-1 text-sm font-semibold text-red-800 ring-1 ring-inset ring-red-200">
      <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
        <path d="M10 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm-.9 4h1.8v5H9.1V6Zm0 6.5h1.8v1.8H9.1v-1.8Z" />
      </svg>
      Audit chain broken at seq {integrity.brokenAt?.seq ?? "?"}
    </span>
  );
}
