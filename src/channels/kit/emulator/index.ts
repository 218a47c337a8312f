export {
  type CallbackAttempt,
  type CallbackDelivery,
  type CallbackMangle,
  CallbackSender,
  type CallbackSenderOptions,
  callbackMangle,
  garbledBody,
} from './callbacks.js';
export { EmulatorClock } from './clock.js';
export {
  FAULTS,
  type Fault,
  parseScenario,
  type Scenario,
  ScenarioError,
  type ScenarioInput,
  ScenarioQueue,
} from './scenarios.js';
export {
  buildEmulator,
  type Emulator,
  type EmulatorAnswer,
  type EmulatorCall,
  type EmulatorFactory,
  type EmulatorKit,
  type EmulatorOptions,
  type EmulatorSpec,
  headerValue,
  parseJsonLenient,
  type StandaloneEmulator,
  startStandaloneEmulator,
} from './server.js';
