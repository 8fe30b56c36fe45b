/** What the sender gets back for an accepted message, and again, unchanged, for an identical replay. */
export interface Receipt {
  id: string;
  status: 'accepted';
  receivedAt: string;
}
