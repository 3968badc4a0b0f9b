import type { Snippet } from "@/server/domain/explorer/snippet";

const WHERE: Record<Snippet["source"], string> = {
  justification: "Justification",
  scope: "Scope",
  comment: "Comment",
  decision: "Approver's comment",
  number: "Ticket number",
};

/** Where a text search matched, the matched words marked. */
export function MatchSnippet({ snippet }: { snippet: Snippet }) {
  return (
    <p className="mt-1.5 line-clamp-2 text-xs text-muted">
      <span className="mr-1 font-medium text-ink/80">{WHERE[snippet.source]}:</span>
      {snippet.segments.map((segment, i) =>
        segment.hit ? (
          <mark key={i} className="rounded bg-amber-100 px-0.5 font-medium text-amber-900">
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </p>
  );
}
