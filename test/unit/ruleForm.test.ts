import { describe, expect, it } from "vitest";
import { parseRuleForm, rowErrors } from "../../app/studies/ruleForm.ts";

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  return f;
};

describe("the decision-rule form", () => {
  it("reads rows named like the rule (criteria[i].field), skipping blank rows", () => {
    const r = parseRuleForm(
      form({
        confidence: "0.9",
        "criteria[1].kind": "concept",
        "criteria[1].segment": "smb",
        "criteria[1].metric": "appeal",
        "criteria[1].threshold": "40",
        "criteria[3].kind": "price",
        "criteria[3].segment": "smb",
        "criteria[3].test": "notTooExpensive",
        "criteria[3].share": "70",
      }),
    );
    expect(r).toEqual({
      ok: true,
      rows: [1, 3],
      rule: {
        confidence: 0.9,
        criteria: [
          { kind: "concept", segment: "smb", metric: "appeal", threshold: 0.4 },
          { kind: "price", segment: "smb", test: "notTooExpensive", threshold: 0.7 },
        ],
      },
    });
  });

  it("keys a row's errors by its field name, a price share's by the rule's threshold", () => {
    const r = parseRuleForm(
      form({
        confidence: "0.95",
        "criteria[0].kind": "concept",
        "criteria[0].segment": "",
        "criteria[0].threshold": "140",
        "criteria[2].kind": "price",
        "criteria[2].segment": "smb",
        "criteria[2].test": "notTooExpensive",
      }),
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        "criteria[0].segment": "Pick a segment.",
        "criteria[0].threshold": "Use a percentage from 0 to 100.",
        "criteria[2].threshold": "Enter the share (%) that must not find the price too expensive.",
      },
    });
  });

  it("maps the rule's issue paths to the form rows they came from", () => {
    const errors = { "criteria[0].segment": "Unknown.", "criteria[1].items[2]": "Unknown item.", form: "No." };
    expect(rowErrors(errors, [0, 1])).toEqual({
      "criteria[0].segment": "Unknown.",
      "criteria[1].items": "Unknown item.",
      form: "No.",
    });
    expect(rowErrors(errors, [2, 5])).toEqual({
      "criteria[2].segment": "Unknown.",
      "criteria[5].items": "Unknown item.",
      form: "No.",
    });
  });
});
