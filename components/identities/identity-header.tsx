import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime } from "@/components/requests/labels";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { EnvironmentBadge, IdentityStatusBadge, KindBadge } from "./badges";
import { PersonRef } from "./links";
import { nhiTypeLabel, type IdentityDetail } from "./types";

function Fact({ label, children, wide = false }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? "sm:col-span-2" : ""}`}>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-ink">{children}</dd>
    </div>
  );
}

function Stat({ label, value, href }: { label: string; value: number; href: string }) {
  return (
    <a href={href} className="flex min-w-20 flex-col rounded-lg border border-line px-3 py-2 hover:bg-surface focus-visible:outline-2 focus-visible:outline-brand-600">
      <span className="text-lg font-semibold tabular-nums text-ink">{value}</span>
      <span className="text-xs text-muted">{label}</span>
    </a>
  );
}

function Rotation({ identity, now }: { identity: IdentityDetail["identity"]; now: Date }) {
  if (!identity.rotationPeriodDays) return <span className="text-muted">No rotation period</span>;
  return (
    <>
      Every {identity.rotationPeriodDays} days
      {identity.lastRotatedAt ? (
        <span className="block text-xs text-muted">
          <RelativeTime date={identity.lastRotatedAt} now={now} prefix="last rotated" />
        </span>
      ) : null}
    </>
  );
}

function NhiFacts({ detail, now }: { detail: IdentityDetail; now: Date }) {
  const { identity } = detail;
  const ended = identity.intendedUntil && identity.intendedUntil.getTime() <= now.getTime();
  return (
    <>
      <Fact label="Owner">
        <PersonRef person={detail.owner} empty="No owner" />
      </Fact>
      <Fact label="Backup owner">
        <PersonRef person={detail.backupOwner} empty="No backup owner" />
      </Fact>
      <Fact label="Rotation">
        <Rotation identity={identity} now={now} />
      </Fact>
      <Fact label="Intended until">
        {identity.intendedUntil ? (
          <span className={ended ? "font-medium text-red-800" : undefined}>
            {formatDateTime(identity.intendedUntil)}
            <span className="block text-xs font-normal text-muted">
              <RelativeTime date={identity.intendedUntil} now={now} />
            </span>
          </span>
        ) : (
          <span className="text-muted">No end date</span>
        )}
      </Fact>
      <Fact label="Workload" wide>
        {identity.workload ?? <span className="text-muted">Not recorded</span>}
      </Fact>
      <Fact label="Credential scope" wide>
        {identity.credentialScope ? <span className="font-mono text-xs">{identity.credentialScope}</span> : <span className="text-muted">Not recorded</span>}
      </Fact>
      <Fact label="Depends on" wide>
        {identity.dependencies.length ? (
          <ul className="flex flex-wrap gap-1.5" aria-label="Dependencies">
            {identity.dependencies.map((d) => (
              <li key={d} className="rounded-md bg-surface px-1.5 py-0.5 font-mono text-xs ring-1 ring-inset ring-line">
                {d}
              </li>
            ))}
          </ul>
        ) : (
          <span className="text-muted">None recorded</span>
        )}
      </Fact>
    </>
  );
}

function PersonFacts({ detail }: { detail: IdentityDetail }) {
  const { person } = detail;
  if (!person) {
    // An external person (a vendor) has no account: their sponsor answers for them.
    return (
      <>
        <Fact label="Account">
          <span className="text-muted">External, no account</span>
        </Fact>
        <Fact label="Sponsor">
          <PersonRef person={detail.owner} empty="No sponsor" />
        </Fact>
        <Fact label="Backup sponsor">
          <PersonRef person={detail.backupOwner} empty="None" />
        </Fact>
      </>
    );
  }
  return (
    <>
      <Fact label="Email">{person.email}</Fact>
      <Fact label="Department">
        {person.department}
        {person.title ? <span className="block text-xs text-muted">{person.title}</span> : null}
      </Fact>
      <Fact label="Manager">
        <PersonRef person={person.manager} empty="No manager" />
      </Fact>
      <Fact label="Account">
        {person.active ? "Active" : <span className="font-medium text-red-800">Deactivated</span>}
      </Fact>
    </>
  );
}

function Owns({ owns }: { owns: IdentityDetail["owns"] }) {
  return (
    <div className="mt-4 border-t border-line pt-4">
      <h2 className="text-xs text-muted">Non-human identities they own</h2>
      {owns.length === 0 ? (
        <p className="mt-1 text-sm text-muted">None.</p>
      ) : (
        <ul className="mt-2 flex flex-wrap gap-2" aria-label="Owned identities">
          {owns.map((o) => (
            <li key={o.id} className="flex items-center gap-2 rounded-lg border border-line px-2.5 py-1.5 text-sm">
              {o.visible ? (
                <Link href={`/identities/${o.id}`} className="font-medium text-brand-700 hover:underline">
                  {o.displayName}
                </Link>
              ) : (
                <span className="font-medium text-ink">{o.displayName}</span>
              )}
              <span className="font-mono text-xs text-muted">{o.name}</span>
              <span className="text-xs text-muted">· {o.role}</span>
              {o.status !== "ACTIVE" ? <IdentityStatusBadge status={o.status} /> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function IdentityHeader({ detail, now }: { detail: IdentityDetail; now: Date }) {
  const { identity } = detail;
  const nhi = identity.kind === "NHI";
  const external = !nhi && !detail.person;
  return (
    <Card className="p-5">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2">
            <KindBadge kind={identity.kind} label={nhi ? `NHI · ${nhiTypeLabel(identity.nhiType)}` : external ? "External person" : "Person"} />
            <span className="font-mono text-xs text-muted">{identity.name}</span>
          </p>
          <h1 className="mt-1.5 text-xl font-semibold tracking-tight text-ink">{identity.displayName}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <IdentityStatusBadge status={identity.status} />
            <EnvironmentBadge environment={identity.environment} />
            <span className="text-xs text-muted">
              <RelativeTime date={identity.createdAt} now={now} prefix="Registered" />
            </span>
          </div>
          {identity.description ? <p className="mt-3 max-w-2xl text-sm text-muted">{identity.description}</p> : null}
        </div>
        <div className="flex shrink-0 gap-2 text-center">
          <Stat label="held now" value={detail.counts.held} href="#held" />
          {nhi || detail.counts.credentials > 0 ? <Stat label="credentials" value={detail.counts.credentials} href="#credentials" /> : null}
          <Stat label="in history" value={detail.counts.history} href="#history" />
        </div>
      </div>
      <dl className="mt-5 grid gap-x-6 gap-y-4 border-t border-line pt-4 sm:grid-cols-4">{nhi ? <NhiFacts detail={detail} now={now} /> : <PersonFacts detail={detail} />}</dl>
      {!nhi && detail.person ? <Owns owns={detail.owns} /> : null}
    </Card>
  );
}
