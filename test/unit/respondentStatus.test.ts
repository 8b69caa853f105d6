/** The one respondent status model (app/respondents/status.ts): every combination maps to one status. */
import { describe, expect, it } from "vitest";
import {
  invitationState,
  RESPONDENT_STATUS,
  RESPONDENT_STATUS_LABEL,
  RESPONDENT_STATUS_ORDER,
  respondentStatus,
  type StatusInput,
} from "../../app/respondents/status.ts";

const base: StatusInput = {
  surveyStatus: "invited",
  hasEmail: true,
  hasLink: true,
  unsubscribed: false,
  revoked: false,
  bounced: false,
  invitation: null,
};
const status = (over: Partial<StatusInput>) => respondentStatus({ ...base, ...over });

describe("respondentStatus", () => {
  it("says 'invited' only once the invitation was delivered", () => {
    expect(status({})).toBe("not_invited");
    expect(status({ invitation: "queued" })).toBe("invitation_queued");
    expect(status({ invitation: "failed" })).toBe("invitation_failed");
    expect(status({ invitation: "sent" })).toBe("invited");
    expect(status({ invitation: "sent", bounced: true })).toBe("bounced");
    expect(status({ hasLink: false })).toBe("no_link");
    expect(status({ hasEmail: false })).toBe("no_email");
  });
  it("says so when a completed respondent's link was revoked, and never counts a revoked one as waiting", () => {
    expect(status({ surveyStatus: "completed", invitation: "sent" })).toBe("completed");
    expect(status({ surveyStatus: "completed", revoked: true })).toBe("completed_link_revoked");
    expect(status({ surveyStatus: "started", revoked: true })).toBe("revoked");
    expect(status({ invitation: "sent", revoked: true })).toBe("revoked");
    expect(status({ surveyStatus: "revoked" })).toBe("revoked");
  });
  it("puts survey progress before email state", () => {
    expect(status({ surveyStatus: "started", unsubscribed: true })).toBe("started");
    expect(status({ surveyStatus: "screened_out", invitation: "failed" })).toBe("screened_out");
    expect(status({ invitation: "sent", unsubscribed: true })).toBe("unsubscribed");
  });
  it("has a label and a place in the counts for every status", () => {
    const all = Object.values(RESPONDENT_STATUS);
    expect(new Set(RESPONDENT_STATUS_ORDER)).toEqual(new Set(all));
    for (const s of all) expect(RESPONDENT_STATUS_LABEL[s]).toMatch(/\S/);
  });
});

describe("invitationState", () => {
  it("takes the best of a respondent's invitation rows", () => {
    expect(invitationState([])).toBeNull();
    expect(invitationState(["cancelled"])).toBeNull();
    expect(invitationState(["failed"])).toBe("failed");
    expect(invitationState(["failed", "queued"])).toBe("queued");
    expect(invitationState(["sending"])).toBe("queued");
    expect(invitationState(["failed", "sent", "queued"])).toBe("sent");
  });
});
