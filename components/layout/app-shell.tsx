import Link from "next/link";
import type { ReactNode } from "react";
import { BrandMark, PRODUCT_SHORT_NAME } from "@/components/brand";
import { fulfilmentNavFacts } from "@/components/fulfilment/nav-facts";
import { RoleBadges } from "@/components/role-badge";
import { Avatar } from "@/components/ui/avatar";
import type { SessionUser } from "@/server/auth/types";
import { navFor } from "./nav-items";
import { NavLinks } from "./nav-links";
import { NotificationBell } from "./notification-bell";
import { SignOutButton } from "./sign-out-button";

/**
 * The signed-in frame: navigation for the user's roles, and who is signed in. It shows; it never
 * guards. Each page checks its own role before rendering inside it.
 */
export async function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const fulfilment = await fulfilmentNavFacts();
  return (
    <div className="min-h-dvh lg:grid lg:grid-cols-[16rem_1fr]">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-panel focus:px-3 focus:py-2 focus:shadow-card"
      >
        Skip to content
      </a>
      {/* The column carries the background so it reaches the bottom of long pages; the sidebar inside stays put. */}
      <div className="border-b border-line bg-panel lg:border-r lg:border-b-0">
        <aside className="flex flex-wrap items-center gap-x-6 gap-y-3 px-4 py-3 lg:sticky lg:top-0 lg:h-dvh lg:flex-col lg:flex-nowrap lg:items-stretch lg:gap-4 lg:py-6">
          <div className="flex w-full items-center justify-between gap-3">
            <Link href="/" className="flex items-center gap-2.5 rounded-lg px-2 py-1">
              <BrandMark className="size-8" />
              <span className="text-[15px] font-semibold tracking-tight text-ink">{PRODUCT_SHORT_NAME}</span>
            </Link>
            <NotificationBell />
          </div>
          <nav aria-label="Main" className="-mx-1 overflow-x-auto px-1 lg:mx-0 lg:mt-4 lg:overflow-visible lg:px-0">
            <NavLinks items={navFor(user.roles, { fulfilment })} />
          </nav>
          <section
            aria-label="Signed-in user"
            className="flex w-full flex-wrap items-center gap-3 rounded-xl border border-line bg-surface p-3 lg:mt-auto lg:flex-col lg:flex-nowrap lg:items-stretch"
          >
            <div className="flex min-w-0 flex-1 items-center gap-2.5 lg:flex-none">
              <Avatar name={user.name} roles={user.roles} className="size-9 text-xs" />
              <div className="min-w-0">
                <p className="truncate text-sm font-semibold text-ink">{user.name}</p>
                <p className="truncate text-xs text-muted" title={user.email}>
                  {user.email}
                </p>
              </div>
            </div>
            {/* On a phone the top bar keeps only who and sign-out; the badges wait for more room. */}
            <div className="hidden sm:block">
              <RoleBadges roles={user.roles} />
            </div>
            <SignOutButton />
          </section>
        </aside>
      </div>
      <main id="main" className="min-w-0 px-4 py-6 sm:px-8 lg:py-10">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}

export function PageHeader({ title, description, children }: { title: string; description?: string; children?: ReactNode }) {
  return (
    <header className="mb-8 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-ink">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      {children}
    </header>
  );
}
