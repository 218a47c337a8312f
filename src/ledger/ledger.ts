import { type CompiledQuery, type Insertable, type Kysely, sql } from 'kysely';
import { newSortableId } from '../domain/ids.js';
import { isBalanced, LEDGER_ACCOUNTS, type Posting } from '../domain/ledger-rules.js';
import {
  type AppMode,
  combineStatements,
  type Database,
  dialectOf,
  insertInChunks,
  lockForUpdate,
  type NewLedgerEntry,
  precompiledQuery,
} from '../store/index.js';

export interface JournalInput {
  readonly merchantId: string;
  /** The mode of the app whose operation moves the money: test and live money are kept apart. */
  readonly mode: AppMode;
  readonly postings: readonly Posting[];
  /** What caused the movement: `charge`, `refund`, `settlement`… */
  readonly refType: string;
  readonly refId: string;
  readonly now: number;
}

/**
 * One journal as compiled queries, not run: its ledger entries, then the running balances they move.
 * No queries for a journal without postings.
 */
export interface JournalQueries {
  readonly journalId: string;
  readonly writes?: {
    readonly entries: CompiledQuery;
    readonly balances: CompiledQuery;
  };
}

type LedgerBalanceRow = Insertable<Database['ledger_balances']>;

/** A journal's rows: its entries, and the running balances they move (none without postings). */
interface JournalRows {
  readonly journalId: string;
  readonly entries: NewLedgerEntry[];
  readonly balances: LedgerBalanceRow[];
}

/** Throws when the postings do not balance. */
function journalRows(input: JournalInput): JournalRows {
  if (!isBalanced(input.postings)) {
    throw new Error(
      `unbalanced journal for ${input.refType} ${input.refId}: ${JSON.stringify(input.postings)}`,
    );
  }
  const journalId = newSortableId('jr');
  const entries = input.postings.map((posting) => ({
    id: newSortableId('le'),
    merchant_id: input.merchantId,
    mode: input.mode,
    journal_id: journalId,
    account: posting.account,
    currency: posting.currency,
    amount: posting.amount,
    ref_type: input.refType,
    ref_id: input.refId,
    created_at: input.now,
  }));
  const balances = netBalances(
    input.postings.map((posting) => ({
      merchant_id: input.merchantId,
      mode: input.mode,
      account: posting.account,
      currency: posting.currency,
      balance: posting.amount,
      updated_at: input.now,
    })),
  );
  return { journalId, entries, balances };
}

/**
 * The balance moves summed per balance row: one statement moves them all, and an upsert may touch a row
 * only once.
 */
function netBalances(moves: readonly LedgerBalanceRow[]): LedgerBalanceRow[] {
  const net = new Map<string, LedgerBalanceRow>();
  for (const move of moves) {
    const key = [move.merchant_id, move.mode, move.account, move.currency].join('\u0000');
    const known = net.get(key);
    if (known) known.balance = Number(known.balance) + Number(move.balance);
    else net.set(key, { ...move });
  }
  return [...net.values()];
}

const entriesInsert = (db: Kysely<Database>, input: { rows: NewLedgerEntry[] }) =>
  db.insertInto('ledger_entries').values(input.rows);

const balancesUpsert = (db: Kysely<Database>, input: { rows: LedgerBalanceRow[]; now: number }) =>
  db
    .insertInto('ledger_balances')
    .values(input.rows)
    .onConflict((oc) =>
      oc.columns(['merchant_id', 'mode', 'account', 'currency']).doUpdateSet({
        balance: sql<number>`ledger_balances.balance + excluded.balance`,
        updated_at: input.now,
      }),
    );

const entriesInsertQuery = precompiledQuery(entriesInsert);
const balancesUpsertQuery = precompiledQuery(balancesUpsert);

/** Builds a journal's queries; throws when its postings do not balance. */
export function journalQueries(db: Kysely<Database>, input: JournalInput): JournalQueries {
  const { journalId, entries, balances } = journalRows(input);
  if (entries.length === 0) return { journalId };
  return {
    journalId,
    writes: {
      entries: entriesInsertQuery(db, { rows: entries }),
      balances: balancesUpsertQuery(db, { rows: balances, now: input.now }),
    },
  };
}

/**
 * Writes one balanced journal and moves the running balances, in the caller's transaction (the one
 * that changes the state the money follows: DESIGN invariant 2).
 */
