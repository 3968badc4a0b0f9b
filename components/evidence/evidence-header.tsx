import Link from "next/link";
import { kindLabel } from "@/components/requests/labels";
import { RiskBadge } from "@/components/requests/risk-badge";
import { StatusBadge } from "@/components/status-badge";
import { Card, HeaderFacts } from "@/components/ui/card";
import { PrintButton } from "./print-button";
import type { TicketEvidence } from "./types";

const button = "inline-flex items-center rounded-lg px-3.5 py-2 text-sm font-semibold shadow-card focus-visible:outline-2 focus-visible:outline-brand-600";

/**
 * The ticket at a glance, with the way to its signed pack (`packHref`, for those who may export)
 * and back to the ticket and its subject (`subjectHref`, for a viewer who may open the identity).
 */
export function EvidenceHeader({ view, packHref, subjectHref }: { view: TicketEvidence; packHref: string | null; subjectHref: string | null }) {
  const s = view.summary;
  const what = s.entitlement?.name ?? s.system?.name ?? "access";
  const where = s.entitlement && s.system ? ` on ${s.system.name}` : "";
  const subject = `${s.subject.displayName}${s.subject.kind === "NHI" ? ` (${s.subject.nhiType?.toLowerCase().replaceAll("_", " ") ?? "non-human identity"})` : ""}`;
  const facts = [
    { label: "Requested by", value: s.requester.name },
    {
      label: s.subject.kind === "NHI" ? "Non-human identity" : "For",
      value: subjectHref ? (
        <Link href={subjectHref} className="text-brand-700 hover:underline">
          {subject}
        </Link>
      ) : (
        subject
      ),
    },
    {
      label: "Kind",
      value: s.actsOn ? (
        <>
          {kindLabel(s.kind, s.exceptionType)} of{" "}
          <Link href={`/evidence/tickets/${s.actsOn}`} className="font-mono text-brand-700 hover:underline">
            {s.actsOn}
          </Link>
        </>
      ) : (
        kindLabel(s.kind, s.exceptionType)
      ),
    },
    { label: "Policy", value: view.policy.version !== null ? `v${view.policy.version} · ${view.policy.ruleId ?? "no rule"}` : "Not decided" },
  ];
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <p className="font-mono text-xs font-medium text-brand-700">{view.number} · Evidence</p>
          <h1 className="mt-1 text-xl font-semibold tracking-tight text-ink">
            {kindLabel(s.kind, s.exceptionType)} {what}
            {where} for {s.subject.displayName}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <StatusBadge status={s.status} />
            <RiskBadge tier={view.policy.riskTier} score={view.policy.riskScore} />
            <IntegrityPill ok={view.integrity.ok} checked={view.integrity.checked} />
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2 print:hidden">
          {packHref ? (
            <a href={packHref} download className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
              Download evidence pack
            </a>
          ) : null}
          <Link href={`/requests/${view.number}`} className={`${button} border border-line bg-panel text-ink hover:bg-surface`}>
            Open ticket
          </Link>
          <PrintButton />
        </div>
      </div>
      <HeaderFacts facts={facts} />
    </Card>
  );
}

function IntegrityPill({ ok, checked }: { ok: boolean; checked: number }) {
  const style = ok ? "bg-green-50 text-green-800 ring-green-200" : "bg-red-50 text-red-800 ring-red-200";
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-md px-1.5 py-0.5 text-[11px] font-semibold ring-1 ring-inset ${style}`}>
      <span aria-hidden="true">{ok ? "✓" : "!"}</span>
      {ok ? `${checked} events intact` : "Integrity check failed"}
    </span>
  );
}
