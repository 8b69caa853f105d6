/** The decision-rule row's fields for a "lead" criterion: in segment S we lead competitor X on driver Y (issue 20). */
import { Input, SelectField } from "./Inputs.tsx";

export function LeadCriterionFields({
  field,
  competitors,
  drivers,
  value,
  error,
  locked,
}: {
  field: (name: string) => string;
  competitors: string[];
  drivers: string[];
  value: (name: string, fallback: unknown) => string;
  error: (name: string) => string | undefined;
  locked: boolean;
}) {
  if (competitors.length === 0) return null;
  return (
    <fieldset>
      <legend>For a competitor lead criterion (we lead competitor X on driver Y)</legend>
      <div className="row-form">
        <SelectField
          label="Competitor"
          name={field("competitor")}
          defaultValue={value("competitor", "")}
          error={error("competitor")}
          disabled={locked}
          options={[{ value: "", label: "— pick a competitor —" }, ...competitors.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Value driver"
          name={field("driver")}
          defaultValue={value("driver", "")}
          error={error("driver")}
          disabled={locked}
          options={[{ value: "", label: "— pick a driver —" }, ...drivers.map((d) => ({ value: d, label: d }))]}
        />
        <Input
          label="Lead by more than (rating points, 0–10; blank = 0)"
          name={field("margin")}
          type="number"
          min={0}
          max={10}
          step="any"
          defaultValue={value("margin", "")}
          error={error("margin")}
          disabled={locked}
        />
      </div>
    </fieldset>
  );
}
