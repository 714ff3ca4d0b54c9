export {
  type ChatContentPart,
  type ChatMessage,
  type Experience,
  type ExperienceEvent,
  messageText,
} from './experience';
