import type { Metadata } from "next";
import { headers } from "next/headers";
import { GapCards } from "@/components/gaps/gap-cards";
import { GapTable } from "@/components/gaps/gap-table";
import { ReconciliationSummary } from "@/components/gaps/reconciliation-summary";
import { RecurringFilter } from "@/components/gaps/recurring-filter";
import { AppShell, PageHeader } from "@/components/layout/app-shell";
import { ForbiddenPage } from "@/components/layout/forbidden";
import { createServerCaller } from "@/server/api/caller";
import { requireRole } from "@/server/auth/session";
import { GAP_KINDS, type GapKind } from "@/server/domain/gaps/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gap reports" };

/** A whole number from the URL, clamped to what the procedure accepts; undefined when absent or not a number. */
function bounded(value: string | undefined, min: number, max: number): number | undefined {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function GapReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const access = await requireRole("auditor", "/audit/gaps");
  if (!access.ok) return <ForbiddenPage user={access.user} what="the gap reports" requiredRoles={access.requiredRoles} />;
  const params = await searchParams;
  const asked = one(params.kind);
  const kind: GapKind = (GAP_KINDS as readonly string[]).includes(asked ?? "") ? (asked as GapKind) : "closedWithoutEvidence";
  const page = bounded(one(params.page), 1, 10_000) ?? 1;
  const minRequesters = bounded(one(params.minRequesters), 2, 1_000);
  const withinDays = bounded(one(params.withinDays), 1, 366);
  const caller = await createServerCaller(new Headers(await headers()));
  const [summary, report] = [await caller.gaps.summary(), await caller.gaps.report({ kind, page, minRequesters, withinDays })];
  const selected = summary.find((s) => s.kind === kind)!;
  const open = summary.reduce((n, s) => n + s.count, 0);
  return (
    <AppShell user={access.user}>
      <PageHeader
        title="Gap reports"
        description="Where the records and the rules disagree: access without proof, access that outlived its expiry or that no grant explains, identities nobody answers for, credentials overdue for rotation, approvals that broke separation of duties, and requests common enough to become a pre-approved pattern."
      >
        <p className="text-sm text-muted" aria-live="polite">
          {open === 0 ? "No gaps found" : `${open} finding${open === 1 ? "" : "s"} across ${summary.filter((s) => s.count > 0).length} reports`}
        </p>
      </PageHeader>
      <div className="flex flex-col gap-6">
        <GapCards summary={summary} selected={kind} />
        <section aria-labelledby="gap-report-heading" className="flex flex-col gap-3">
          <div>
            <h2 id="gap-report-heading" className="text-base font-semibold text-ink">{selected.title}</h2>
            <p className="text-sm text-muted">{selected.description}</p>
          </div>
          {kind === "recurringRequests" ? <RecurringFilter minRequesters={report.recurring.minRequesters} withinDays={report.recurring.withinDays} /> : null}
          {report.reconciliation ? (
            <>
              <h3 className="text-sm font-semibold text-ink">What was read back, by connector</h3>
              <ReconciliationSummary checks={report.reconciliation} />
              <h3 className="mt-2 text-sm font-semibold text-ink">Findings</h3>
            </>
          ) : null}
          <GapTable report={report} title={selected.title} />
        </section>
      </div>
    </AppShell>
  );
}
