/* Generated from schemas/v1.0/customs.decision.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Customs' answer to a declaration (UN/EDIFACT CUSRES). The envelope's correlationId is the id of the declaration message.
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
