import { codes, text, uuid } from '../mapping/codecs';
import type { MessageTable } from '../mapping/table';
import { consignmentRef, createdAt, freeText, messageId, participant, recipients, sender } from './common';

/** BGM 1225 (message function): 29 accepted without amendment, 27 not accepted. */
const OUTCOMES = codes({ accepted: '29', rejected: '27' });

/**
 * APERAK (application error and acknowledgement) ⇄ ack: BGM 1225 the outcome, RFF+ACW the acknowledged message (both
 * ackFor and correlationId, which the exchange sets alike), NAD+ZZZ the recipients the message was routed to, one ERC
 * group per violation: FTX+AAO the message, FTX+ZZZ+RUL the rule, FTX+ZZZ+PTR the JSON Pointer, FTX+ZZZ+LOC the EDIFACT position (of a message that came as EDIFACT).
 */
export const APERAK: MessageTable = {
  message: 'APERAK',
  type: 'ack',
  rules: [
    {
      tag: 'BGM',
      key: [[0, 0, '313']],
      mandatory: true,
      fields: [{ pointer: '/payload/outcome', at: [2, 0], codec: OUTCOMES }],
    },
    createdAt,
    messageId,
    {
      tag: 'RFF',
      key: [[0, 0, 'ACW']],
      fields: [
        { pointer: '/payload/ackFor', at: [0, 1], codec: uuid },
        { pointer: '/correlationId', at: [0, 1], codec: uuid },
      ],
    },
    consignmentRef,
    sender,
    recipients,
    {
      tag: 'NAD',
      key: [[0, 0, 'ZZZ']],
      each: '/payload/recipients',
      emptyArray: true,
      fields: [participant('')],
    },
    {
      group: 'ERC',
      each: '/payload/errors',
      emptyArray: true,
      rules: [
        { tag: 'ERC', key: [[0, 0, 'ZZZ']], always: true },
        {
          tag: 'FTX',
          key: [[0, 0, 'AAO']],
          fields: [{ pointer: '/message', at: [3, 0], codec: freeText }],
          spill: 5,
        },
        {
          tag: 'FTX',
          key: [
            [0, 0, 'ZZZ'],
            [1, 0, 'RUL'],
          ],
          fields: [{ pointer: '/rule', at: [3, 0], codec: text(70) }],
        },
        {
          tag: 'FTX',
          key: [
            [0, 0, 'ZZZ'],
            [1, 0, 'PTR'],
          ],
          fields: [{ pointer: '/path', at: [3, 0], codec: freeText }],
          spill: 5,
        },
        {
          tag: 'FTX',
          key: [
            [0, 0, 'ZZZ'],
            [1, 0, 'LOC'],
          ],
          fields: [{ pointer: '/edifact', at: [3, 0], codec: freeText }],
        },
      ],
    },
  ],
};
