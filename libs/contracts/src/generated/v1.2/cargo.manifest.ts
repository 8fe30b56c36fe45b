/* Generated from schemas/v1.2/cargo.manifest.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * The vessel (by IMO number) or train (by number) carrying the consignments.
 */
export type VesselOrTrain = Vessel | Train;

/**
 * Version 1.2 of the standard adds corrections (the envelope's supersedes) and cancellations; the payload of cargo.manifest is as in 1.0.
 */
export interface CargoManifest {
  /**
   * Number of a document as its issuer gives it (UN/EDIFACT an..35).
   */
  manifestNumber: string;
  transportMeans: VesselOrTrain;
  /**
   * UN/LOCODE of a place: ISO 3166-1 country code and three capital letters or digits 2-9.
   */
  departurePort: string;
  /**
   * UN/LOCODE of a place: ISO 3166-1 country code and three capital letters or digits 2-9.
   */
  arrivalPort: string;
  /**
   * An RFC 3339 date-time with a time zone.
   */
  departureTime: string;
  /**
   * @minItems 1
   * @maxItems 500
   */
  consignments: ManifestLine[];
}
/**
 * A vessel, by its IMO number.
 */
export interface Vessel {
  mode: 'sea';
  /**
   * IMO ship identification number: seven digits, the last a check digit.
   */
  vesselImo: string;
}
/**
 * A train, by its number.
 */
export interface Train {
  mode: 'rail';
  /**
   * Number of a train as the railway gives it.
   */
  trainNumber: string;
}
export interface ManifestLine {
  /**
   * The reference every message about one consignment carries.
   */
  consignmentRef: string;
  /**
   * @maxItems 100
   */
  containerNumbers?: string[];
  /**
   * Gross mass in kilograms.
   */
  grossMassKg: number;
}
