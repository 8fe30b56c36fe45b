/* Generated from schemas/v1.2/consignment.note.schema.json by scripts/generate-types.js. Do not edit: change the schema and run npm run types:generate. */

/**
 * Version 1.2 of the standard adds corrections (the envelope's supersedes) and cancellations; the payload of consignment.note is as in 1.0.
 */
export interface ConsignmentNote {
  /**
   * Number of a document as its issuer gives it (UN/EDIFACT an..35).
   */
  documentNumber: string;
  consignor: Party;
  consignee: Party;
  /**
   * The route, leg by leg, numbered 1, 2, ... with each leg starting where the one before ends.
   *
   * @minItems 1
   * @maxItems 20
   */
  legs: Leg[];
  /**
   * @minItems 1
   * @maxItems 200
   */
  goods: GoodsItem[];
  /**
   * @maxItems 100
   */
  equipment?: EquipmentItem[];
  /**
   * Gross mass in kilograms.
   */
  totalGrossMassKg: number;
}
/**
 * A consignor or consignee.
 */
export interface Party {
  /**
   * Name of an organisation, in any script.
   */
  name: string;
  /**
   * ISO 3166-1 alpha-2 country code.
   */
  country:
    | 'AD'
    | 'AE'
    | 'AF'
    | 'AG'
    | 'AI'
    | 'AL'
    | 'AM'
    | 'AO'
    | 'AQ'
    | 'AR'
    | 'AS'
    | 'AT'
    | 'AU'
    | 'AW'
    | 'AX'
    | 'AZ'
    | 'BA'
    | 'BB'
    | 'BD'
    | 'BE'
    | 'BF'
    | 'BG'
    | 'BH'
    | 'BI'
    | 'BJ'
    | 'BL'
    | 'BM'
    | 'BN'
    | 'BO'
    | 'BQ'
    | 'BR'
    | 'BS'
    | 'BT'
    | 'BV'
    | 'BW'
    | 'BY'
    | 'BZ'
    | 'CA'
    | 'CC'
    | 'CD'
    | 'CF'
    | 'CG'
    | 'CH'
    | 'CI'
    | 'CK'
    | 'CL'
    | 'CM'
    | 'CN'
    | 'CO'
    | 'CR'
    | 'CU'
    | 'CV'
    | 'CW'
    | 'CX'
    | 'CY'
    | 'CZ'
    | 'DE'
    | 'DJ'
    | 'DK'
    | 'DM'
    | 'DO'
    | 'DZ'
    | 'EC'
    | 'EE'
    | 'EG'
    | 'EH'
    | 'ER'
    | 'ES'
    | 'ET'
    | 'FI'
    | 'FJ'
    | 'FK'
    | 'FM'
    | 'FO'
    | 'FR'
    | 'GA'
    | 'GB'
    | 'GD'
    | 'GE'
    | 'GF'
    | 'GG'
    | 'GH'
    | 'GI'
    | 'GL'
    | 'GM'
    | 'GN'
    | 'GP'
    | 'GQ'
    | 'GR'
    | 'GS'
    | 'GT'
    | 'GU'
    | 'GW'
    | 'GY'
    | 'HK'
    | 'HM'
    | 'HN'
    | 'HR'
    | 'HT'
    | 'HU'
    | 'ID'
    | 'IE'
    | 'IL'
    | 'IM'
    | 'IN'
    | 'IO'
    | 'IQ'
    | 'IR'
    | 'IS'
    | 'IT'
    | 'JE'
    | 'JM'
    | 'JO'
    | 'JP'
    | 'KE'
    | 'KG'
    | 'KH'
    | 'KI'
    | 'KM'
    | 'KN'
    | 'KP'
    | 'KR'
    | 'KW'
    | 'KY'
    | 'KZ'
    | 'LA'
    | 'LB'
    | 'LC'
    | 'LI'
    | 'LK'
    | 'LR'
    | 'LS'
    | 'LT'
    | 'LU'
    | 'LV'
    | 'LY'
    | 'MA'
    | 'MC'
    | 'MD'
    | 'ME'
    | 'MF'
    | 'MG'
    | 'MH'
    | 'MK'
    | 'ML'
    | 'MM'
    | 'MN'
    | 'MO'
    | 'MP'
    | 'MQ'
    | 'MR'
    | 'MS'
    | 'MT'
    | 'MU'
    | 'MV'
    | 'MW'
    | 'MX'
    | 'MY'
    | 'MZ'
    | 'NA'
    | 'NC'
    | 'NE'
    | 'NF'
    | 'NG'
    | 'NI'
    | 'NL'
    | 'NO'
    | 'NP'
    | 'NR'
    | 'NU'
    | 'NZ'
    | 'OM'
    | 'PA'
    | 'PE'
    | 'PF'
    | 'PG'
    | 'PH'
    | 'PK'
    | 'PL'
    | 'PM'
    | 'PN'
    | 'PR'
    | 'PS'
    | 'PT'
    | 'PW'
    | 'PY'
    | 'QA'
    | 'RE'
    | 'RO'
    | 'RS'
    | 'RU'
    | 'RW'
    | 'SA'
    | 'SB'
    | 'SC'
    | 'SD'
    | 'SE'
    | 'SG'
    | 'SH'
    | 'SI'
    | 'SJ'
    | 'SK'
    | 'SL'
    | 'SM'
    | 'SN'
    | 'SO'
    | 'SR'
    | 'SS'
    | 'ST'
    | 'SV'
    | 'SX'
    | 'SY'
    | 'SZ'
    | 'TC'
    | 'TD'
    | 'TF'
    | 'TG'
    | 'TH'
    | 'TJ'
    | 'TK'
    | 'TL'
    | 'TM'
    | 'TN'
    | 'TO'
    | 'TR'
    | 'TT'
    | 'TV'
    | 'TW'
    | 'TZ'
    | 'UA'
    | 'UG'
    | 'UM'
    | 'US'
    | 'UY'
    | 'UZ'
    | 'VA'
    | 'VC'
    | 'VE'
    | 'VG'
    | 'VI'
    | 'VN'
    | 'VU'
    | 'WF'
    | 'WS'
    | 'YE'
    | 'YT'
    | 'ZA'
    | 'ZM'
    | 'ZW';
  /**
   * Postal address, in any script.
   */
  address?: string;
}
export interface Leg {
  /**
   * Position of the leg in the route, from 1.
   */
  seq: number;
  /**
   * Mode of transport.
   */
  mode: 'rail' | 'sea' | 'road';
  /**
   * UN/LOCODE of a place: ISO 3166-1 country code and three capital letters or digits 2-9.
   */
  from: string;
  /**
   * UN/LOCODE of a place: ISO 3166-1 country code and three capital letters or digits 2-9.
   */
  to: string;
  /**
   * The participant carrying the consignment on this leg.
   */
  carrier: string;
  /**
   * Estimated time of departure.
   */
  etd?: string;
  /**
   * Estimated time of arrival; not before etd.
   */
  eta?: string;
}
export interface GoodsItem {
  /**
   * Harmonized System code: the 6 digits shared worldwide, with a national extension up to 10 digits.
   */
  hsCode: string;
  /**
   * Plain description of goods, in any script.
   */
  description: string;
  packageCount: number;
  /**
   * UN/ECE Recommendation 21 code of a kind of package.
   */
  packageType?: string;
  /**
   * Gross mass in kilograms.
   */
  grossMassKg: number;
}
export interface EquipmentItem {
  /**
   * ISO 6346 container number: owner code, category (U, J or Z), six-digit serial number and check digit.
   */
  containerNumber: string;
  /**
   * ISO 6346 size and type code of a container.
   */
  sizeType?: string;
  /**
   * @maxItems 10
   */
  seals?: string[];
}
