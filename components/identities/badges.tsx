import type { ReactNode } from "react";
import type { IdentityCredential, HeldGrant } from "./types";

const pill = "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

function Pill({ className, dot, children, data }: { className: string; dot?: string; children: ReactNode; data?: Record<string, string> }) {
  return (
    <span className={`${pill} ${className}`} {...data}>
      {dot ? <span className={`size-1.5 rounded-full ${dot}`} aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

const IDENTITY_STATUS: Record<string, { label: string; className: string; dot: string }> = {
  ACTIVE: { label: "Active", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
  SUSPENDED: { label: "Suspended", className: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  DECOMMISSIONED: { label: "Decommissioned", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
};

export function IdentityStatusBadge({ status }: { status: string }) {
  const style = IDENTITY_STATUS[status] ?? { label: status.toLowerCase(), className: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" };
  return (
    <Pill className={style.className} dot={style.dot} data={{ "data-identity-status": status }}>
      {style.label}
    </Pill>
  );
}

export function KindBadge({ kind, label }: { kind: "HUMAN" | "NHI"; label: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${
        kind === "NHI" ? "bg-indigo-50 text-indigo-800 ring-indigo-200" : "bg-sky-50 text-sky-800 ring-sky-200"
      }`}
    >
      {label}
    </span>
  );
}

export function EnvironmentBadge({ environment }: { environment: string | null }) {
  if (!environment) return null;
  const production = environment === "PRODUCTION";
  return (
    <span className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-[11px] font-medium ring-1 ring-inset ${production ? "bg-rose-50 text-rose-800 ring-rose-200" : "bg-slate-50 text-slate-700 ring-slate-200"}`}>
      {environment.toLowerCase()}
    </span>
  );
}

/** Only an end date that needs attention gets a badge; the date itself is always shown next to it. */
export function ExpiryBadge({ state }: { state: HeldGrant["expiry"] }) {
  if (state === "soon") return <Pill className="bg-amber-50 text-amber-800 ring-amber-200" dot="bg-amber-500" data={{ "data-expiry": state }}>Expires soon</Pill>;
  if (state === "overdue") return <Pill className="bg-red-50 text-red-800 ring-red-200" dot="bg-red-600" data={{ "data-expiry": state }}>Past expiry</Pill>;
  return null;
}

const ROTATION: Record<IdentityCredential["rotation"], { label: string; className: string; dot: string }> = {
  ok: { label: "Rotation OK", className: "bg-green-50 text-green-800 ring-green-200", dot: "bg-green-600" },
  due_soon: { label: "Rotation due soon", className: "bg-amber-50 text-amber-800 ring-amber-200", dot: "bg-amber-500" },
  overdue: { label: "Rotation overdue", className: "bg-red-50 text-red-800 ring-red-200", dot: "bg-red-600" },
  no_period: { label: "No rotation period", className: "bg-slate-100 text-slate-700 ring-slate-200", dot: "bg-slate-400" },
  expired: { label: "Expired", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
  revoked: { label: "Revoked", className: "bg-zinc-100 text-zinc-700 ring-zinc-200", dot: "bg-zinc-500" },
};

export function RotationBadge({ state }: { state: IdentityCredential["rotation"] }) {
  const style = ROTATION[state];
  return (
    <Pill className={style.className} dot={style.dot} data={{ "data-rotation": state }}>
      {style.label}
    </Pill>
  );
}
