"use client";

import type { WorkflowStage } from "@/server/domain/policy/schema";
import { ApproverSelectorField } from "./approver-selector-field";
import { NumberField, SelectField, TextField } from "./fields";
import { BlockIssues } from "./issues";
import { OrderedItemHeader } from "./ordered-item-header";

/** One approval stage; the workflow section owns order and removal. */
export function StageEditor({
  stage,
  index,
  count,
  path,
  groups,
  onChange,
  onMove,
  onRemove,
}: {
  stage: WorkflowStage;
  index: number;
  count: number;
  path: string;
  groups: string[];
  onChange: (change: (stage: WorkflowStage) => void) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const title = `Stage ${index + 1}: ${stage.name || "unnamed"}`;
  return (
    <li aria-label={title} className="rounded-lg border border-line bg-surface px-3 py-2.5">
      <OrderedItemHeader index={index} count={count} kind="Stage" title={title} onMove={onMove} onRemove={onRemove} removeDisabled={count === 1} />
      <BlockIssues path={path} />
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-12">
        <TextField label="Stage name" path={`${path}.name`} value={stage.name} onChange={(v) => onChange((s) => void (s.name = v))} className="sm:col-span-2 xl:col-span-4" />
        <div className="sm:col-span-2 xl:col-span-8">
          <ApproverSelectorField label="Approvers" path={`${path}.approvers`} value={stage.approvers} groups={groups} onChange={(v) => onChange((s) => void (s.approvers = v))} />
        </div>
        <NumberField label="Quorum" path={`${path}.quorum`} min={1} value={stage.quorum} onChange={(v) => onChange((s) => void (s.quorum = v ?? 0))} className="xl:col-span-1" />
        <NumberField label="SLA hours" path={`${path}.slaHours`} min={1} value={stage.slaHours} onChange={(v) => onChange((s) => void (s.slaHours = v ?? 0))} className="xl:col-span-1" />
        <NumberField
          label="Reminder after hours"
          className="xl:col-span-2"
          path={`${path}.reminderAfterHours`}
          min={1}
          value={stage.reminderAfterHours}
          onChange={(v) =>
            onChange((s) => {
              if (v === null) delete s.reminderAfterHours;
              else s.reminderAfterHours = v;
            })
          }
        />
        <SelectField
          label="Escalation"
          className="xl:col-span-2"
          path={`${path}.escalateTo`}
          value={stage.escalateTo ? "yes" : "no"}
          options={[
            { value: "no", label: "None" },
            { value: "yes", label: "On SLA breach" },
          ]}
          onChange={(v) =>
            onChange((s) => {
              if (v === "no") delete s.escalateTo;
              else s.escalateTo = { type: "manager_of_approver" };
            })
          }
        />
        {stage.escalateTo ? (
          <div className="sm:col-span-2 xl:col-span-6">
            <ApproverSelectorField label="Escalate to" path={`${path}.escalateTo`} value={stage.escalateTo} groups={groups} onChange={(v) => onChange((s) => void (s.escalateTo = v))} />
          </div>
        ) : null}
      </div>
    </li>
  );
}
