import { codes, text } from '../mapping/codecs';
import type { MessageTable } from '../mapping/table';
import {
  beginning,
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

/**
 * Event codes in STS C555 9011 (status event, D.96B; UN/ECE Recommendation 24). Rec. 24 has codes for arrival (1),
 * delay (20), departure (24), unloading (29) and handing over (41); loading and the gate moves have none there, so
 * the exchange agrees Z01–Z03 for them (CODECO says gate in and out in BGM instead).
 */
export const STATUS_EVENTS = codes({
  ARRIVED: '1',
  DELAYED: '20',
  DEPARTED: '24',
  DISCHARGED: '29',
  HANDED_OVER: '41',
  LOADED: 'Z01',
  GATE_IN: 'Z02',
  GATE_OUT: 'Z03',
});

/** IFTSTA (international multimodal status report) ⇄ transport.status: one CNI with one STS group. */
export const IFTSTA: MessageTable = {
  message: 'IFTSTA',
  type: 'transport.status',
  rules: [
    beginning('23'),
    createdAt,
    sender,
    recipients,
    messageId,
    correlationId,
    {
      group: 'CNI',
      mandatory: true,
      rules: [
        {
          tag: 'CNI',
          fields: [{ pointer: '/consignmentRef', at: [1, 0], codec: text(35), with: [[0, 0, '1']] }],
        },
        {
          group: 'STS',
          mandatory: true,
          rules: [
            {
              tag: 'STS',
              mandatory: true,
              fields: [
                { pointer: '/payload/eventCode', at: [1, 0], codec: STATUS_EVENTS, with: [[0, 0, '1']] },
              ],
            },
            dtm('334', '/payload/eventTime'),
            dtm('132', '/payload/expectedTime'),
            remarks('/payload/remarks'),
            place('175', '/payload/location'),
            transportMeans('20', '/payload/transportMeans'),
            container('/payload/containerNumber'),
          ],
        },
      ],
    },
  ],
};
