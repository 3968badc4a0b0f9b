import { Panel } from "@/components/ui/card";
import type { TicketEvidence } from "./types";

/** "SOC 2 CC6.1"; a framework that is its own reference ("NIST SP 800-63") is named once. */
function chipLabel(c: { framework: string; ref: string }): string {
  const framework = c.framework.split(" (")[0]!;
  return framework.endsWith(c.ref) ? framework : `${framework} ${c.ref}`;
}

/** The controls this ticket's evidence supports: their union as chips, then which piece of evidence supports which. */
export function EvidenceControls({ controls }: { controls: TicketEvidence["controls"] }) {
  return (
    <Panel id="controls" title="Controls" description={`${controls.all.length} controls supported by ${controls.items.length} pieces of evidence.`}>
      <div className="flex flex-col gap-4 p-3">
        <ul className="flex flex-wrap gap-2" aria-label="Controls supported">
          {controls.all.map((c) => (
            <li key={c.id} title={`${c.framework}: ${c.title}`} className="rounded-full bg-brand-50 px-2.5 py-1 text-xs font-semibold text-brand-900 ring-1 ring-inset ring-brand-100">
              {chipLabel(c)}
            </li>
          ))}
        </ul>
        <ul className="flex flex-col divide-y divide-line rounded-lg ring-1 ring-line">
          {controls.items.map((item, i) => (
            <li key={i} className="flex flex-wrap items-baseline justify-between gap-2 px-3 py-2">
              <span className="text-sm text-ink first-letter:uppercase">{item.label}</span>
              <span className="font-mono text-[11px] text-muted">{item.controls.map((c) => c.ref).join(" · ")}</span>
            </li>
          ))}
        </ul>
      </div>
    </Panel>
  );
}
