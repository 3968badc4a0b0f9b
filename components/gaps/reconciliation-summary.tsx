import type { RouterOutputs } from "@/components/requests/router-types";
import { Card } from "@/components/ui/card";

type Check = NonNullable<RouterOutputs["gaps"]["report"]["reconciliation"]>[number];

const STATUS: Record<Check["status"], { label: string; className: string; dot: string }> = {
  reconciled: { label: "Read back", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
  partial: { label: "Partly read", className: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  notReconciled: { label: "Not reconciled", className: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  cannotReadBack: { label: "Cannot be read back", className: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" },
};

/** Per connector: what was read back from its targets, how much, and how many orphans it gave. */
export function ReconciliationSummary({ checks }: { checks: Check[] }) {
  return (
    <Card className="overflow-hidden">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[52rem] table-fixed text-left text-sm" aria-label="Reconciliation by connector">
          <colgroup>
            <col className="w-36" />
            <col className="w-44" />
            <col className="w-20" />
            <col className="w-24" />
            <col className="w-20" />
            <col />
          </colgroup>
          <thead className="border-b border-line bg-surface text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-2.5 font-semibold">Connector</th>
              <th scope="col" className="px-4 py-2.5 font-semibold">Read-back</th>
              <th scope="col" className="px-4 py-2.5 text-right font-semibold">Systems</th>
              <th scope="col" className="px-4 py-2.5 text-right font-semibold">Checked</th>
              <th scope="col" className="px-4 py-2.5 text-right font-semibold">Orphans</th>
              <th scope="col" className="px-4 py-2.5 font-semibold">What was read</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {checks.map((c) => {
              const s = STATUS[c.status];
              return (
                <tr key={c.connector} className="align-top">
                  <th scope="row" className="px-4 py-2.5 font-medium text-ink">{c.label}</th>
                  <td className="px-4 py-2.5">
                    <span className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${s.className}`}>
                      <span aria-hidden className={`h-1.5 w-1.5 rounded-full ${s.dot}`} />
                      {s.label}
                    </span>
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums text-ink">{c.systems}</td>
                  <td className="px-4 py-2.5 text-right tabular-nums text-ink">{c.status === "cannotReadBack" ? "—" : c.checked}</td>
                  <td className={`px-4 py-2.5 text-right font-medium tabular-nums ${c.orphans > 0 ? "text-red-700" : "text-ink"}`}>{c.status === "cannotReadBack" ? "—" : c.orphans}</td>
                  <td className="px-4 py-2.5 break-words text-xs text-muted">{c.note}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
