/* Generated from schemas/v1.2/transport.status.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * The vessel, train or road vehicle carrying the goods: a vessel by its IMO number, a train by its number.
 */
export type TransportMeans = Vessel | Train | RoadVehicle;

/**
 * Version 1.2 of the standard adds corrections (the envelope's supersedes) and cancellations; the payload of transport.status is as in 1.1.
 */
export interface TransportStatus {
  eventCode:
    'DEPARTED' | 'ARRIVED' | 'LOADED' | 'DISCHARGED' | 'GATE_IN' | 'GATE_OUT' | 'HANDED_OVER' | 'DELAYED';
  /**
   * Where the event happened.
   */
  location: string;
  /**
   * An RFC 3339 date-time with a time zone.
   */
  eventTime: string;
  /**
   * An RFC 3339 date-time with a time zone.
   */
  expectedTime?: string;
  /**
   * ISO 6346 container number: owner code, category (U, J or Z), six-digit serial number and check digit.
   */
  containerNumber?: string;
  transportMeans?: TransportMeans;
  /**
   * Free text for people, in any script.
   */
  remarks?: string;
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
/**
 * A road vehicle.
 */
export interface RoadVehicle {
  mode: 'road';
}
