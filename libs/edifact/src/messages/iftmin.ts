import { chunked, decimal, text } from '../mapping/codecs';
import type { Field, MessageTable, SegmentRule } from '../mapping/table';
import {
  beginning,
  consignmentRef,
  correlationId,
  createdAt,
  dtm,
  freeText,
  grossMass,
  messageId,
  place,
  recipients,
  sender,
  TRANSPORT_MODES,
} from './common';

/** NAD with a party's name (C080, 5 × an..35), street and address (C059, 4 × an..35) and country (3207). */
const party = (qualifier: string, pointer: string): SegmentRule => ({
  tag: 'NAD',
  key: [[0, 0, qualifier]],
  fields: [
    { pointer: `${pointer}/name`, at: [3, 0], codec: chunked(35, 5) },
    { pointer: `${pointer}/address`, at: [4, 0], codec: chunked(35, 4) },
    { pointer: `${pointer}/country`, at: [8, 0], codec: text(3) },
  ],
});

const carrier: Field = { pointer: '/carrier', at: [4, 0], codec: text(17), with: [[4, 2, 'ZZZ']] };

/**
 * IFTMIN (instruction message) ⇄ consignment.note: BGM 610 with the document number, CNT+7 the total gross weight,
 * one TDT group per leg (mode, carrier; LOC+5 and DTM+133, LOC+8 and DTM+132), NAD+CZ and NAD+CN, one GID group per
 * goods item (PIA+5 the HS code, FTX+AAA the description, MEA+AAE+G the mass), one EQD group per container (SEL seals).
 */
export const IFTMIN: MessageTable = {
  message: 'IFTMIN',
  type: 'consignment.note',
  rules: [
    beginning('610', '/payload/documentNumber'),
    createdAt,
    {
      tag: 'CNT',
      key: [[0, 0, '7']],
      fields: [{ pointer: '/payload/totalGrossMassKg', at: [0, 1], codec: decimal, with: [[0, 2, 'KGM']] }],
    },
    messageId,
    correlationId,
    consignmentRef,
    {
      group: 'TDT',
      each: '/payload/legs',
      index: '/seq',
      mandatory: true,
      rules: [
        {
          tag: 'TDT',
          key: [[0, 0, '20']],
          always: true,
          fields: [{ pointer: '/mode', at: [2, 0], codec: TRANSPORT_MODES }, carrier],
        },
        { group: 'LOC', rules: [place('5', '/from'), dtm('133', '/etd')] },
        { group: 'LOC', rules: [place('8', '/to'), dtm('132', '/eta')] },
      ],
    },
    sender,
    recipients,
    party('CZ', '/payload/consignor'),
    party('CN', '/payload/consignee'),
    {
      group: 'GID',
      each: '/payload/goods',
      mandatory: true,
      rules: [
        {
          tag: 'GID',
          always: true,
          fields: [
            { pointer: '#', at: [0, 0] },
            { pointer: '/packageCount', at: [1, 0], codec: decimal },
            { pointer: '/packageType', at: [1, 1], codec: text(2) },
          ],
        },
        {
          tag: 'PIA',
          key: [[0, 0, '5']],
          fields: [{ pointer: '/hsCode', at: [1, 0], codec: text(35), with: [[1, 1, 'HS']] }],
        },
        {
          tag: 'FTX',
          key: [[0, 0, 'AAA']],
          fields: [{ pointer: '/description', at: [3, 0], codec: freeText }],
          spill: 5,
        },
        grossMass('/grossMassKg'),
      ],
    },
    {
      group: 'EQD',
      each: '/payload/equipment',
      rules: [
        {
          tag: 'EQD',
          key: [[0, 0, 'CN']],
          fields: [
            { pointer: '/containerNumber', at: [1, 0], codec: text(17) },
            {
              pointer: '/sizeType',
              at: [2, 0],
              codec: text(10),
              with: [
                [2, 1, '102'],
                [2, 2, '5'],
              ],
            },
          ],
        },
        { tag: 'SEL', each: '/seals', fields: [{ pointer: '', at: [0, 0], codec: text(10) }] },
      ],
    },
  ],
};
