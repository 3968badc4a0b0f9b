import { Card } from "@/components/ui/card";
import type { HomeFigures } from "@/server/domain/dashboard/home";
import { numberFormat } from "./stat-card";

type Catalogue = NonNullable<HomeFigures["catalogue"]>;

export function CataloguePanel({ catalogue }: { catalogue: Catalogue }) {
  const figures = [
    { label: "Connected systems", value: numberFormat.format(catalogue.systems) },
    { label: "Catalogue entitlements", value: numberFormat.format(catalogue.entitlements) },
    {
      label: "Published policy",
      value: catalogue.publishedPolicyVersion === null ? "None" : `v${catalogue.publishedPolicyVersion}`,
    },
  ];
  return (
    <section aria-labelledby="catalogue-heading">
      <Card className="p-5">
        <h2 id="catalogue-heading" className="text-sm font-semibold text-ink">
          Catalogue and policy
        </h2>
        <p className="mt-0.5 text-xs text-muted">What requesters can ask for, and the policy version deciding it.</p>
        <dl className="mt-4 grid grid-cols-3 divide-x divide-line">
          {figures.map((figure) => (
            <div key={figure.label} className="px-4 first:pl-0">
              <dt className="text-xs text-muted">{figure.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tracking-tight text-ink tabular-nums">{figure.value}</dd>
            </div>
          ))}
        </dl>
      </Card>
    </section>
  );
}
