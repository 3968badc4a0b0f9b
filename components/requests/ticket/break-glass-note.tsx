import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { formatDateTime } from "../labels";
import type { TicketView } from "./ticket-view";

const DECIDED = new Set(["CLOSED", "DENIED", "CANCELLED"]);

/** Says plainly that access was granted before anyone reviewed it, and where the review is. */
export function BreakGlassNote({ note, status }: { note: NonNullable<TicketView["breakGlass"]>; status: TicketView["status"] }) {
  const due = note.dueAt ? formatDateTime(note.dueAt) : null;
  const incident = note.incidentId ? ` during incident ${note.incidentId}` : "";
  const link = note.other ? (
    <span className="inline-flex items-center gap-1.5">
      <Link href={`/requests/${note.other.number}`} className="font-mono text-xs font-semibold text-amber-950 underline underline-offset-2 hover:text-amber-800">
        {note.other.number}
      </Link>
      <StatusBadge status={note.other.status} />
    </span>
  ) : null;
  const decided = DECIDED.has(status);
  return (
    <section aria-label="Break-glass" className="mt-4 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <svg viewBox="0 0 20 20" className="mt-0.5 size-5 shrink-0 text-amber-600" fill="currentColor" aria-hidden="true">
        <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.1 10.6A2 2 0 0 1 16.1 16.5H3.9a2 2 0 0 1-1.7-3l6.1-10.6ZM9.25 7v4.5h1.5V7h-1.5Zm0 5.75v1.5h1.5v-1.5h-1.5Z" />
      </svg>
      {note.role === "emergency" ? (
        <div className="flex min-w-0 flex-col gap-1">
          <h2 className="font-semibold">Break-glass: granted before review</h2>
          <p>
            The policy lets this emergency access be granted at once{incident}. Security reviews its use afterwards
            {due ? `, by ${due}` : ""}; if the review denies it, the access is removed at once.
          </p>
          {link ? <p className="flex flex-wrap items-center gap-2">Follow-up review {link}</p> : null}
        </div>
      ) : (
        <div className="flex min-w-0 flex-col gap-1">
          <h2 className="font-semibold">Follow-up review of break-glass access</h2>
          <p>
            The access was granted{incident} before anyone reviewed it. Approving confirms the emergency use and grants nothing more; denying
            removes the access at once.{due && !decided ? ` Due ${due}.` : ""}
          </p>
          {link ? <p className="flex flex-wrap items-center gap-2">Emergency ticket {link}</p> : null}
        </div>
      )}
    </section>
  );
}
