import type { ReactNode } from "react";
import { formatDateTime } from "@/components/requests/labels";
import { Panel } from "@/components/ui/card";
import { initials } from "@/components/ui/avatar";
import { formatDate, lower, type Review } from "./types";

type Person = NonNullable<Review["subject"]["person"]>;

function Initials({ name, tone = "bg-brand-50 text-brand-700 ring-brand-100" }: { name: string; tone?: string }) {
  return (
    <span aria-hidden="true" className={`flex size-9 shrink-0 items-center justify-center rounded-full text-xs font-semibold ring-1 ${tone}`}>
      {initials(name)}
    </span>
  );
}

function Facts({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1.5 text-sm">
      {items.map((item) => (
        <div key={item.label} className="contents">
          <dt className="text-xs leading-5 text-muted">{item.label}</dt>
          <dd className="min-w-0 break-words text-ink">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function PersonBlock({ role, person }: { role: string; person: Person }) {
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <Initials name={person.name} />
        <div className="min-w-0">
          <p className="text-xs text-muted">{role}</p>
          <p className="truncate text-sm font-semibold text-ink">
            {person.name}
            {!person.active ? <span className="ml-2 rounded bg-red-50 px-1 text-[11px] font-medium text-red-800 ring-1 ring-red-200">inactive</span> : null}
          </p>
          <p className="truncate text-xs text-muted" title={person.email}>
            {person.email}
          </p>
        </div>
      </div>
      <Facts
        items={[
          { label: "Department", value: person.department },
          ...(person.title ? [{ label: "Title", value: person.title }] : []),
          { label: "Manager", value: person.manager?.name ?? "None recorded" },
        ]}
      />
    </div>
  );
}

function OwnerLine({ who, role }: { who: { name: string; email: string; active: boolean } | null; role: string }) {
  if (!who) return <span className="font-medium text-amber-800">No {role}</span>;
  return (
    <span className="flex flex-col">
      <span>
        {who.name}
        {!who.active ? <span className="ml-1.5 rounded bg-red-50 px-1 text-[11px] font-medium text-red-800 ring-1 ring-red-200">inactive: replace the {role}</span> : null}
      </span>
      <span className="truncate text-xs text-muted" title={who.email}>
        {who.email}
      </span>
    </span>
  );
}

function NhiBlock({ review }: { review: Review }) {
  const s = review.subject;
  const n = s.nhi!;
  const rotation = n.rotationPeriodDays ? `every ${n.rotationPeriodDays} days` : "no rotation period";
  const overdue = n.rotationDueAt ? new Date(n.rotationDueAt) < new Date() : false;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <Initials name={s.displayName} tone="bg-indigo-50 text-indigo-700 ring-indigo-200" />
        <div className="min-w-0">
          <p className="text-xs text-muted">Non-human identity · {lower(n.type)}</p>
          <p className="truncate text-sm font-semibold text-ink">
            {s.displayName} <span className="font-mono text-xs font-normal text-muted">{s.name}</span>
          </p>
        </div>
      </div>
      {n.description ? <p className="text-sm text-muted">{n.description}</p> : null}
      <Facts
        items={[
          { label: "Owner", value: <OwnerLine who={n.owner} role="owner" /> },
          { label: "Backup owner", value: <OwnerLine who={n.backupOwner} role="backup owner" /> },
          { label: "Workload", value: n.workload ?? "—" },
          { label: "Environment", value: lower(n.environment) || "—" },
          {
            label: "Depends on",
            value: n.dependencies.length ? (
              <span className="flex flex-wrap gap-1">
                {n.dependencies.map((d) => (
                  <span key={d} className="rounded bg-surface px-1.5 py-0.5 font-mono text-[11px] ring-1 ring-line">
                    {d}
                  </span>
                ))}
              </span>
            ) : (
              "—"
            ),
          },
          ...(n.credentialScope ? [{ label: "Credential scope", value: n.credentialScope }] : []),
          {
            label: "Rotation",
            value: (
              <span>
                {rotation}
                {n.lastRotatedAt ? `, last ${formatDate(n.lastRotatedAt)}` : ", never rotated"}
                {n.rotationDueAt ? (
                  <span className={`ml-1 text-xs ${overdue ? "font-medium text-red-700" : "text-muted"}`}>
                    ({overdue ? "overdue since" : "next by"} {formatDate(n.rotationDueAt)})
                  </span>
                ) : null}
              </span>
            ),
          },
          ...(n.intendedUntil ? [{ label: "Intended until", value: formatDateTime(n.intendedUntil) }] : []),
        ]}
      />
    </div>
  );
}

/** Who asks and who the access is for: people with their manager and department, an NHI with its owners. */
export function PeopleSection({ review }: { review: Review }) {
  const { requester, subject } = review;
  const self = subject.person?.id === requester.id;
  return (
    <Panel id="people" title="Requester and subject" description={self ? "The requester asks for themself." : "Who asks, and who the access is for."}>
      <div className={`grid gap-6 p-3 ${self ? "" : "md:grid-cols-2"}`}>
        <PersonBlock role={self ? "Requester and subject" : "Requester"} person={requester} />
        {self ? null : subject.person ? <PersonBlock role="Access for" person={subject.person} /> : subject.nhi ? <NhiBlock review={review} /> : null}
      </div>
    </Panel>
  );
}
