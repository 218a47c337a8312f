import { catalogEntry } from '../errors/lookup.js';
import type { PolypayError } from '../errors/polypay-error.js';

/**
 * What every `polypay` command exits with, so that scripts can tell a mistake in the command line
 * (fix it; running it again will not help) from a failure at run time (the database, the network, a
 * thing that does not exist). Messages go to stderr; stdout carries only results.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** The command was well formed but failed: not found, refused, database or network error. */
  failure: 1,
  /** The command line is wrong: unknown command or option, missing or malformed argument. */
  usage: 2,
} as const;

/** The table `--help` and the README show. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  runtime failure (not found, refused, database or network error)
  2  usage error (unknown command or option, missing or invalid argument)
Messages and errors go to stderr; results to stdout.`;

/** A refusal of the services: 400 (a value given on the command line is invalid) is a usage error. */
export function exitCodeOf(error: PolypayError): number {
  return catalogEntry(error.code)?.http_status === 400 ? EXIT.usage : EXIT.failure;
}
