import type { TicketEvidence } from "./types";

type Tone = TicketEvidence["answers"][number]["tone"];

const TONES: Record<Tone, { card: string; mark: string; icon: string; label: string }> = {
  good: { card: "border-green-200", mark: "bg-green-50 text-green-700 ring-green-200", icon: "✓", label: "Evidence holds" },
  attention: { card: "border-amber-300", mark: "bg-amber-50 text-amber-800 ring-amber-200", icon: "!", label: "Needs attention" },
  neutral: { card: "border-line", mark: "bg-slate-50 text-slate-600 ring-slate-200", icon: "i", label: "Fact" },
};

/** The five questions an auditor brings to a ticket, each answered in one line. */
export function Answers({ answers }: { answers: TicketEvidence["answers"] }) {
  return (
    <section aria-labelledby="answers-heading">
      <h2 id="answers-heading" className="mb-3 text-sm font-semibold text-ink">
        Answers
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-5">
        {answers.map((a) => {
          const tone = TONES[a.tone];
          return (
            <li key={a.key} className={`flex flex-col gap-2 rounded-card border bg-panel p-4 shadow-card break-inside-avoid ${tone.card}`}>
              <div className="flex items-center gap-2">
                <span aria-hidden="true" className={`inline-flex size-5 shrink-0 items-center justify-center rounded-full text-[11px] font-bold ring-1 ring-inset ${tone.mark}`}>
                  {tone.icon}
                </span>
                <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">{a.question}</h3>
                <span className="sr-only">{tone.label}</span>
              </div>
              <p className="text-sm leading-snug text-ink">{a.answer}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
