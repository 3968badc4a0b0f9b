"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc/react";
import { inputClass } from "../new/field";
import { ScopeBlock } from "../new/scope-diff";

/** The server refuses more; checking first saves uploading a file only to be told so. */
const MAX_BYTES = 5 * 1024 * 1024;
const MIN_ATTESTATION = 20;

interface Artefact {
  name: string;
  size: number;
  contentBase64: string;
  /** Null where the browser offers no SubtleCrypto (a page served over plain HTTP to another host). */
  sha256: string | null;
}

const WORDS = {
  grant: {
    heading: "Set this access up by hand",
    intro: "has no API: make the change in the system yourself, then attest it here with an artefact that shows it (a screenshot, an export).",
    placeholder: "Created the user and gave it the role in the portal's user admin; the screenshot shows the user list after the change.",
    submit: "Attest the set-up",
    pending: "Recording the set-up…",
    done: "The set-up is recorded and the access is active.",
  },
  revoke: {
    heading: "Remove this access by hand",
    intro: "has no API: remove the access in the system yourself, then attest it here with an artefact that shows it is gone.",
    placeholder: "Removed the role from the user in the portal's user admin; the export shows the user without it.",
    submit: "Attest the removal",
    pending: "Recording the removal…",
    done: "The removal is recorded and the ticket is closed.",
  },
} as const;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  // In chunks: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function sha256Hex(buffer: ArrayBuffer): Promise<string | null> {
  if (typeof crypto === "undefined" || !crypto.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The fulfiller of a system without an API attests a change they made by hand: what they did, and
 * an artefact whose SHA-256 the browser computes before sending, so it can be compared with the
 * hash the portal stores as the closure evidence.
 */
export function AttestManual({ number, action, what, system, subject, scope }: { number: string; action: "grant" | "revoke"; what: string; system: string; subject: string; scope: unknown }) {
  const words = WORDS[action];
  const trpc = useTRPC();
  const router = useRouter();
  const ids = useId();
  const [attestation, setAttestation] = useState("");
  const [artefact, setArtefact] = useState<Artefact | null>(null);
  const [reading, setReading] = useState(false);
  const [local, setLocal] = useState<{ attestation?: string; artefact?: string }>({});
  const attest = useMutation(trpc.requests.attestManual.mutationOptions());

  const server = (attest.error?.data as { fieldErrors?: Record<string, string> | null } | undefined)?.fieldErrors ?? {};
  const attestationError = local.attestation ?? server.attestation ?? null;
  const artefactError = local.artefact ?? server.artefact ?? server["artefact.contentBase64"] ?? server["artefact.name"] ?? null;
  const formError = attest.error && !server.attestation && !server.artefact && !server["artefact.contentBase64"] && !server["artefact.name"] ? attest.error.message : null;

  async function pick(file: File | undefined) {
    setArtefact(null);
    setLocal((l) => ({ ...l, artefact: undefined }));
    attest.reset();
    if (!file) return;
    if (file.size === 0) return setLocal((l) => ({ ...l, artefact: "This file is empty: attach the screenshot or export that shows the change." }));
    if (file.size > MAX_BYTES) return setLocal((l) => ({ ...l, artefact: `This file is ${formatBytes(file.size)}; the artefact must be at most 5 MB.` }));
    setReading(true);
    try {
      const buffer = await file.arrayBuffer();
      setArtefact({ name: file.name, size: file.size, contentBase64: toBase64(buffer), sha256: await sha256Hex(buffer) });
    } catch {
      setLocal((l) => ({ ...l, artefact: "The browser could not read this file. Try saving it again, or pick another." }));
    } finally {
      setReading(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = attestation.trim();
    const errors = {
      attestation: text.length < MIN_ATTESTATION ? `Say what you did, in at least ${MIN_ATTESTATION} characters.` : undefined,
      artefact: artefact ? undefined : (local.artefact ?? "Attach the artefact that shows the change."),
    };
    setLocal(errors);
    if (errors.attestation || errors.artefact || !artefact) {
      document.getElementById(errors.attestation ? `${ids}-attestation` : `${ids}-artefact`)?.focus();
      return;
    }
    attest.mutate({ number, action, attestation: text, artefact: { name: artefact.name, contentBase64: artefact.contentBase64 } });
  }

  const done = attest.data;
  return (
    <section id="attest" aria-labelledby={`${ids}-heading`} className="scroll-mt-6 rounded-card border-2 border-brand-500 bg-brand-50 p-5 shadow-card">
      <h2 id={`${ids}-heading`} className="text-base font-semibold text-ink">
        {words.heading}
      </h2>
      <p className="mt-1 max-w-3xl text-sm text-ink/80">
        {system} {words.intro}
      </p>

      {done ? (
        <div className="mt-4 flex flex-col gap-3" role="status" aria-live="polite">
          <p className="flex items-center gap-2 text-sm font-semibold text-green-800">
            <svg viewBox="0 0 20 20" className="size-5" fill="currentColor" aria-hidden="true">
              <path d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.7-9.3-4.2 4.2a1 1 0 0 1-1.4 0L6.3 11a1 1 0 1 1 1.4-1.4l1.1 1.1 3.5-3.5a1 1 0 0 1 1.4 1.4Z" />
            </svg>
            {words.done}
          </p>
          <HashFacts browser={artefact?.sha256 ?? null} portal={done.artefactSha256} />
          <div>
            <button
              type="button"
              onClick={() => router.refresh()}
              className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            >
              Show the updated ticket
            </button>
          </div>
        </div>
      ) : (
        <form noValidate onSubmit={submit} className="mt-4 grid gap-5 lg:grid-cols-[minmax(0,18rem)_minmax(0,1fr)]">
          <div className="flex flex-col gap-2">
            <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">What was asked</h3>
            <p className="text-sm text-ink">
              <span className="font-medium">{what}</span> on {system} for <span className="font-medium">{subject}</span>
            </p>
            <ScopeBlock scope={scope} />
          </div>

          <div className="flex flex-col gap-4">
            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${ids}-attestation`} className="text-sm font-medium text-ink">
                What you did
              </label>
              <p id={`${ids}-attestation-hint`} className="text-xs text-muted">
                In your own words, at least {MIN_ATTESTATION} characters: it is kept with the ticket as your attestation.
              </p>
              <textarea
                id={`${ids}-attestation`}
                rows={4}
                maxLength={2000}
                required
                value={attestation}
                placeholder={words.placeholder}
                onChange={(e) => {
                  setAttestation(e.target.value);
                  if (local.attestation) setLocal((l) => ({ ...l, attestation: undefined }));
                }}
                aria-invalid={attestationError ? true : undefined}
                aria-describedby={`${ids}-attestation-hint${attestationError ? ` ${ids}-attestation-error` : ""}`}
                className={inputClass}
              />
              {attestationError ? (
                <p id={`${ids}-attestation-error`} className="text-xs font-medium text-red-700">
                  {attestationError}
                </p>
              ) : null}
            </div>

            <div className="flex flex-col gap-1.5">
              <label htmlFor={`${ids}-artefact`} className="text-sm font-medium text-ink">
                Artefact
              </label>
              <p id={`${ids}-artefact-hint`} className="text-xs text-muted">
                A screenshot or export that shows the change, at most 5 MB. Its SHA-256 is computed here before anything is sent.
              </p>
              <input
                id={`${ids}-artefact`}
                type="file"
                required
                onChange={(e) => void pick(e.target.files?.[0])}
                aria-invalid={artefactError ? true : undefined}
                aria-describedby={`${ids}-artefact-hint${artefactError ? ` ${ids}-artefact-error` : ""}${artefact ? ` ${ids}-artefact-hash` : ""}`}
                className="block w-full rounded-lg border border-line bg-panel text-sm text-ink shadow-card file:mr-3 file:border-0 file:border-r file:border-line file:bg-surface file:px-3 file:py-2 file:text-sm file:font-medium file:text-ink hover:file:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 aria-[invalid=true]:border-red-400"
              />
              {reading ? <p className="text-xs text-muted" aria-live="polite">Reading the file and computing its SHA-256…</p> : null}
              {artefact ? (
                <div id={`${ids}-artefact-hash`} className="rounded-md border border-line bg-panel px-3 py-2 text-xs" aria-live="polite">
                  <p className="text-ink">
                    <span className="font-medium">{artefact.name}</span> · {formatBytes(artefact.size)}
                  </p>
                  <p className="mt-1 text-muted">
                    SHA-256 computed in your browser:{" "}
                    <code className="break-all font-mono text-[11px] text-ink" data-browser-sha256={artefact.sha256 ?? ""}>
                      {artefact.sha256 ?? "not available in this browser; the portal's hash is shown once it is sent"}
                    </code>
                  </p>
                </div>
              ) : null}
              {artefactError ? (
                <p id={`${ids}-artefact-error`} className="text-xs font-medium text-red-700">
                  {artefactError}
                </p>
              ) : null}
            </div>

            {formError ? (
              <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
                {formError}
              </p>
            ) : null}
            <div>
              <button
                type="submit"
                disabled={attest.isPending || reading}
                className="inline-flex items-center gap-2 rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white shadow-card hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:opacity-60"
              >
                {attest.isPending ? words.pending : words.submit}
              </button>
            </div>
          </div>
        </form>
      )}
    </section>
  );
}

function HashFacts({ browser, portal }: { browser: string | null; portal: string }) {
  const same = browser !== null && browser === portal;
  return (
    <dl className="grid gap-2 rounded-md border border-line bg-panel px-3 py-2 text-xs sm:grid-cols-[auto_minmax(0,1fr)] sm:gap-x-4">
      <dt className="text-muted">Stored by the portal</dt>
      <dd>
        <code className="break-all font-mono text-[11px] text-ink" data-portal-sha256={portal}>
          {portal}
        </code>
      </dd>
      <dt className="text-muted">Computed in your browser</dt>
      <dd className={browser === null ? "text-muted" : same ? "font-medium text-green-800" : "font-medium text-red-800"}>
        {browser === null ? "not available" : same ? "the same: the portal holds exactly the file you attached" : `different (${browser}): the file changed on the way; tell an admin`}
      </dd>
    </dl>
  );
}
