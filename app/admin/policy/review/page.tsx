import type { Metadata } from "next";
import Link from "next/link";
import { DiffList } from "@/components/admin/policy/diff-list";
import { PublishForm } from "@/components/admin/policy/publish-form";
import { SimulationList } from "@/components/admin/policy/simulation-list";
import { Panel } from "@/components/ui/card";
import { policyDocumentSchema } from "@/server/domain/policy/schema";
import { openPolicyScreen, PolicyScreen } from "../policy-screen";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review & publish" };

const SIMULATION_DAYS = 30;

export default async function PolicyReviewPage() {
  const screen = await openPolicyScreen("/admin/policy/review");
  if (!screen.ok) return screen.page;
  const { user, caller } = screen;
  const [current, draft, review] = await Promise.all([caller.policy.current(), caller.policy.draft(), caller.policy.diffDraft()]);
  // Only a valid draft can be replayed against real tickets.
  const simulation = review.valid ? await caller.policy.simulateDraft({ days: SIMULATION_DAYS }) : null;
  const parsedDraft = review.valid ? policyDocumentSchema.parse(draft.document) : null;
  const workflowNames = new Map<string, string>();
  for (const doc of [current.document, parsedDraft]) {
    for (const w of doc?.workflows ?? []) workflowNames.set(w.key, w.name);
  }
  const blockedReason = !review.valid
    ? `The draft has ${review.errors.length} problem${review.errors.length === 1 ? "" : "s"} and cannot be published. Fix them in the editor.`
    : review.identical
      ? `Nothing to publish: the draft is identical to v${current.version}.`
      : null;

  return (
    <PolicyScreen user={user} active="/admin/policy/review" description={`Review the draft against the published v${current.version}, see which recent decisions it would change, then publish it.`}>
      <div className="space-y-6">
        {!review.valid ? (
          <section aria-labelledby="review-problems-heading" className="rounded-card border border-red-200 bg-red-50/60 p-4">
            <h2 id="review-problems-heading" className="text-sm font-semibold text-red-900">
              The draft is not valid
            </h2>
            <ul aria-label="Draft problems" className="mt-2 space-y-1 text-sm text-red-900">
              {review.errors.map((e, i) => (
                <li key={i}>
                  <span className="font-mono text-xs font-medium">{e.path}</span>: {e.message} <span className="rounded bg-red-100 px-1 font-mono text-[11px]">{e.rule}</span>
                </li>
              ))}
            </ul>
            <Link href="/admin/policy" className="mt-3 inline-block text-sm font-medium text-red-900 underline">
              Fix in the editor
            </Link>
          </section>
        ) : null}

        {review.valid ? (
          <>
            <Panel id="diff" title={`Changes against v${current.version}`} description="Added, removed, changed and moved, by path.">
              <DiffList entries={review.changes} baseVersion={current.version} />
            </Panel>
            <Panel
              id="simulation"
              title={simulation ? `This draft changes ${simulation.changedCount} decision${simulation.changedCount === 1 ? "" : "s"}` : "Simulation"}
              description={simulation ? `Replayed ${simulation.evaluated} tickets of the last ${simulation.days} days under v${current.version} and under the draft.` : undefined}
            >
              {simulation ? <SimulationList simulation={simulation} workflowNames={workflowNames} /> : null}
            </Panel>
          </>
        ) : null}

        <Panel id="publish" title="Publish" description="A published version is immutable; tickets decided from now on pin it.">
          <div className="p-3">
            <PublishForm nextVersion={current.version + 1} blockedReason={blockedReason} />
          </div>
        </Panel>
      </div>
    </PolicyScreen>
  );
}
