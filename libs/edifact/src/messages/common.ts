import { chunked, codes, dateTime, decimal, text, uuid, type Codec } from '../mapping/codecs';
import type { Field, SegmentRule } from '../mapping/table';

/**
 * Segments every message of the exchange carries for the envelope, and values several messages share. Qualifiers
 * from the D.96B code lists; where the lists have no code for an exchange notion, the mutually defined ZZZ.
 */

/** Free text (C108: five 4440 of an..70), spilling into further segments of the same qualifier when longer. */
export const freeText: Codec = chunked(70, Infinity);

/** BGM with its document name code (C002 1001) and, if given, the document number (1004). */
export function beginning(documentName: string, documentNumber?: string): SegmentRule {
  const fields: Field[] =
    documentNumber === undefined ? [] : [{ pointer: documentNumber, at: [1, 0], codec: text(35) }];
  return { tag: 'BGM', key: [[0, 0, documentName]], mandatory: true, always: true, fields };
}

/** DTM+137: document/message date/time → createdAt. */
export const createdAt: SegmentRule = dtm('137', '/createdAt', { mandatory: true });

/** RFF+ZZZ: the envelope id (32 hex digits): the exchange's own reference of the message. */
export const messageId: SegmentRule = rff('ZZZ', '/id', uuid);

/** RFF+ACW: reference to previous message → correlationId. */
export const correlationId: SegmentRule = rff('ACW', '/correlationId', uuid);

/** RFF+CU: the consignment reference, where the message has no CNI for it. */
export const consignmentRef: SegmentRule = rff('CU', '/consignmentRef', text(35), { mandatory: true });

/** NAD+MS: message sender → sender (participant id in C082, agency ZZZ). */
export const sender: SegmentRule = { tag: 'NAD', key: [[0, 0, 'MS']], fields: [participant('/sender')] };

/** NAD+MR, once per recipient → recipients. */
export const recipients: SegmentRule = {
  tag: 'NAD',
  key: [[0, 0, 'MR']],
  each: '/recipients',
  fields: [participant('')],
};

/** FTX+AAI: general information → remarks, reason. */
export const remarks = (pointer: string): SegmentRule => ({
  tag: 'FTX',
  key: [[0, 0, 'AAI']],
  fields: [{ pointer, at: [3, 0], codec: freeText }],
  spill: 5,
});

/** A place by UN/LOCODE in C517 (3225, agency 6 = UN/ECE). */
export const place = (qualifier: string, pointer: string): SegmentRule => ({
  tag: 'LOC',
  key: [[0, 0, qualifier]],
  fields: [{ pointer, at: [1, 0], codec: text(5), with: [[1, 2, '6']] }],
});

/** EQD+CN: a container by its ISO 6346 number (C237 8260). */
export const container = (pointer: string, extra: Partial<SegmentRule> = {}): SegmentRule => ({
  tag: 'EQD',
  key: [[0, 0, 'CN']],
  fields: [{ pointer, at: [1, 0], codec: text(17) }],
  ...extra,
});

/** MEA+AAE+G: gross weight in kilograms (C174: KGM, value). */
export const grossMass = (pointer: string): SegmentRule => ({
  tag: 'MEA',
  key: [
    [0, 0, 'AAE'],
    [1, 0, 'G'],
    [2, 0, 'KGM'],
  ],
  fields: [{ pointer, at: [2, 1], codec: decimal }],
});

/** TDT: the means of transport → transportMeans (mode in C220, train number in 8028, vessel IMO in C222). */
export const transportMeans = (stage: string, pointer: string): SegmentRule => ({
  tag: 'TDT',
  key: [[0, 0, stage]],
  fields: [
    { pointer: `${pointer}/trainNumber`, at: [1, 0], codec: text(17) },
    { pointer: `${pointer}/mode`, at: [2, 0], codec: TRANSPORT_MODES },
    {
      pointer: `${pointer}/vesselImo`,
      at: [7, 0],
      codec: text(9),
      with: [
        [7, 1, '146'],
        [7, 2, '11'],
      ],
    },
  ],
});

/** Mode of transport (8067, UN/ECE Recommendation 19): 1 maritime, 2 rail, 3 road. */
export const TRANSPORT_MODES = codes({ sea: '1', rail: '2', road: '3' });

export function dtm(qualifier: string, pointer: string, extra: Partial<SegmentRule> = {}): SegmentRule {
  return {
    tag: 'DTM',
    key: [[0, 0, qualifier]],
    fields: [{ pointer, at: [0, 1], codec: dateTime }],
    ...extra,
  };
}

export function rff(
  qualifier: string,
  pointer: string,
  codec: Codec,
  extra: Partial<SegmentRule> = {},
): SegmentRule {
  return { tag: 'RFF', key: [[0, 0, qualifier]], fields: [{ pointer, at: [0, 1], codec }], ...extra };
}

/** A participant id in NAD C082 3039 (an..35), code list agency ZZZ (mutually defined: the exchange's ids). */
export function participant(pointer: string): Field {
  return { pointer, at: [1, 0], codec: text(35), with: [[1, 2, 'ZZZ']] };
}
