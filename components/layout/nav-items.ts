import { canAccess, type Area } from "@/server/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  icon: "home" | "requests" | "inbox" | "delegation" | "evidence" | "policy" | "catalogue" | "tasks" | "identities";
  /** The area whose roles see this item; absent means every signed-in user. */
  area?: Area;
  /** Shown only to people with changes to make by hand (owners of systems without an API, admins). */
  fulfiller?: true;
  /** A count worth a look (open tasks); none or 0 shows no badge. */
  badge?: number;
}

// Only pages that exist are listed: a link to a missing page is worse than no link.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", icon: "home" },
  { href: "/requests", label: "My requests", icon: "requests", area: "requester" },
  { href: "/approvals", label: "Approvals", icon: "inbox", area: "approver" },
  { href: "/approvals/delegations", label: "Delegation", icon: "delegation", area: "approver" },
  { href: "/fulfilment", label: "Fulfilment", icon: "tasks", fulfiller: true },
  { href: "/identities", label: "Identities", icon: "identities" },
  { href: "/evidence", label: "Evidence", icon: "evidence" },
  { href: "/audit/gaps", label: "Gap reports", icon: "evidence", area: "auditor" },
  { href: "/admin/catalogue", label: "Catalogue", icon: "catalogue", area: "admin" },
  { href: "/admin/policy", label: "Policy", icon: "policy", area: "admin" },
  { href: "/admin/revocations", label: "Revocations", icon: "evidence", area: "admin" },
];

/** `fulfilment` is the viewer's open manual tasks, or null when they fulfil nothing by hand. */
export function navFor(roles: readonly unknown[], facts: { fulfilment?: { open: number } | null } = {}): NavItem[] {
  return NAV_ITEMS.filter((item) => (item.fulfiller ? Boolean(facts.fulfilment) : item.area === undefined || canAccess(roles, item.area))).map((item) =>
    item.fulfiller ? { ...item, badge: facts.fulfilment?.open } : item,
  );
}
