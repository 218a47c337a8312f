export {
  clientSnOf,
  createShouqianbaConnector,
  refundRequestNoOf,
  ShouqianbaChannel,
  type ShouqianbaConnectorOptions,
  shouqianbaConnector,
} from './client.js';
export {
  createShouqianbaEmulator,
  type ShouqianbaEmulator,
  type ShouqianbaEmulatorOptions,
  shouqianbaEmulatorFactory,
} from './emulator/emulator.js';
export { checkShouqianbaNotification } from './notification.js';
