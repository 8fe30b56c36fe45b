import { codes } from '../mapping/codecs';
import type { MessageTable } from '../mapping/table';
import {
  consignmentRef,
  container,
  correlationId,
  createdAt,
  dtm,
  messageId,
  place,
  recipients,
  remarks,
  sender,
  transportMeans,
} from './common';

/** BGM C002 1001 in CODECO (SMDG guide): 34 gate-in report, 36 gate-out report. */
const GATE_REPORTS = codes({ GATE_IN: '34', GATE_OUT: '36' });

/**
 * CODECO (container gate-in/gate-out report) ⇄ transport.status with eventCode GATE_IN or GATE_OUT, after the SMDG
 * CODECO guide: one EQD group per message (the container), DTM+7 the gate move, LOC+165 the terminal's place, FTX+AAI
 * remarks, TDT+1 the inland carriage.
 */
export const CODECO: MessageTable = {
  message: 'CODECO',
  type: 'transport.status',
  rules: [
    {
      tag: 'BGM',
      mandatory: true,
      fields: [{ pointer: '/payload/eventCode', at: [0, 0], codec: GATE_REPORTS }],
    },
    createdAt,
    messageId,
    correlationId,
    sender,
    recipients,
    {
      group: 'EQD',
      mandatory: true,
      rules: [
        container('/payload/containerNumber', { mandatory: true }),
        consignmentRef,
        dtm('7', '/payload/eventTime'),
        place('165', '/payload/location'),
        remarks('/payload/remarks'),
        { group: 'TDT', rules: [transportMeans('1', '/payload/transportMeans')] },
      ],
    },
    {
      tag: 'CNT',
      key: [
        [0, 0, '16'],
        [0, 1, '1'],
      ],
      always: true,
    },
  ],
};
