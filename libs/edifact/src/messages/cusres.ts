import { codes, text } from '../mapping/codecs';
import type { MessageTable } from '../mapping/table';
import {
  beginning,
  consignmentRef,
  correlationId,
  createdAt,
  dtm,
  messageId,
  recipients,
  remarks,
  rff,
  sender,
} from './common';

/** The decision in GIS C529 7365 (processing indicator), codes agreed by the exchange (agency ZZZ). */
const DECISIONS = codes({ released: 'REL', held: 'HLD', inspection: 'INS', rejected: 'REJ' });

/**
 * CUSRES (customs response) ⇄ customs.decision: RFF+ABT the declaration number, RFF+ACW the declaration message,
 * DTM+9 the decision time, LOC+41 the deciding office, GIS the decision, FTX+AAI the reason.
 */
export const CUSRES: MessageTable = {
  message: 'CUSRES',
  type: 'customs.decision',
  rules: [
    beginning('962'),
    createdAt,
    dtm('9', '/payload/decidedAt'),
    remarks('/payload/reason'),
    messageId,
    correlationId,
    rff('ABT', '/payload/declarationNumber', text(35)),
    consignmentRef,
    {
      tag: 'LOC',
      key: [[0, 0, '41']],
      fields: [{ pointer: '/payload/office', at: [1, 0], codec: text(8), with: [[1, 2, 'ZZZ']] }],
    },
    sender,
    recipients,
    {
      tag: 'GIS',
      fields: [{ pointer: '/payload/decision', at: [0, 0], codec: DECISIONS, with: [[0, 2, 'ZZZ']] }],
    },
  ],
};
