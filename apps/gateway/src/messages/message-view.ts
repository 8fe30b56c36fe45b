import { MessageEntity } from '@cx/persistence';

/** `GET /v1/messages/{id}` as the contract shapes it; only the sender and the admin learn who else received it. */
export function messageView(row: MessageEntity, showRecipients: boolean) {
  return {
    id: row.id,
    type: row.type,
    sender: row.sender,
    consignmentRef: row.consignmentRef,
    status: row.status,
    receivedAt: row.receivedAt,
    ...(row.errors && row.errors.length > 0 ? { errors: row.errors } : {}),
    ...(showRecipients && row.recipients ? { recipients: row.recipients } : {}),
  };
}
