import Link from "next/link";

const LINKS = [
  { href: "/admin/policy", label: "Draft editor" },
  { href: "/admin/policy/review", label: "Review & publish" },
  { href: "/admin/policy/versions", label: "Versions" },
] as const;

/** The policy screens' own navigation; the active one is marked for screen readers too. */
export function PolicySubnav({ active }: { active: (typeof LINKS)[number]["href"] }) {
  return (
    <nav aria-label="Policy" className="mb-6 flex flex-wrap gap-1 rounded-xl border border-line bg-panel p-1 shadow-card sm:inline-flex">
      {LINKS.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.href === active ? "page" : undefined}
          className={`rounded-lg px-3 py-1.5 text-sm font-medium transition ${link.href === active ? "bg-brand-50 text-brand-700" : "text-muted hover:bg-slate-100 hover:text-ink"}`}
        >
          {link.label}
        </Link>
      ))}
    </nav>
  );
}
