import { Card } from "@/components/ui/card";

const STEPS = [
  { title: "Request", text: "Exact scope, justification and expiry" },
  { title: "Policy", text: "Risk scored and routed by a pinned version" },
  { title: "Approval", text: "Named approvers, SLA and separation of duties" },
  { title: "Fulfilment", text: "A connector grants and reads the target back" },
  { title: "Evidence", text: "Closure proof on a tamper-evident trail" },
];

const SPAN: Record<2 | 3, string> = { 2: "xl:col-span-2", 3: "xl:col-span-3" };

function StepNumber({ n }: { n: number }) {
  return (
    <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-50 text-xs font-semibold text-brand-700 ring-1 ring-brand-100">
      {n}
    </span>
  );
}

/** Fills a sparse figure row with how every ticket travels, so the numbers have context. */
export function LifecycleCard({ span }: { span: 2 | 3 }) {
  return (
    <section aria-labelledby="lifecycle-heading" className={`sm:col-span-2 ${SPAN[span]}`}>
      <Card className="h-full p-5">
        <h2 id="lifecycle-heading" className="text-sm font-medium text-muted">
          How a request travels
        </h2>
        {span === 3 ? (
          <ol className="mt-4 grid gap-3 sm:grid-cols-5">
            {STEPS.map((step, index) => (
              <li key={step.title} className="flex flex-col gap-1.5">
                <span className="flex items-center gap-2">
                  <StepNumber n={index + 1} />
                  <span className="text-sm font-semibold text-ink">{step.title}</span>
                  {index < STEPS.length - 1 ? <span aria-hidden="true" className="hidden h-px flex-1 bg-line sm:block" /> : null}
                </span>
                <span className="text-xs leading-snug text-muted">{step.text}</span>
              </li>
            ))}
          </ol>
        ) : (
          // Two columns wide: the steps read top to bottom, one line each.
          <ol className="mt-3 flex flex-col gap-2.5">
            {STEPS.map((step, index) => (
              <li key={step.title} className="flex items-center gap-2.5">
                <StepNumber n={index + 1} />
                <span className="text-sm text-muted">
                  <span className="font-semibold text-ink">{step.title}</span> · {step.text}
                </span>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </section>
  );
}
