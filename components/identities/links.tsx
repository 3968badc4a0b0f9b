import Link from "next/link";
import type { OwnerLink, TicketLink } from "./types";

/** The ticket behind a grant: a link when the viewer may open it, the bare number otherwise. */
export function TicketRef({ ticket }: { ticket: TicketLink }) {
  if (!ticket.visible) {
    return (
      <span className="whitespace-nowrap font-mono text-xs text-muted" title="You may not open this ticket">
        {ticket.reference}
      </span>
    );
  }
  return (
    <Link href={`/requests/${ticket.reference}`} className="whitespace-nowrap font-mono text-xs font-medium text-brand-700 hover:underline">
      {ticket.reference}
    </Link>
  );
}

/** A person named on the page: a link to their identity page when the viewer may open it, with an inactive account flagged. */
export function PersonRef({ person, empty = "None" }: { person: OwnerLink | null; empty?: string }) {
  if (!person) return <span className="text-muted">{empty}</span>;
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      {person.identityId ? (
        <Link href={`/identities/${person.identityId}`} className="font-medium text-brand-700 hover:underline">
          {person.name}
        </Link>
      ) : (
        <span className="font-medium text-ink">{person.name}</span>
      )}
      {person.active ? null : (
        <span className="rounded-md bg-red-50 px-1.5 py-0.5 text-[11px] font-medium text-red-800 ring-1 ring-inset ring-red-200">inactive account</span>
      )}
    </span>
  );
}
