/**
 * @fileoverview The `file-upload` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import unsanitizedUploadFilename from "./unsanitized-upload-filename.js";
import uploadExtensionNotAllowlisted from "./upload-extension-not-allowlisted.js";
import uploadSizeUnlimited from "./upload-size-unlimited.js";
import uploadNameFromClient from "./upload-name-from-client.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  unsanitizedUploadFilename, // FG701
  uploadExtensionNotAllowlisted, // FG702
  uploadSizeUnlimited, // FG703
  uploadNameFromClient, // FG704
];
