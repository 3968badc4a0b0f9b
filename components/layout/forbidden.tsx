import Link from "next/link";
import { RoleBadge } from "@/components/role-badge";
import { Card } from "@/components/ui/card";
import type { Role } from "@/server/auth/roles";
import type { SessionUser } from "@/server/auth/types";
import { AppShell } from "./app-shell";

/** The in-page 403: the user is signed in but lacks the role this page needs. */
export function Forbidden({ what, requiredRoles }: { what: string; requiredRoles: readonly Role[] }) {
  return (
    <Card className="mx-auto mt-8 max-w-lg p-8 text-center">
      <p className="font-mono text-xs font-semibold uppercase tracking-widest text-red-700">403 · Forbidden</p>
      <h1 className="mt-2 text-xl font-semibold text-ink">You do not have access to {what}</h1>
      {requiredRoles.length > 0 ? (
        <p className="mt-3 flex flex-wrap items-center justify-center gap-1.5 text-sm text-muted">
          This needs the role
          {requiredRoles.map((role) => (
            <RoleBadge key={role} role={role} />
          ))}
        </p>
      ) : (
        <p className="mt-3 text-sm text-muted">Your account has no portal role yet.</p>
      )}
      <p className="mt-3 text-sm text-muted">Ask an access administrator if you need it for your work.</p>
      <Link href="/" className="mt-6 inline-flex rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700">
        Back to home
      </Link>
    </Card>
  );
}

/** A page that is only the 403, inside the app shell so the navigation still offers what the user may open. */
export function ForbiddenPage({ user, what, requiredRoles }: { user: SessionUser; what: string; requiredRoles: readonly Role[] }) {
  return (
    <AppShell user={user}>
      <Forbidden what={what} requiredRoles={requiredRoles} />
    </AppShell>
  );
}
