// The eligibility check's answers, and the organisation's numbers and identifiers.
import { describe, expect, it } from "vitest";
import { checkEligibility, nextQuestion, questionsFor, readAnswers } from "~/models/eligibility";
import { organisationAddressSchema, organisationDetailsSchema, organisationIdentifier } from "~/schemas/organisation";

const cf = {
  eligibility: { organisationTypes: ["registered_charity", "community_or_faith_group"] as never, mustServePlace: true, requiresPartner: true },
  minRequestPence: 100_000,
  maxRequestPence: 1_000_000,
  placeName: "Luton",
};

describe("eligibility", () => {
  it("asks the partner question only where partners are needed", () => {
    expect(questionsFor(cf)).toEqual(["type", "place", "amount", "partner"]);
    expect(questionsFor({ ...cf, eligibility: { ...cf.eligibility, requiresPartner: false, mustServePlace: false } })).toEqual(["type", "amount"]);
  });

  it("drops answers it does not know, and finds the next question", () => {
    const answers = readAnswers(new URLSearchParams("type=spaceship&place=yes"));
    expect(answers).toEqual({ place: "yes" });
    expect(nextQuestion(cf, answers)).toBe("type");
  });

  it("says you can apply, or every reason you cannot", () => {
    expect(checkEligibility(cf, { type: "registered_charity", place: "yes", amount: "yes", partner: "yes" })).toEqual({ eligible: true });
    expect(checkEligibility(cf, { type: "business", place: "no", amount: "no", partner: "no" })).toEqual({
      eligible: false,
      reasons: [
        "this round is not open to a business",
        "the project must be for people who live in Luton",
        "this round gives between £1,000 and £10,000",
        "this round is for organisations that work with at least one partner organisation",
      ],
    });
  });
});

describe("organisation details", () => {
  const details = (v: Record<string, string>) => organisationDetailsSchema.safeParse({ name: "A group", ...v });

  it("needs a charity number from a charity, in a register's format", () => {
    expect(details({ type: "registered_charity" }).error?.issues[0]?.message).toBe("Enter your charity number");
    expect(details({ type: "registered_charity", charityNumber: "12-AB" }).error?.issues[0]?.message).toMatch(/correct format/);
    expect(details({ type: "registered_charity", charityNumber: " 1234567 " }).data?.charityNumber).toBe("1234567");
    expect(details({ type: "cio", charityNumber: "sc012345" }).data?.charityNumber).toBe("SC012345");
  });

  it("needs a company number from a CIC, and puts back leading zeros", () => {
    expect(details({ type: "cic" }).error?.issues[0]?.message).toBe("Enter your company number");
    expect(details({ type: "cic", companyNumber: "1234567" }).data?.companyNumber).toBe("01234567");
    expect(details({ type: "business", companyNumber: "SC123456" }).data?.companyNumber).toBe("SC123456");
    expect(details({ type: "business", companyNumber: "ABCDEFGHI" }).success).toBe(false);
    expect(details({ type: "community_or_faith_group" }).success).toBe(true);
  });

  it("formats a UK postcode and refuses anything else", () => {
    const address = (postcode: string) => organisationAddressSchema.safeParse({ addressLine1: "1 Road", town: "Luton", postcode, wardId: "outside" });
    expect(address("lu11aa").data?.postcode).toBe("LU1 1AA");
    expect(address("SW1A 2AA").data?.postcode).toBe("SW1A 2AA");
    expect(address("12345").error?.issues[0]?.message).toBe("Enter a full UK postcode, like LU1 2BQ");
  });

  it("derives the 360Giving organisation identifier", () => {
    expect(organisationIdentifier({ id: 7, charityNumber: "1234567", companyNumber: "01234567" }, "HEFP-LUTON")).toBe("GB-CHC-1234567");
    expect(organisationIdentifier({ id: 7, charityNumber: "SC012345", companyNumber: null }, "HEFP-LUTON")).toBe("GB-SC-SC012345");
    expect(organisationIdentifier({ id: 7, charityNumber: null, companyNumber: "01234567" }, "HEFP-LUTON")).toBe("GB-COH-01234567");
    expect(organisationIdentifier({ id: 7, charityNumber: null, companyNumber: null }, "HEFP-LUTON")).toBe("HEFP-LUTON-7");
  });
});
