import type { PolicyDocument } from "@/server/domain/policy/schema";

/** Changes the draft: the callback mutates a copy, so sections write plain assignments. */
export type EditDraft = (change: (doc: PolicyDocument) => void) => void;

export interface SectionProps {
  doc: PolicyDocument;
  edit: EditDraft;
}

/** Moves an item one place up (-1) or down (+1); order matters for stages and rules. */
export function move<T>(items: T[], index: number, delta: -1 | 1): void {
  const target = index + delta;
  if (target < 0 || target >= items.length) return;
  const [item] = items.splice(index, 1);
  if (item !== undefined) items.splice(target, 0, item);
}

/** Splits "a@x, b@y" or one per line into a list, dropping blanks. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
