"use client";

import { buttonGhost, buttonSecondary } from "../styles";
import type { SectionProps } from "./edit";
import { EditorCard } from "./editor-card";
import { ListTextField, TextField } from "./fields";

/** Named approver groups that workflow stages and escalations refer to by key. */
export function GroupsEditor({ doc, edit }: SectionProps) {
  const groups = Object.entries(doc.groups);
  return (
    <EditorCard title="Approver groups" description="A stage whose approvers are a group asks its members; the quorum says how many must approve.">
      <ul className="mt-3 space-y-2">
        {groups.map(([key, group]) => {
          const path = `groups.${key}`;
          const usedBy = doc.workflows.filter((w) => w.stages.some((s) => (s.approvers.type === "group" && s.approvers.group === key) || (s.escalateTo?.type === "group" && s.escalateTo.group === key)));
          return (
            <li key={key} aria-label={`Group ${key}`} className="grid gap-3 rounded-lg border border-line bg-surface p-3 sm:grid-cols-[12rem_1fr_auto] lg:grid-cols-[12rem_1fr_2fr_auto]">
              <div>
                <p className="text-xs font-medium text-muted">Key</p>
                <p className="mt-2 font-mono text-sm text-ink">{key}</p>
                <p className="mt-1 text-[11px] text-muted">{usedBy.length > 0 ? `Used by ${usedBy.map((w) => w.key).join(", ")}` : "Not used by any workflow"}</p>
              </div>
              <TextField label="Description" path={`${path}.description`} value={group.description} onChange={(v) => edit((d) => void (d.groups[key]!.description = v))} />
              <ListTextField label="Members (comma-separated emails)" path={`${path}.members`} value={group.members} onChange={(v) => edit((d) => void (d.groups[key]!.members = v))} />
              <button type="button" className={`${buttonGhost} self-end hover:text-red-700`} aria-label={`Remove group ${key}`} onClick={() => edit((d) => void delete d.groups[key])}>
                Remove
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className={`${buttonSecondary} mt-3`}
        onClick={() =>
          edit((d) => {
            let n = Object.keys(d.groups).length + 1;
            while (d.groups[`group-${n}`]) n++;
            d.groups[`group-${n}`] = { description: "Who is in this group and why.", members: [] };
          })
        }
      >
        + Add group
      </button>
    </EditorCard>
  );
}
