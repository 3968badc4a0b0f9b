"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

export function SsoButton({ label, callbackUrl }: { label: string; callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn("oidc", { callbackUrl });
      }}
      className="flex w-full items-center justify-center gap-2 rounded-lg bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition hover:bg-brand-700 disabled:cursor-wait disabled:opacity-70"
    >
      <svg viewBox="0 0 20 20" className="size-4" fill="currentColor" aria-hidden="true">
        <path d="M10 1.5 3 4.3v5.1c0 4.3 3 8.2 7 9.1 4-.9 7-4.8 7-9.1V4.3l-7-2.8Zm0 4a2 2 0 0 1 1 3.7V12H9V9.2a2 2 0 0 1 1-3.7Z" />
      </svg>
      {pending ? "Redirecting…" : `Sign in with ${label}`}
    </button>
  );
}
