import { canAccess, type Area } from "@/server/auth/roles";

export interface NavItem {
  href: string;
  label: string;
  icon: "home" | "requests" | "inbox" | "delegation" | "evidence" | "policy" | "catalogue" | "identities";
  /** The area whose roles see this item; absent means every signed-in user. */
  area?: Area;
}

// Only pages that exist are listed: a link to a missing page is worse than no link.
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Home", icon: "home" },
  { href: "/requests", label: "My requests", icon: "requests", area: "requester" },
  { href: "/approvals", label: "Approvals", icon: "inbox", area: "approver" },
  { href: "/approvals/delegations", label: "Delegation", icon: "delegation", area: "approver" },
  { href: "/identities", label: "Identities", icon: "identities" },
  { href: "/admin/catalogue", label: "Catalogue", icon: "catalogue", area: "admin" },
  { href: "/admin/policy", label: "Policy", icon: "policy", area: "admin" },
  { href: "/admin/revocations", label: "Revocations", icon: "evidence", area: "admin" },
];

export function navFor(roles: readonly unknown[]): NavItem[] {
  return NAV_ITEMS.filter((item) => item.area === undefined || canAccess(roles, item.area));
}
