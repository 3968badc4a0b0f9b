"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./nav-items";

const ICONS: Record<NavItem["icon"], string> = {
  home: "M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9.5Z",
  requests: "M6 3h9l4 4v14H6V3Zm3 8h7m-7 4h7m-7-8h3",
  inbox: "M3 13h5l1.5 3h5L16 13h5M4 5h16l1 8v6H3v-6l1-8Z",
  delegation: "M4 12h12m0 0-4-4m4 4-4 4M20 5v14",
  evidence: "M12 3 4 6v6c0 4.5 3.4 8.3 8 9 4.6-.7 8-4.5 8-9V6l-8-3Zm-3 9 2 2 4-4",
  policy: "M4 6h16M4 12h10M4 18h7m9-3-3 3-1.5-1.5",
  catalogue: "M4 5h16v4H4V5Zm0 6h16v8H4v-8Zm4 3h8",
  tasks: "M9 5h11M9 12h11M9 19h11M4 4.5l1 1 2-2M4 11.5l1 1 2-2M4 18.5l1 1 2-2",
  identities: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 9a7 7 0 0 1 14 0",
};

function isActive(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  // The longest matching link is the current one: /approvals/delegations is not also /approvals.
  const current = items.filter((item) => isActive(pathname, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <ul className="flex gap-1 whitespace-nowrap lg:flex-col">
      {items.map((item) => {
        const active = item.href === current;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-3 rounded-lg px-3 py-2 text-sm font-medium transition ${
                active ? "bg-brand-50 text-brand-700" : "text-muted hover:bg-slate-100 hover:text-ink"
              }`}
            >
              <svg viewBox="0 0 24 24" className="size-5 shrink-0" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                <path d={ICONS[item.icon]} />
              </svg>
              {item.label}
              {item.badge ? (
                <span className="ml-auto rounded-full bg-brand-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums">
                  {item.badge}
                  <span className="sr-only"> open</span>
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
