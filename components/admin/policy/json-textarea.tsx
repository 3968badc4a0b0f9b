"use client";

import { useId, type ReactNode } from "react";
import { inputClass, labelClass } from "../styles";

/** A labelled monospace box for JSON typed by hand; its messages follow as children. */
export function JsonTextarea({ label, rows, text, invalid, onChange, children }: { label: string; rows: number; text: string; invalid: boolean; onChange: (text: string) => void; children?: ReactNode }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <textarea id={id} rows={rows} spellCheck={false} className={`${inputClass} mt-1 font-mono text-xs`} value={text} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)} />
      {children}
    </div>
  );
}
