/**
 * Derived message ids of receipts (docs/exchange-protocol.md, "Envelopes"): UUID v5 of the letter's
 * message id and the receipt kind, so two desks of one agency that both answer one letter produce one
 * receipt, which the exchange deduplicates on (sender agency, message id).
 */
import { v5 as uuidv5 } from 'uuid';
import type { ReceiptKind } from './messages.ts';

/** The UUID v5 namespace of Registry Desk receipts (fixed for ever: changing it changes every receipt id). */
export const RECEIPT_NAMESPACE = '6f1d3c2e-8a47-5b1e-9c0d-2f4a6b8c0e12';

/**
 * @param letterId the letter's message id (UUID).
 * @param kind the receipt kind.
 * @returns the receipt's message id: UUID v5 of `${letterId}/${kind}` in {@link RECEIPT_NAMESPACE}, lower case.
 * @throws Error when `letterId` is not a UUID.
 */
export function receiptMessageId(letterId: string, kind: ReceiptKind): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(letterId)) throw new Error('the letter id is not a UUID');
  return uuidv5(`${letterId.toLowerCase()}/${kind}`, RECEIPT_NAMESPACE);
}
