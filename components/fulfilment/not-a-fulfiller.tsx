import Link from "next/link";
import { Card } from "@/components/ui/card";

/** The page's 403: fulfilment by hand is for a system's owner and admins, not a role to ask for. */
export function NotAFulfiller() {
  return (
    <Card className="mx-auto mt-8 max-w-lg p-8 text-center">
      <p className="font-mono text-xs font-semibold uppercase tracking-widest text-red-700">403 · Forbidden</p>
      <h1 className="mt-2 text-xl font-semibold text-ink">You have no fulfilment tasks</h1>
      <p className="mt-3 text-sm text-muted">
        Changes made by hand are carried out by the owner of the system without an API, or by an admin. You own no such system.
      </p>
      <Link href="/" className="mt-6 inline-flex rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
        Back to home
      </Link>
    </Card>
  );
}
