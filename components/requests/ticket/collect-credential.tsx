"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { formatDateTime } from "../labels";

interface Collected {
  value: string;
  prefix: string;
  fingerprint: string;
  expiresAt: Date | string | null;
}

const WORDS = {
  key: { heading: "Your API key is ready", thing: "key", button: "Show my API key once", pending: "Issuing the key…", label: "Your API key", stored: "I have stored the key" },
  certificate: {
    heading: "Your certificate is ready",
    thing: "private key",
    button: "Issue the certificate and show its private key once",
    pending: "Issuing the certificate…",
    label: "The certificate's private key",
    stored: "I have stored the private key",
  },
} as const;

const shortFingerprint = (fingerprint: string) => (fingerprint.length > 16 ? `${fingerprint.slice(0, 16)}…` : fingerprint);

/**
 * The credential an approved ticket makes is issued only when its owner asks for it here, and the
 * answer is the one place its value ever appears: it lives in this component's state and nowhere
 * else, so leaving or reloading the page loses it for good.
 */
export function CollectCredential({ number, entitlement, kind }: { number: string; entitlement: string; kind: "key" | "certificate" }) {
  const words = WORDS[kind];
  const trpc = useTRPC();
  const router = useRouter();
  const [collected, setCollected] = useState<Collected | null>(null);
  const [copied, setCopied] = useState<"idle" | "copied" | "failed">("idle");
  const collect = useMutation(trpc.requests.collectCredential.mutationOptions({ onSuccess: (result) => setCollected(result) }));

  async function copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("copied");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <section aria-labelledby="collect-heading" className="rounded-card border-2 border-brand-500 bg-brand-50 p-5 shadow-card">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="max-w-2xl">
          <h2 id="collect-heading" className="text-base font-semibold text-ink">
            {words.heading}
          </h2>
          <p className="mt-1 text-sm text-ink/80">
            {collected
              ? `The ${words.thing} for ${entitlement} has been issued. Store it in your secret manager now.`
              : `${entitlement} was approved. The ${words.thing} is issued when you ask for it and shown exactly once: have your secret manager open before you continue.`}
          </p>
        </div>
        {collected ? null : (
          <button
            type="button"
            onClick={() => collect.mutate({ number })}
            disabled={collect.isPending}
            className="inline-flex items-center gap-2 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700 disabled:opacity-60"
          >
            {collect.isPending ? words.pending : words.button}
          </button>
        )}
      </div>
      {collect.error ? (
        <p role="alert" className="mt-3 rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {collect.error.message}
        </p>
      ) : null}
      {collected ? (
        <div className="mt-4 flex flex-col gap-3">
          <div role="alert" className="flex gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            <svg viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0" fill="currentColor" aria-hidden="true">
              <path d="M8.3 2.9a2 2 0 0 1 3.4 0l6.1 10.6A2 2 0 0 1 16.1 16.5H3.9a2 2 0 0 1-1.7-3l6.1-10.6ZM10 7a.9.9 0 0 0-.9.9v3.2a.9.9 0 1 0 1.8 0V7.9A.9.9 0 0 0 10 7Zm0 7.6a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" />
            </svg>
            <span>
              <strong>This {words.thing} will never be shown again.</strong> The portal keeps only its fingerprint; leaving or reloading this page loses it. If you lose
              it, ask for a rotation.
            </span>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-stretch">
            <code
              id="collected-key"
              aria-label={words.label}
              className="block flex-1 select-all break-all whitespace-pre-wrap rounded-lg border border-line bg-panel px-3 py-2.5 font-mono text-sm text-ink"
            >
              {collected.value}
            </code>
            <button
              type="button"
              onClick={() => void copy(collected.value)}
              className="inline-flex items-center justify-center rounded-lg border border-line bg-panel px-3.5 py-2 text-sm font-semibold text-ink shadow-card hover:bg-surface"
            >
              {copied === "copied" ? "Copied" : "Copy"}
            </button>
          </div>
          <p aria-live="polite" className="sr-only">
            {copied === "copied" ? "The key was copied to the clipboard." : ""}
          </p>
          {copied === "failed" ? <p className="text-xs text-red-800">The browser refused the clipboard: select the key and copy it by hand.</p> : null}
          <dl className="grid gap-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-xs text-muted">Prefix</dt>
              <dd className="mt-0.5 font-mono text-ink">{collected.prefix}</dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Fingerprint</dt>
              <dd className="mt-0.5 font-mono text-ink" title={collected.fingerprint}>
                {shortFingerprint(collected.fingerprint)}
              </dd>
            </div>
            <div>
              <dt className="text-xs text-muted">Expires</dt>
              <dd className="mt-0.5 text-ink">{collected.expiresAt ? formatDateTime(collected.expiresAt) : "no end date"}</dd>
            </div>
          </dl>
          <div>
            <button
              type="button"
              onClick={() => router.refresh()}
              className="rounded-lg px-3 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-inset ring-brand-500 hover:bg-panel"
            >
              {words.stored}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
