import Link from "next/link";
import type { RouterOutputs } from "@/components/requests/router-types";
import { formatDateTime } from "@/components/requests/labels";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDuration, RelativeTime } from "@/components/ui/relative-time";

type Task = RouterOutputs["fulfilment"]["myTasks"]["items"][number];

const badge = "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

function ActionBadge({ action }: { action: Task["action"] }) {
  return action === "grant" ? (
    <span className={`${badge} bg-sky-50 text-sky-800 ring-sky-200`} data-task-action="grant">
      <span className="size-1.5 rounded-full bg-sky-600" aria-hidden="true" />
      Set up
    </span>
  ) : (
    <span className={`${badge} bg-orange-50 text-orange-800 ring-orange-200`} data-task-action="remove">
      <span className="size-1.5 rounded-full bg-orange-500" aria-hidden="true" />
      Remove
    </span>
  );
}

function DueCell({ task, now }: { task: Task; now: Date }) {
  if (task.action === "grant") return <span className="text-xs text-muted">As soon as you can: the requester waits</span>;
  if (!task.dueAt) return <span className="text-xs text-muted">Removal asked for</span>;
  const due = new Date(task.dueAt);
  const late = due.getTime() <= now.getTime();
  return (
    <>
      <div className={late ? "font-medium text-red-800" : "text-ink"}>
        {late ? `Overdue by ${formatDuration(now.getTime() - due.getTime())}` : `In ${formatDuration(due.getTime() - now.getTime())}`}
      </div>
      <div className="text-xs text-muted">{late ? `expired ${formatDateTime(due)}` : `expires ${formatDateTime(due)}`}</div>
    </>
  );
}

/** The manual changes waiting on the viewer, oldest first; each opens its ticket at the attestation form. */
export function TaskTable({ items, now }: { items: Task[]; now: Date }) {
  if (items.length === 0) {
    return (
      <Card className="p-6">
        <EmptyState title="Nothing waits on your hands">
          When access is approved on a system you set up by hand, or such access has to go, the task appears here, oldest first.
        </EmptyState>
      </Card>
    );
  }
  return (
    <>
      <TaskCards items={items} now={now} />
      <TaskRows items={items} now={now} />
    </>
  );
}

function AttestLink({ task, className = "" }: { task: Task; className?: string }) {
  if (task.blockedReason) return <span className="text-xs text-muted">{task.blockedReason}</span>;
  return (
    <Link
      href={`/requests/${task.number}#attest`}
      aria-label={`${task.action === "grant" ? "Set up" : "Remove"} ${task.entitlement ?? "access"} for ${task.identity.displayName} (${task.number})`}
      className={`inline-flex justify-center whitespace-nowrap rounded-lg bg-brand-600 px-3 py-1.5 text-xs font-semibold text-white shadow-card hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 ${className}`}
    >
      Attest
    </Link>
  );
}

/** On a phone, one card per task instead of a table to scroll sideways. */
function TaskCards({ items, now }: { items: Task[]; now: Date }) {
  return (
    <ul aria-label="Fulfilment tasks" className="flex flex-col gap-3 md:hidden">
      {items.map((task) => (
        <li key={task.grantId}>
          <Card className="flex flex-col gap-2 p-4">
            <div className="flex items-center justify-between gap-2">
              <Link href={`/requests/${task.number}`} className="font-mono text-xs font-medium text-brand-700 hover:underline">
                {task.number}
              </Link>
              <ActionBadge action={task.action} />
            </div>
            <p className="text-sm text-ink">
              <span className="font-medium">{task.entitlement ?? "Access"}</span> for <span className="font-medium">{task.identity.displayName}</span>
            </p>
            <p className="text-xs text-muted">{task.system.name}</p>
            <p className="break-words font-mono text-[11px] text-ink">{task.scopeSummary}</p>
            <div className="text-xs text-muted">
              Waiting: opened <RelativeTime date={task.waitingSince} now={now} />
            </div>
            <div className="text-sm">
              <DueCell task={task} now={now} />
            </div>
            <AttestLink task={task} className="mt-1 py-2 text-sm" />
          </Card>
        </li>
      ))}
    </ul>
  );
}

function TaskRows({ items, now }: { items: Task[]; now: Date }) {
  return (
    <Card className="hidden overflow-hidden md:block">
      <div className="overflow-x-auto">
        <table className="w-full min-w-[58rem] table-fixed text-left text-sm" aria-label="Fulfilment tasks">
          <colgroup>
            <col className="w-32" />
            <col className="w-24" />
            <col className="w-44" />
            <col />
            <col className="w-32" />
            <col className="w-44" />
            <col className="w-24" />
          </colgroup>
          <thead className="border-b border-line bg-surface text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">Ticket</th>
              <th scope="col" className="px-4 py-3 font-semibold">Task</th>
              <th scope="col" className="px-4 py-3 font-semibold">Identity</th>
              <th scope="col" className="px-4 py-3 font-semibold">Entitlement and scope</th>
              <th scope="col" className="px-4 py-3 font-semibold">Waiting</th>
              <th scope="col" className="px-4 py-3 font-semibold">Due</th>
              <th scope="col" className="px-4 py-3 font-semibold"><span className="sr-only">Action</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-line">
            {items.map((task) => (
              <tr key={task.grantId} className="align-top hover:bg-surface/60" data-task={task.number}>
                <td className="px-4 py-3">
                  <Link href={`/requests/${task.number}`} className="whitespace-nowrap font-mono text-xs font-medium text-brand-700 hover:underline">
                    {task.number}
                  </Link>
                  <div className="mt-1 text-xs text-muted">by {task.requester}</div>
                </td>
                <td className="px-4 py-3">
                  <ActionBadge action={task.action} />
                </td>
                <td className="px-4 py-3">
                  <div className="font-medium text-ink">{task.identity.displayName}</div>
                  <div className="truncate font-mono text-xs text-muted" title={task.identity.name}>
                    {task.identity.name}
                  </div>
                </td>
                <td className="px-4 py-3">
                  <div className="break-words font-medium text-ink">{task.entitlement ?? "—"}</div>
                  <div className="text-xs text-muted">{task.system.name}</div>
                  <div className="mt-1.5 inline-block max-w-full break-words rounded bg-surface px-1.5 py-0.5 font-mono text-[11px] text-ink ring-1 ring-line">
                    {task.scopeSummary}
                  </div>
                </td>
                <td className="px-4 py-3 text-ink">
                  <RelativeTime date={task.waitingSince} now={now} />
                </td>
                <td className="px-4 py-3">
                  <DueCell task={task} now={now} />
                </td>
                <td className="px-4 py-3 text-right">
                  <AttestLink task={task} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
