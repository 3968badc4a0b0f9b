import type { Role } from "@/server/db/generated/enums";

// The avatar takes the colour of the person's most powerful role, matching its badge.
const TINTS: [Role, string][] = [
  ["ADMIN", "bg-rose-50 text-rose-700 ring-rose-200"],
  ["AUDITOR", "bg-violet-50 text-violet-700 ring-violet-200"],
  ["APPROVER", "bg-amber-50 text-amber-700 ring-amber-200"],
  ["REQUESTER", "bg-sky-50 text-sky-700 ring-sky-200"],
];

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
}

export function Avatar({ name, roles, className = "size-10 text-sm" }: { name: string; roles: readonly Role[]; className?: string }) {
  const tint = TINTS.find(([role]) => roles.includes(role))?.[1] ?? "bg-brand-50 text-brand-700 ring-brand-100";
  return (
    <span aria-hidden="true" className={`flex shrink-0 items-center justify-center rounded-full font-semibold ring-1 ${tint} ${className}`}>
      {initials(name)}
    </span>
  );
}
