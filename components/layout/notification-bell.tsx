"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { RelativeTime } from "@/components/ui/relative-time";
import { useTRPC } from "@/lib/trpc/react";

const PAGE_SIZE = 8;

/**
 * The bell in the shell: how many notifications are unread, and a panel with the latest ones
 * linking to their tickets. A disclosure: Escape or a click outside closes it and focus goes
 * back to the bell.
 */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const unread = useQuery({ ...trpc.notifications.unreadCount.queryOptions(), refetchInterval: 60_000 });
  const list = useQuery({ ...trpc.notifications.list.queryOptions({ pageSize: PAGE_SIZE }), enabled: open });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const markOne = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));

  const count = unread.data ?? 0;
  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    heading.current?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  return (
    <div
      ref={wrapper}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close(true);
        }
      }}
      onBlur={(event) => {
        // Tabbing out of the panel closes it, like a click outside.
        if (open && !wrapper.current?.contains(event.relatedTarget as Node | null) && event.relatedTarget) close(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={count > 0 ? `Notifications, ${count} unread` : "Notifications"}
        onClick={() => (open ? close(false) : setOpen(true))}
        className="relative inline-flex size-9 items-center justify-center rounded-lg border border-line bg-panel text-ink transition hover:bg-slate-50"
      >
        <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M5 8a5 5 0 0 1 10 0c0 4 1.5 5.5 1.5 5.5h-13S5 12 5 8ZM8.5 16.5a1.7 1.7 0 0 0 3 0" />
        </svg>
        {count > 0 ? (
          <span aria-hidden="true" className="absolute -right-1.5 -top-1.5 min-w-5 rounded-full bg-danger px-1 text-center text-[11px] font-semibold leading-5 text-white ring-2 ring-panel">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </button>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-labelledby={`${panelId}-title`}
          className="absolute right-0 top-full z-40 mt-2 w-[min(24rem,calc(100vw-2rem))] overflow-hidden rounded-xl border border-line bg-panel shadow-lg lg:left-0 lg:right-auto"
        >
          <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
            <h2 ref={heading} tabIndex={-1} id={`${panelId}-title`} className="text-sm font-semibold text-ink outline-none">
              Notifications
              {count > 0 ? <span className="ml-2 rounded-full bg-brand-50 px-2 py-0.5 text-xs font-medium text-brand-700">{count} unread</span> : null}
            </h2>
            <button
              type="button"
              disabled={count === 0 || markAll.isPending}
              onClick={() => markAll.mutate()}
              className="rounded-md px-2 py-1 text-xs font-medium text-brand-700 hover:bg-brand-50 disabled:cursor-default disabled:text-muted disabled:hover:bg-transparent"
            >
              {markAll.isPending ? "Marking…" : "Mark all read"}
            </button>
          </div>
          <NotificationList
            state={list}
            onOpen={(id, wasUnread) => {
              if (wasUnread) markOne.mutate({ id });
              close(false);
            }}
          />
          {list.data && list.data.total > list.data.items.length ? (
            <p className="border-t border-line px-4 py-2 text-xs text-muted">
              Showing the latest {list.data.items.length} of {list.data.total}.
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

interface ListState {
  isPending: boolean;
  isError: boolean;
  refetch: () => unknown;
  data?: { items: { id: string; title: string; body: string; createdAt: Date; readAt: Date | null; ticket: string | null }[] };
}

function NotificationList({ state, onOpen }: { state: ListState; onOpen: (id: string, wasUnread: boolean) => void }) {
  if (state.isPending) {
    return (
      <ul aria-busy="true" aria-label="Loading notifications" className="divide-y divide-line">
        {[0, 1, 2].map((i) => (
          <li key={i} className="flex flex-col gap-2 px-4 py-3">
            <span className="h-3 w-2/3 animate-pulse rounded bg-slate-200" />
            <span className="h-3 w-full animate-pulse rounded bg-slate-100" />
          </li>
        ))}
      </ul>
    );
  }
  if (state.isError || !state.data) {
    return (
      <div role="alert" className="px-4 py-6 text-center text-sm text-muted">
        Notifications could not be loaded.{" "}
        <button type="button" onClick={() => void state.refetch()} className="font-medium text-brand-700 underline">
          Try again
        </button>
      </div>
    );
  }
  if (state.data.items.length === 0) {
    return (
      <div className="px-4 py-8 text-center">
        <p className="text-sm font-medium text-ink">You are all caught up</p>
        <p className="mt-1 text-sm text-muted">Reminders, decisions and escalations about your requests appear here.</p>
      </div>
    );
  }
  return (
    <ul className="max-h-[26rem] divide-y divide-line overflow-y-auto">
      {state.data.items.map((n) => {
        const unread = n.readAt === null;
        const content = (
          <>
            <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${unread ? "bg-brand-600" : "bg-transparent"}`} />
            <span className="min-w-0 flex-1">
              <span className={`block text-sm ${unread ? "font-semibold text-ink" : "font-medium text-ink/80"}`}>
                {unread ? <span className="sr-only">Unread: </span> : null}
                {n.title}
              </span>
              <span className="mt-0.5 line-clamp-2 text-sm text-muted">{n.body}</span>
              <span className="mt-1 flex items-center gap-2 text-xs text-muted">
                {n.ticket ? <span className="font-mono text-brand-700">{n.ticket}</span> : null}
                <RelativeTime date={n.createdAt} />
              </span>
            </span>
          </>
        );
        const row = `flex gap-3 px-4 py-3 text-left ${unread ? "bg-brand-50/40" : ""}`;
        return (
          <li key={n.id}>
            {n.ticket ? (
              <Link href={`/requests/${n.ticket}`} onClick={() => onOpen(n.id, unread)} className={`${row} hover:bg-slate-50 focus-visible:bg-slate-50`}>
                {content}
              </Link>
            ) : (
              <div className={row}>{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
