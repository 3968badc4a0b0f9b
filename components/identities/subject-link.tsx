import Link from "next/link";

/** The subject of a ticket, linked to their identity page. */
export function SubjectLink({ href, name }: { href: string; name: string }) {
  return (
    <Link href={href} className="text-brand-700 hover:underline" title="Open the identity page">
      {name}
    </Link>
  );
}
