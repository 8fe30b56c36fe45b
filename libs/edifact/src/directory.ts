/**
 * The data elements of the segments this library reads and writes, after the UN/EDIFACT D.96B segment directory
 * (service segments after ISO 9735): a simple element is its code, a composite its code and its components' codes.
 * Used to name the composite and data element of a position, and to find segments with too many elements.
 */
export type ElementSpec = string | readonly [composite: string, ...components: string[]];

const S002 = ['S002', '0004', '0007', '0008'] as const;
const S003 = ['S003', '0010', '0007', '0014'] as const;
const S009 = ['S009', '0065', '0052', '0054', '0051', '0057'] as const;
const S011 = ['S011', '0098', '0104'] as const;
const C506 = ['C506', '1153', '1154', '1156', '4000'] as const;

export const SEGMENT_DIRECTORY: Readonly<Record<string, readonly ElementSpec[]>> = {
  UNB: [
    ['S001', '0001', '0002'],
    S002,
    S003,
    ['S004', '0017', '0019'],
    '0020',
    ['S005', '0022', '0025'],
    '0026',
    '0029',
    '0031',
    '0032',
    '0035',
  ],
  UNH: ['0062', S009, '0068', ['S010', '0070', '0073']],
  UNT: ['0074', '0062'],
  UNZ: ['0036', '0020'],
  UCI: ['0020', S002, S003, '0083', '0085', '0013', S011],
  UCM: ['0062', S009, '0083', '0085', '0013', S011],
  UCS: ['0096', '0085'],
  UCD: ['0085', S011],
  BGM: [['C002', '1001', '1131', '3055', '1000'], '1004', '1225', '4343'],
  CNI: ['1490', ['C503', '1004', '1373', '1366', '3453'], '1312'],
  CNT: [['C270', '6069', '6066', '6411']],
  DTM: [['C507', '2005', '2380', '2379']],
  EQD: [
    '8053',
    ['C237', '8260', '1131', '3055', '3207'],
    ['C224', '8155', '1131', '3055', '8154'],
    '8077',
    '8249',
    '8169',
  ],
  ERC: [['C901', '9321', '1131', '3055']],
  FTX: [
    '4451',
    '4453',
    ['C107', '4441', '1131', '3055'],
    ['C108', '4440', '4440', '4440', '4440', '4440'],
    '3453',
  ],
  GID: [
    '1496',
    ['C213', '7224', '7065', '1131', '3055', '7064'],
    ['C213', '7224', '7065', '1131', '3055', '7064'],
  ],
  GIS: [['C529', '7365', '1131', '3055', '7187']],
  LOC: [
    '3227',
    ['C517', '3225', '1131', '3055', '3224'],
    ['C519', '3223', '1131', '3055', '3222'],
    ['C553', '3233', '1131', '3055', '3232'],
    '5479',
  ],
  MEA: [
    '6311',
    ['C502', '6313', '6321', '6155', '6154'],
    ['C174', '6411', '6314', '6162', '6152', '6432'],
    '7383',
  ],
  NAD: [
    '3035',
    ['C082', '3039', '1131', '3055'],
    ['C058', '3124', '3124', '3124', '3124', '3124'],
    ['C080', '3036', '3036', '3036', '3036', '3036', '3045'],
    ['C059', '3042', '3042', '3042', '3042'],
    '3164',
    '3229',
    '3251',
    '3207',
  ],
  PIA: ['4347', ['C212', '7140', '7143', '1131', '3055'], ['C212', '7140', '7143', '1131', '3055']],
  RFF: [C506],
  SEL: ['9308', ['C215', '9303', '1131', '3055', '9302'], '4517'],
  STS: [
    ['C601', '9015', '1131', '3055'],
    ['C555', '9011', '1131', '3055', '9010'],
    ['C556', '9013', '1131', '3055', '9012'],
  ],
  TDT: [
    '8051',
    '8028',
    ['C220', '8067', '8066'],
    ['C228', '8179', '8178'],
    ['C040', '3127', '1131', '3055', '3128'],
    '8101',
    ['C401', '8457', '8459', '7130'],
    ['C222', '8213', '1131', '3055', '8212', '8453'],
  ],
};

/** The composite (if any) and data element codes at a position, from the directory. */
export function elementCodes(
  tag: string,
  element: number,
  component: number,
): { composite?: string; dataElement?: string } {
  const spec = SEGMENT_DIRECTORY[tag]?.[element];
  if (spec === undefined) return {};
  if (typeof spec === 'string') return { dataElement: spec };
  return { composite: spec[0], dataElement: spec[component + 1] };
}
