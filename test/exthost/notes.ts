// The workspace the extension-host specs run in: these notes, written into a fresh folder.
import { editorNotes } from '../helpers/editor-notes';

export const EXTHOST_NOTES = editorNotes((step) => `EH-${step}`);
