import type { Violation } from '@cx/contracts';
import { imoCheckDigit, isValidImoNumber } from '../check-digits';
import { PAYLOAD, type PayloadRule } from './rule';

type TransportMeans = { mode: string; vesselImo?: string } | undefined;

function checkVesselImo(means: TransportMeans, out: Violation[]): void {
  if (means?.vesselImo === undefined || isValidImoNumber(means.vesselImo)) return;
  out.push({
    path: `${PAYLOAD}/transportMeans/vesselImo`,
    rule: 'imo.check-digit',
    message: `is not a valid IMO number: the check digit of ${means.vesselImo.slice(0, 6)}… must be ${imoCheckDigit(means.vesselImo)}`,
  });
}

export const statusVesselImo: PayloadRule<'transport.status'> = (status, out) =>
  checkVesselImo(status.transportMeans, out);

export const manifestVesselImo: PayloadRule<'cargo.manifest'> = (manifest, out) =>
  checkVesselImo(manifest.transportMeans, out);
