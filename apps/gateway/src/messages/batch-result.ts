import type { Verdict } from './submission.service';

/** One item's line in a batch answer: its receipt, or why it was refused. */
export function batchResult(index: number, id: unknown, v: Verdict) {
  if (v.kind === 'accepted')
    return {
      index,
      id: v.receipt.id,
      status: 'accepted',
      httpStatus: v.httpStatus,
      receivedAt: v.receipt.receivedAt,
    };
  const p = v.problem.toProblem();
  return {
    index,
    id: typeof id === 'string' ? id : null,
    status: 'rejected',
    httpStatus: p.status,
    detail: p.detail,
    errors: p.errors ?? [],
  };
}
