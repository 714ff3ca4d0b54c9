export { messageText, type ChatContentPart, type ChatMessage, type Experience, type ExperienceEvent } from './experience';
