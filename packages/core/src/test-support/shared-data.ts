// Test-only helper (not part of any entry point): the real skill corpora, from fixtures/corpora.ts
// (the in-repo sample always; all of ../shared/data where it is present).
export {
  type Corpus,
  describeEachCorpus,
  hasSharedData,
  itWithSharedData,
  SAMPLE_DATA,
  SHARED_DATA,
  SHARED_DATA_SKIP_REASON,
  sampleCorpus,
  sharedCorpus,
  skillFilesUnder,
} from '../../../../fixtures/corpora';
