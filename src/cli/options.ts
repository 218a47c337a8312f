import { InvalidArgumentError } from 'commander';

/** Parsers and help text for the options several commands share. */

export const DATABASE_HELP = 'database URL: sqlite:./path.db or postgres://… (env POLYPAY_DATABASE_URL)';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('expected 0-65535');
  return port;
}

export function parseNonNegative(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return parsed;
}

export function parsePositive(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected an integer ≥ 1');
  return parsed;
}
