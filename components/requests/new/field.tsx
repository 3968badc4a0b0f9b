import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";

export const inputClass =
  "w-full rounded-lg border border-line bg-panel px-3 py-2 text-sm text-ink shadow-card placeholder:text-slate-400 aria-[invalid=true]:border-red-400 aria-[invalid=true]:ring-1 aria-[invalid=true]:ring-red-200";

/**
 * A labelled form field with its hint and its error. The error comes from the server (the
 * policy's rule), so it is announced and tied to the control with aria-describedby.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  className = "",
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={`flex flex-col gap-1.5 ${className}`}>
      <label htmlFor={id} className="text-sm font-medium text-ink">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="flex items-start gap-1 text-xs font-medium text-red-700">
          <svg viewBox="0 0 16 16" className="mt-px size-3.5 shrink-0" fill="currentColor" aria-hidden="true">
            <path d="M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13Zm-.75 3.25h1.5v4.5h-1.5Zm0 5.75h1.5V12h-1.5Z" />
          </svg>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return ids || undefined;
}

type Common = { id: string; error?: string; hasHint?: boolean };

export function TextInput({ id, error, hasHint, className = "", ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, !!hasHint, !!error)} className={`${inputClass} ${className}`} {...rest} />
  );
}

export function TextArea({ id, error, hasHint, className = "", ...rest }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, !!hasHint, !!error)} className={`${inputClass} ${className}`} {...rest} />
  );
}

export function Select({ id, error, hasHint, className = "", ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, !!hasHint, !!error)} className={`${inputClass} ${className}`} {...rest} />
  );
}

/** A numbered step of the form: a card with a heading the keyboard user can jump between. */
export function Step({ n, title, description, children }: { n: number; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`step-${n}`} className="rounded-card border border-line bg-panel p-5 shadow-card">
      <header className="mb-4 flex items-start gap-3">
        <span aria-hidden="true" className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-100">
          {n}
        </span>
        <div>
          <h2 id={`step-${n}`} className="text-sm font-semibold text-ink">
            {title}
          </h2>
          {description ? <p className="mt-0.5 text-xs text-muted">{description}</p> : null}
        </div>
      </header>
      <div className="flex flex-col gap-4">{children}</div>
    </section>
  );
}
