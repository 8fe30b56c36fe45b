/* Generated from schemas/v1.2/customs.decision.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Version 1.2 of the standard adds corrections (the envelope's supersedes) and cancellations; the payload of customs.decision is as in 1.0.
 */
export interface CustomsDecision {
  /**
   * Number of a document as its issuer gives it (UN/EDIFACT an..35).
   */
  declarationNumber: string;
  decision: 'released' | 'held' | 'inspection' | 'rejected';
  /**
   * The customs office that decided.
   */
  office: string;
  /**
   * An RFC 3339 date-time with a time zone.
   */
  decidedAt: string;
  /**
   * Why, in plain words.
   */
  reason?: string;
}
