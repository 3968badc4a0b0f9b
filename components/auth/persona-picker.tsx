"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { RoleBadges } from "@/components/role-badge";
import { Avatar } from "@/components/ui/avatar";
import type { Role } from "@/server/db/generated/enums";

export interface PersonaCard {
  email: string;
  name: string;
  roles: Role[];
  title: string;
  description: string;
}

/** Demo sign-in: each card signs in as a seeded person through the `demo` credentials provider. */
export function PersonaPicker({ personas, callbackUrl }: { personas: PersonaCard[]; callbackUrl: string }) {
  const [pending, setPending] = useState<string | null>(null);

  async function choose(email: string) {
    setPending(email);
    // On failure next-auth redirects back to /signin?error=..., which renders the message.
    await signIn("demo", { email, callbackUrl });
  }

  return (
    <ul className="grid gap-3 sm:grid-cols-2" aria-label="Demo personas">
      {personas.map((persona) => {
        const descriptionId = `persona-${persona.email.split("@")[0]}-description`;
        const busy = pending === persona.email;
        return (
          <li key={persona.email}>
            <button
              type="button"
              onClick={() => void choose(persona.email)}
              disabled={pending !== null}
              aria-label={`Sign in as ${persona.name}`}
              aria-describedby={descriptionId}
              aria-busy={busy}
              className="group flex h-full w-full flex-col gap-3 rounded-card border border-line bg-panel p-4 text-left shadow-card transition hover:border-brand-500 hover:shadow-md disabled:cursor-wait disabled:opacity-70"
            >
              <span className="flex items-center gap-3">
                <Avatar name={persona.name} roles={persona.roles} />
                <span className="min-w-0">
                  <span className="block truncate font-semibold text-ink">{persona.name}</span>
                  <span className="block truncate text-xs text-muted">{persona.title}</span>
                </span>
              </span>
              <RoleBadges roles={persona.roles} />
              <span id={descriptionId} className="text-sm leading-snug text-muted">
                {persona.description}
              </span>
              <span className="mt-auto flex items-center justify-between gap-2 border-t border-line pt-3">
                <span className="truncate font-mono text-[11px] text-muted">{persona.email}</span>
                <span className="shrink-0 text-sm font-medium text-brand-600 group-hover:text-brand-700">
                  {busy ? "Signing in…" : "Continue →"}
                </span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
