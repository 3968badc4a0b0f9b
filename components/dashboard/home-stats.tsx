import type { ReactNode } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HomeFigures } from "@/server/domain/dashboard/home";
import { IntegrityBadge } from "./integrity-badge";
import { LifecycleCard } from "./lifecycle-card";
import { slaState } from "./sla";
import { numberFormat, StatCard, type Tone } from "./stat-card";
import { VerifyChainButton } from "./verify-chain-button";

type Waiting = NonNullable<HomeFigures["waitingOnMe"]>;

/** The inbox's SLA at a glance, from its oldest items (where a breach shows first). */
function waitingTone(waiting: Waiting, now: Date): { tone: Tone; text: string } {
  if (waiting.count === 0) return { tone: "ok", text: "Inbox clear" };
  const states = waiting.oldest.map((item) => slaState(item.dueAt, now));
  const overdue = states.filter((s) => s === "overdue").length;
  if (overdue > 0) {
    const more = overdue === waiting.oldest.length && waiting.count > overdue ? "+" : "";
    return { tone: "danger", text: `${overdue}${more} past SLA` };
  }
  if (states.includes("due-soon")) return { tone: "warn", text: "Due within a day" };
  return { tone: "ok", text: "All within SLA" };
}

const HINT_DOT: Record<Tone, string> = {
  neutral: "bg-slate-400",
  ok: "bg-green-600",
  warn: "bg-amber-500",
  danger: "bg-red-600",
};

const HINT_TEXT: Record<Tone, string> = {
  neutral: "text-muted",
  ok: "text-green-800",
  warn: "text-amber-800",
  danger: "text-red-800",
};

function ToneHint({ tone, children }: { tone: Tone; children: ReactNode }) {
  return (
    <span data-sla-tone={tone} className={`inline-flex items-center gap-1.5 font-medium ${HINT_TEXT[tone]}`}>
      <span className={`size-2 rounded-full ${HINT_DOT[tone]}`} aria-hidden="true" />
      {children}
    </span>
  );
}

export function HomeStats({
  figures,
  showMyRequests,
  canVerify,
  now,
  expiryDays,
}: {
  figures: HomeFigures;
  showMyRequests: boolean;
  /** Auditors may re-run the full verification from the card. */
  canVerify: boolean;
  now: Date;
  expiryDays: number;
}) {
  const { myRequests, waitingOnMe, expiringGrants, auditIntegrity } = figures;
  const waiting = waitingOnMe ? waitingTone(waitingOnMe, now) : null;
  const cards = [showMyRequests, waitingOnMe, expiringGrants, auditIntegrity].filter(Boolean).length;
  return (
    <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {showMyRequests ? (
        <StatCard id="my-open" label="My open requests" icon="requests" value={numberFormat.format(myRequests.openCount)} hint="Still on their way: draft, in approval or being fulfilled." />
      ) : null}
      {waitingOnMe && waiting ? (
        <StatCard
          id="waiting"
          label="Waiting on me"
          icon="inbox"
          tone={waiting.tone}
          value={numberFormat.format(waitingOnMe.count)}
          hint={<ToneHint tone={waiting.tone}>{waiting.text}</ToneHint>}
        />
      ) : null}
      {expiringGrants ? (
        <StatCard
          id="expiring"
          label={`Expiring in ${expiryDays} days`}
          icon="clock"
          tone={expiringGrants.count > 0 ? "warn" : "neutral"}
          value={numberFormat.format(expiringGrants.count)}
          hint="Active grants that are revoked automatically when they expire."
        />
      ) : null}
      {auditIntegrity ? (
        <StatCard
          id="integrity"
          label="Audit-chain integrity"
          icon="chain"
          tone={auditIntegrity.ok ? "ok" : "danger"}
          value={numberFormat.format(auditIntegrity.total)}
          hint={
            <span className="flex flex-col items-start gap-2">
              <span>events in the chain</span>
              <IntegrityBadge integrity={auditIntegrity} />
              {auditIntegrity.brokenAt ? <span className="text-red-800">{auditIntegrity.brokenAt.reason}</span> : null}
              <span>
                {numberFormat.format(auditIntegrity.checked)} links checked <RelativeTime date={auditIntegrity.verifiedAt} now={now} />
              </span>
              {canVerify ? <VerifyChainButton /> : null}
            </span>
          }
        />
      ) : null}
      {cards === 1 || cards === 2 ? <LifecycleCard span={cards === 1 ? 3 : 2} /> : null}
    </div>
  );
}
