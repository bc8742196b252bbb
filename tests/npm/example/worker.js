// Validates the file it is sent with the installed package (import maps do not reach workers,
// so the path into node_modules is spelled out; with a bundler it is just 'recordlint').
import { validateFile, version } from './node_modules/recordlint/index.js';

self.onmessage = async ({ data: file }) => {
  try {
    const report = await validateFile(file);
    self.postMessage({ report, version: version() });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
