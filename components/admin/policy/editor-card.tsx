import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

/** One titled block of a policy section (caps, thresholds, modifiers, groups…). */
export function EditorCard({ title, description, children }: { title: string; description: ReactNode; children: ReactNode }) {
  return (
    <Card className="p-4">
      <h3 className="text-sm font-semibold text-ink">{title}</h3>
      <p className="mt-0.5 text-xs text-muted">{description}</p>
      {children}
    </Card>
  );
}
