import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import type { TicketEvidence } from "./types";

function Cell({ value, differs }: { value: string | null; differs: boolean }) {
  return (
    <td className={`px-3 py-1.5 align-top font-mono text-xs ${differs ? "bg-amber-50 text-amber-900" : "text-ink"}`}>
      {value ?? <span className="text-muted">absent</span>}
    </td>
  );
}

/** Requested, approved and granted scope side by side; a key whose value is not the same everywhere is highlighted. */
export function EvidenceScope({ scope, expiry }: { scope: TicketEvidence["scope"]; expiry: TicketEvidence["expiry"] }) {
  const differing = scope.rows.filter((r) => r.differs).length;
  const description =
    differing === 0
      ? "Requested, approved and granted scope are the same."
      : `${differing} key${differing === 1 ? "" : "s"} differ between what was requested, approved and granted (highlighted).`;
  const dates = [
    { label: "Requested until", value: expiry.requested },
    { label: "Approved until", value: expiry.approved },
    ...expiry.granted.map((g, i) => ({ label: expiry.granted.length > 1 ? `Granted until (grant ${i + 1})` : "Granted until", value: g })),
  ];
  return (
    <Panel id="scope" title="Scope and duration" description={description}>
      <div className="flex flex-col gap-4 p-3">
        <div className="overflow-x-auto rounded-lg ring-1 ring-line">
          <table className="w-full text-left">
            <caption className="sr-only">Scope requested, approved and granted</caption>
            <thead className="bg-surface text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">Key</th>
                <th scope="col" className="px-3 py-2 font-medium">Requested</th>
                <th scope="col" className="px-3 py-2 font-medium">Approved{scope.narrowed ? " (narrowed)" : ""}</th>
                {scope.granted.length === 0 ? (
                  <th scope="col" className="px-3 py-2 font-medium">Granted</th>
                ) : (
                  scope.granted.map((g, i) => (
                    <th key={g.grantId} scope="col" className="px-3 py-2 font-medium">
                      Granted{scope.granted.length > 1 ? ` (grant ${i + 1})` : ""}
                    </th>
                  ))
                )}
              </tr>
            </thead>
            <tbody className="divide-y divide-line">
              {scope.rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="px-3 py-1.5 text-left align-top font-mono text-xs font-medium text-muted">
                    {r.differs ? <span className="mr-1 text-amber-700" aria-label="differs">●</span> : null}
                    {r.key}
                  </th>
                  <Cell value={r.requested} differs={r.differs} />
                  <Cell value={r.approved} differs={r.differs} />
                  {scope.granted.length === 0 ? (
                    <td className="px-3 py-1.5 text-xs text-muted">nothing granted</td>
                  ) : (
                    r.granted.map((g, i) => <Cell key={i} value={g} differs={r.differs} />)
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className="grid gap-3 sm:grid-cols-3">
          {dates.map((d) => (
            <div key={d.label}>
              <dt className="text-xs text-muted">{d.label}</dt>
              <dd className="mt-0.5 text-sm text-ink">{d.value ? formatDateTime(d.value) : "Not recorded"}</dd>
            </div>
          ))}
        </dl>
      </div>
    </Panel>
  );
}
