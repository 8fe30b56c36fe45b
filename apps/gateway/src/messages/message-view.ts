import type { MessageStatus } from '@cx/contracts';
import { MessageEntity } from '@cx/persistence';
import { CANCELLATION } from '@cx/routing';

/**
 * `GET /v1/messages/{id}` as the contract shapes it; only the sender and the admin learn who else received it. A
 * routed message that `replacement` replaced shows as superseded or cancelled, naming it.
 */
export function messageView(
  row: MessageEntity,
  showRecipients: boolean,
  replacement?: Pick<MessageEntity, 'id' | 'type'> | null,
): MessageStatus {
  const cancelled = replacement?.type === CANCELLATION;
  return {
    id: row.id,
    type: row.type,
    sender: row.sender,
    consignmentRef: row.consignmentRef,
    status: replacement ? (cancelled ? 'cancelled' : 'superseded') : row.status,
    receivedAt: row.receivedAt,
    ...(row.errors && row.errors.length > 0 ? { errors: row.errors } : {}),
    ...(showRecipients && row.recipients ? { recipients: row.recipients } : {}),
    ...(row.supersedes && row.status === 'routed' ? { supersedes: row.supersedes } : {}),
    ...(replacement ? { [cancelled ? 'cancelledBy' : 'supersededBy']: replacement.id } : {}),
  };
}
