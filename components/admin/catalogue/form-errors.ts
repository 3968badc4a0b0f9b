import type { ZodType } from "zod";
import type { DraftIssue } from "../policy/issues";

/** Field errors of a form: from the shared zod schema before sending, or from the server after. */
export function zodIssues(schema: ZodType, value: unknown): DraftIssue[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: i.path.map(String).join("."), rule: "", message: i.message }));
}

/** The schema's issues plus one per JSON field whose text does not parse yet (its value is null). */
export function inputIssues(schema: ZodType, value: unknown, json: Record<string, unknown | null>): DraftIssue[] {
  const issues = zodIssues(schema, value);
  for (const [path, parsed] of Object.entries(json)) {
    if (parsed === null) issues.push({ path, rule: "", message: "Fix the JSON before saving." });
  }
  return issues;
}

export interface ServerErrorLike {
  message: string;
  data?: { fieldErrors?: Record<string, string> | null } | null;
}

/** The server's refusal as field issues; a refusal without a field stays a form-level message. */
export function serverIssues(error: ServerErrorLike | null): { issues: DraftIssue[]; formMessage: string | null } {
  if (!error) return { issues: [], formMessage: null };
  const fields = error.data?.fieldErrors ?? null;
  if (!fields || Object.keys(fields).length === 0) return { issues: [], formMessage: error.message };
  return { issues: Object.entries(fields).map(([path, message]) => ({ path, rule: "", message })), formMessage: null };
}
