import { headers } from "next/headers";
import Link from "next/link";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { RequestForm } from "@/components/requests/new/request-form";
import type { RequestFormState } from "@/components/requests/new/form-state";
import { RenewalForm } from "@/components/requests/new/renewal-form";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";

export const dynamic = "force-dynamic";

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireRole("requester", "/requests/new");
  if (!access.ok) return <ForbiddenPage user={access.user} what="requests" requiredRoles={access.requiredRoles} />;
  const params = await searchParams;
  const renew = params.renew;
  const caller = await createServerCaller(new Headers(await headers()));
  const back = (
    <Link href="/requests" className="text-sm font-medium text-brand-700 hover:underline">
      ← My requests
    </Link>
  );
  if (typeof renew === "string" && renew) {
    const ticket = await caller.requests.get({ number: renew });
    return (
      <AppShell user={access.user}>
        <PageHeader title={`Renew ${ticket.number}`} description="A new ticket linked to the one it renews, decided again by the current policy.">
          {back}
        </PageHeader>
        <RenewalForm ticket={ticket} />
      </AppShell>
    );
  }
  const [subjects, people, systems] = await Promise.all([caller.identities.requestable(), caller.identities.owners({}), caller.catalogue.systems()]);
  return (
    <AppShell user={access.user}>
      <PageHeader title="New request" description="Ask for access for yourself, a person you may request for, or a service identity you own.">
        {back}
      </PageHeader>
      <RequestForm userId={access.user.id} subjects={subjects} people={people} systems={systems} prefill={grantPrefill(params, subjects)} />
    </AppShell>
  );
}

const GRANT_KINDS = new Set(["MODIFY", "REVOKE", "ROTATE"]);

/** "/requests/new?kind=ROTATE&subject=…&grant=…": a change of a grant, started from the ticket or identity page. */
function grantPrefill(params: Record<string, string | string[] | undefined>, subjects: { id: string; relation: string }[]): Partial<RequestFormState> | undefined {
  const { kind, subject: subjectId, grant: grantId } = params;
  if (typeof kind !== "string" || !GRANT_KINDS.has(kind) || typeof subjectId !== "string" || typeof grantId !== "string") return undefined;
  const subject = subjects.find((s) => s.id === subjectId);
  if (!subject) return undefined;
  return { kind: kind as RequestFormState["kind"], subjectMode: subject.relation === "self" ? "self" : "other", subjectId, grantId };
}
