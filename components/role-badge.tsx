import type { Role } from "@/server/db/generated/enums";

const ROLE_STYLES: Record<Role, { label: string; className: string }> = {
  REQUESTER: { label: "Requester", className: "bg-sky-50 text-sky-800 ring-sky-200" },
  APPROVER: { label: "Approver", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  AUDITOR: { label: "Auditor", className: "bg-violet-50 text-violet-800 ring-violet-200" },
  ADMIN: { label: "Admin", className: "bg-rose-50 text-rose-800 ring-rose-200" },
};

// Stable order so the same person always shows the same badge row.
const ORDER: Role[] = ["ADMIN", "AUDITOR", "APPROVER", "REQUESTER"];

export function RoleBadge({ role }: { role: Role }) {
  const style = ROLE_STYLES[role];
  return (
    <span
      className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${style.className}`}
    >
      {style.label}
    </span>
  );
}

export function RoleBadges({ roles }: { roles: readonly Role[] }) {
  const sorted = ORDER.filter((r) => roles.includes(r));
  return (
    <span className="inline-flex flex-wrap gap-1">
      {sorted.map((role) => (
        <RoleBadge key={role} role={role} />
      ))}
    </span>
  );
}
