// @autoskill/file-lock: the cross-process write lock the file-backed AutoSkill packages share
// (the local skill store and the flat vector index). Node only.
export { WriteLock, type WriteLockOptions } from './write-lock';
