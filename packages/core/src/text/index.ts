export {
  CHINESE_STOP_CHARACTERS,
  ENGLISH_STOPWORDS,
  type TokenizeOptions,
  tokenize,
} from './tokenize';
export { stemEnglishWord } from './tokenize-stem';
export {
  countCharacters,
  countTextUnits,
  TRUNCATED_HEAD_MARKER,
  TRUNCATED_MIDDLE_MARKER,
  TRUNCATED_TAIL_MARKER,
  truncateTextHead,
  truncateTextHeadTail,
  truncateTextTail,
} from './units';
