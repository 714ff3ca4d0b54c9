// @autoskill/tui: the terminal chat (`autoskill chat`) on the SDK's chat session engine.

export {
  ChatController,
  type ChatControllerOptions,
  type ChatEvents,
} from './controller/chat-controller';
export type { ChatState, EntryFormat, TranscriptEntry, TurnSummary } from './controller/chat-state';
export { jobLabel, learnedLabel } from './controller/job-label';
export {
  completeInput,
  helpText,
  KEY_HELP,
  SLASH_COMMANDS,
  type SlashCommand,
  suggestCommand,
} from './controller/slash-commands';
export { plainEntry, runLineMode } from './line-mode/run-line-mode';
export { type RunChatOptions, runChat } from './run-chat';
