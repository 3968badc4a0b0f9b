import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { formatDateTime, kindLabel } from "@/components/requests/labels";
import type { RouterOutputs } from "@/components/requests/router-types";
import { StatusBadge } from "@/components/status-badge";
import { CONTROLS } from "@/server/domain/controls/catalogue";
import { MatchSnippet } from "./snippet";

export type ExplorerRow = RouterOutputs["explorer"]["search"]["items"][number];

const CONTROL_BY_ID = new Map<string, (typeof CONTROLS)[number]>(CONTROLS.map((c) => [c.id, c]));
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const explorerColumns: ColumnDef<ExplorerRow>[] = [
  {
    id: "number",
    header: "Ticket",
    cell: ({ row }) => (
      <div className="flex flex-col gap-0.5">
        <Link href={`/evidence/tickets/${row.original.number}`} className="font-mono text-xs font-semibold whitespace-nowrap text-brand-700 hover:underline">
          {row.original.number}
        </Link>
        <span className="text-xs whitespace-nowrap text-muted">{kindLabel(row.original.kind, row.original.exceptionType)}</span>
      </div>
    ),
    meta: { className: "w-32" },
  },
  {
    id: "access",
    header: "Access and subject",
    cell: ({ row }) => {
      const r = row.original;
      const what = r.entitlement?.name ?? r.system?.name ?? (r.kind === "REVIEW" ? "Follow-up review" : "Access");
      return (
        <div className="min-w-56">
          <p className="font-medium text-ink">
            {what}
            {r.entitlement && r.system ? <span className="font-normal text-muted"> on {r.system.name}</span> : null}
          </p>
          <p className="mt-0.5 text-xs text-muted">
            for <span className="text-ink/80">{r.subject.name}</span>
            <span className="ml-1 rounded bg-surface px-1 py-px text-[10px] font-semibold tracking-wide text-muted uppercase ring-1 ring-line">
              {r.subject.kind === "NHI" ? "NHI" : "Person"}
            </span>{" "}
            · asked by <span className="text-ink/80">{r.requester.name}</span>
          </p>
          {r.snippet ? <MatchSnippet snippet={r.snippet} /> : null}
        </div>
      );
    },
  },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) => (
      <div className="flex flex-col items-start gap-1">
        <StatusBadge status={row.original.status} />
        {row.original.closedAt ? (
          <span className="text-xs whitespace-nowrap text-muted" title={formatDateTime(row.original.closedAt)}>
            closed {dateOnly.format(new Date(row.original.closedAt))}
          </span>
        ) : null}
      </div>
    ),
  },
  {
    id: "policy",
    header: "Policy",
    cell: ({ row }) =>
      row.original.policyVersion ? (
        <span className="font-mono text-xs whitespace-nowrap text-ink">v{row.original.policyVersion}</span>
      ) : (
        <span className="text-xs text-muted">None</span>
      ),
    meta: { className: "hidden lg:table-cell" },
  },
  {
    id: "evidence",
    header: "Evidence",
    cell: ({ row }) => {
      const c = row.original.counts;
      return (
        <ul className="flex max-w-44 flex-wrap gap-x-2 text-xs text-muted">
          <li className="whitespace-nowrap">{plural(c.decisions, "decision")}</li>
          <li className="whitespace-nowrap">{plural(c.grants, "grant")}</li>
          <li className="whitespace-nowrap">{plural(c.auditEvents, "event")}</li>
        </ul>
      );
    },
    meta: { className: "hidden md:table-cell" },
  },
  {
    id: "controls",
    header: "Controls",
    cell: ({ row }) => (
      <ul className="flex max-w-64 flex-wrap gap-1" aria-label="Controls supported">
        {CONTROLS.filter((c) => row.original.controls.includes(c.id)).map(({ id }) => {
          const control = CONTROL_BY_ID.get(id);
          return (
            <li key={id} title={control ? `${control.framework} ${control.ref}: ${control.title}` : id}
              className="rounded bg-brand-50 px-1.5 py-px font-mono text-[10px] font-medium whitespace-nowrap text-brand-700 ring-1 ring-brand-100">
              {control?.ref ?? id}
            </li>
          );
        })}
      </ul>
    ),
    meta: { className: "hidden xl:table-cell" },
  },
  {
    id: "createdAt",
    header: "Created",
    cell: ({ row }) => (
      <span className="text-xs whitespace-nowrap text-muted" title={formatDateTime(row.original.createdAt)}>
        {dateOnly.format(new Date(row.original.createdAt))}
      </span>
    ),
  },
];