export async function postJournal(db: Kysely<Database>, input: JournalInput): Promise<string> {
  const { journalId, writes } = journalQueries(db, input);
  if (!writes) return journalId;
  if (dialectOf(db) === 'postgres') {
    // The entries and the balances in one round trip: a writable CTE (the balances read no entry).
    await db.executeQuery(combineStatements([['entries', writes.entries]], writes.balances));
    return journalId;
  }
  await db.executeQuery(writes.entries);
  await db.executeQuery(writes.balances);
  return journalId;
}

/**
 * Writes many balanced journals (a settlement's) in the caller's transaction: their entries in
 * multi-row inserts, then the balances they move in one upsert, each balance's amounts summed first.
 */
export async function postJournals(db: Kysely<Database>, inputs: readonly JournalInput[]): Promise<void> {
  const journals = inputs.map(journalRows);
  const entries = journals.flatMap((journal) => journal.entries);
  if (entries.length === 0) return;
  const now = Math.max(...inputs.map((input) => input.now));
  await insertInChunks(entries, (rows) => entriesInsert(db, { rows }).execute());
  const summed = netBalances(journals.flatMap((journal) => journal.balances));
  // Amounts near 2^53 (crypto) could not be summed exactly here: then each journal moves its own.
  const rows = summed.every((row) => Number.isSafeInteger(row.balance))
    ? [summed]
    : journals.map((journal) => journal.balances);
  for (const balances of rows) {
    if (balances.length > 0) await balancesUpsert(db, { rows: balances, now }).execute();
  }
}

/**
 * The merchant's balance in an account of one mode, as the merchant sees it (credit-normal: money owed
 * to them is positive). Locks the row on PostgreSQL so that two refunds cannot both spend the same balance.
 */
export async function merchantBalanceForUpdate(
  db: Kysely<Database>,
  merchantId: string,
  mode: AppMode,
  account: string,
  currency: string,
): Promise<number> {
  const row = await db
    .selectFrom('ledger_balances')
    .select('balance')
    .where('merchant_id', '=', merchantId)
    .where('mode', '=', mode)
    .where('account', '=', account)
    .where('currency', '=', currency)
    .$call((qb) => lockForUpdate(qb, dialectOf(db)))
    .executeTakeFirst();
  return row ? -row.balance : 0;
}

export interface BalanceView {
  readonly currency: string;
  readonly available: number;
  readonly pending: number;
}

/** The merchant's available and pending balances of one mode, one row per currency. */
export async function merchantBalances(
  db: Kysely<Database>,
  merchantId: string,
  mode: AppMode,
): Promise<BalanceView[]> {
  const rows = await db
    .selectFrom('ledger_balances')
    .select(['account', 'currency', 'balance'])
    .where('merchant_id', '=', merchantId)
    .where('mode', '=', mode)
    .where('account', 'in', [LEDGER_ACCOUNTS.available, LEDGER_ACCOUNTS.pending])
    .execute();
  const byCurrency = new Map<string, { available: number; pending: number }>();
  for (const row of rows) {
    const entry = byCurrency.get(row.currency) ?? { available: 0, pending: 0 };
    if (row.account === LEDGER_ACCOUNTS.available) entry.available = -row.balance;
    else entry.pending = -row.balance;
    byCurrency.set(row.currency, entry);
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amounts]) => ({ currency, ...amounts }));
}

/** Books the exact opposite of an earlier journal (e.g. a refund reservation given back). */
export async function reverseJournal(
  db: Kysely<Database>,
  input: { merchantId: string; refType: string; refId: string; reversalRefType: string; now: number },
): Promise<void> {
  const entries = await db
    .selectFrom('ledger_entries')
    .select(['mode', 'account', 'currency', 'amount'])
    .where('merchant_id', '=', input.merchantId)
    .where('ref_type', '=', input.refType)
    .where('ref_id', '=', input.refId)
    .execute();
  const mode = entries[0]?.mode;
  if (mode === undefined) return;
  await postJournal(db, {
    merchantId: input.merchantId,
    mode,
    postings: entries.map((e) => ({
      account: e.account,
      currency: e.currency as Posting['currency'],
      amount: -e.amount,
    })),
    refType: input.reversalRefType,
    refId: input.refId,
    now: input.now,
  });
}
