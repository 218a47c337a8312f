import { expect } from 'vitest';
import { ChannelIoError } from '../../src/channels/port.js';

/** Awaits a channel call that must fail with a ChannelIoError, and answers that error. */
export async function ioErrorOf(call: Promise<unknown>): Promise<ChannelIoError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ChannelIoError);
  return error as ChannelIoError;
}
