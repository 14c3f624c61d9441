export { createSandbox, startSandbox, type RunningSandbox, type Sandbox } from './server.ts';
/** In-process seeding of a running sandbox's Google calendars (benchmarks add 100,000 events without 100,000 requests). */
export { addEvent as addGoogleEvent, type NewEvent as NewGoogleEvent } from './google/events.ts';
export {
  slackSignature,
  signSlackRequest,
  slashCommandBody,
  interactionBody,
  type SlashCommandInput,
  type SignedSlackRequest,
} from './slack/sign.ts';
export type { RecordedMessage, RecordedResponse, SandboxSlackMember } from './slack/state.ts';
export { messageClickPayload, type Click } from './slack/interact.ts';
export {
  blockActionsPayload,
  globalShortcutPayload,
  messageShortcutPayload,
  newTriggerId,
  stateValue,
  viewSubmissionPayload,
} from './slack/payloads.ts';
export { validateView, type SandboxView } from './slack/views.ts';
