import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import type { DraftSimulation } from "@/server/domain/policy-admin/review";

type Summary = DraftSimulation["changed"][number]["before"];

function routeText(s: Summary, workflowNames: Map<string, string>): string {
  if (s.route === "AUTO_APPROVE") return s.preApprovedPattern ? `Auto-approve (${s.preApprovedPattern})` : "Auto-approve";
  if (s.route === "REJECT") return "Reject";
  if (s.breakGlass) return `Break-glass: granted at once, reviewed by ${s.workflowKey ? (workflowNames.get(s.workflowKey) ?? s.workflowKey) : "a workflow"}`;
  return s.workflowKey ? (workflowNames.get(s.workflowKey) ?? s.workflowKey) : "Workflow";
}

function ttlText(hours: number | null): string {
  return hours === null ? "no cap" : `${hours.toLocaleString("en")} h`;
}

/** The tickets whose decision the draft would change, replayed under both documents. */
export function SimulationList({ simulation, workflowNames }: { simulation: DraftSimulation; workflowNames: Map<string, string> }) {
  if (simulation.changed.length === 0) {
    return <EmptyState title="No decision changes">None of the {simulation.evaluated} tickets of the last {simulation.days} days would be decided differently.</EmptyState>;
  }
  return (
    <div className="max-h-[32rem] overflow-auto">
      <table aria-label="Changed decisions" className="w-full text-left text-sm">
        <thead className="sticky top-0 bg-panel text-xs text-muted">
          <tr className="border-b border-line">
            <th className="px-3 py-2 font-medium">Ticket</th>
            <th className="px-3 py-2 font-medium">Route / workflow</th>
            <th className="px-3 py-2 font-medium">TTL cap</th>
            <th className="px-3 py-2 font-medium">Rule</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line/70">
          {simulation.changed.map((c) => (
            <tr key={c.requestId} className="align-top">
              <td className="whitespace-nowrap px-3 py-2.5">
                <Link href={`/requests/${c.reference}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                  {c.reference}
                </Link>
              </td>
              <Cell before={routeText(c.before, workflowNames)} after={routeText(c.after, workflowNames)} />
              <Cell before={ttlText(c.before.ttlCapHours)} after={ttlText(c.after.ttlCapHours)} nowrap />
              <Cell before={c.before.ruleId} after={c.after.ruleId} mono />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({ before, after, mono = false, nowrap = false }: { before: string; after: string; mono?: boolean; nowrap?: boolean }) {
  const font = `${mono ? "font-mono text-xs" : ""} ${nowrap ? "whitespace-nowrap" : ""}`;
  if (before === after) return <td className={`px-3 py-2.5 text-muted ${font}`}>{before}</td>;
  return (
    <td className={`px-3 py-2.5 ${font}`}>
      <span className="text-muted line-through decoration-slate-300">{before}</span>
      <span className="mx-1.5 text-muted" aria-label="becomes">
        →
      </span>
      <span className="font-medium text-ink">{after}</span>
    </td>
  );
}
