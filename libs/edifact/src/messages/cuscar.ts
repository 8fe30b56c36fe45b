import { text } from '../mapping/codecs';
import type { MessageTable } from '../mapping/table';
import {
  beginning,
  consignmentRef,
  container,
  correlationId,
  createdAt,
  dtm,
  grossMass,
  messageId,
  place,
  recipients,
  sender,
  transportMeans,
} from './common';

/**
 * CUSCAR (customs cargo report) ⇄ cargo.manifest: BGM 785 (cargo manifest) with the manifest number, the conveyance in
 * a TDT group (LOC+9 port of loading and DTM+133 the departure, LOC+11 port of discharge), one CNI group per consignment.
 */
export const CUSCAR: MessageTable = {
  message: 'CUSCAR',
  type: 'cargo.manifest',
  rules: [
    beginning('785', '/payload/manifestNumber'),
    createdAt,
    messageId,
    correlationId,
    consignmentRef,
    sender,
    recipients,
    {
      group: 'TDT',
      mandatory: true,
      rules: [
        transportMeans('20', '/payload/transportMeans'),
        place('9', '/payload/departurePort'),
        dtm('133', '/payload/departureTime'),
        place('11', '/payload/arrivalPort'),
      ],
    },
    {
      group: 'CNI',
      each: '/payload/consignments',
      mandatory: true,
      rules: [
        {
          tag: 'CNI',
          fields: [
            { pointer: '#', at: [0, 0] },
            { pointer: '/consignmentRef', at: [1, 0], codec: text(35) },
          ],
        },
        grossMass('/grossMassKg'),
        container('', { each: '/containerNumbers' }),
      ],
    },
  ],
};
