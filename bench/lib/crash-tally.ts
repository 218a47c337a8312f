/** What the crash checks found (failures by kind) and went through (counts), for the report. */

/** Failures by kind, each with a few lines of detail. */
export class Failures {
  readonly byKind = new Map<string, string[]>();

  add(kind: string, detail: string): void {
    const list = this.byKind.get(kind) ?? [];
    list.push(detail);
    this.byKind.set(kind, list);
  }

  get total(): number {
    let n = 0;
    for (const list of this.byKind.values()) n += list.length;
    return n;
  }
}

/** What the checks went through, for the report. */
export interface Checked {
  acknowledgedCharges: number;
  acknowledgedRefunds: number;
  finalRefusals: number;
  charges: number;
  refunds: number;
  flows: number;
  ledgerEntries: number;
  journals: number;
  reversals: number;
  apiReads: number;
  storedAnswers: number;
  replaysCompared: number;
}
