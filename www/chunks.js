// A file's bytes, chunk by chunk, read into one buffer that is used again for every chunk (a
// "bring your own buffer" reader), so that reading a large file leaves no trail of chunk buffers
// for the garbage collector: each chunk is fed to the engine (which copies it into its own
// memory) before the next is read into the same bytes. Where a stream cannot be read that way it
// is read as it comes.

/** Bytes of the reused buffer: a chunk of the file, as fed to the engine at once. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * A reader of `stream`: `read()` resolves to the next chunk (a Uint8Array valid until the next
 * read) or null at the end; `cancel()` stops reading; `release()` lets go of the stream.
 */
export function chunkReader(stream) {
  let reader = null;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null; // not a byte stream
  }
  if (!reader) {
    const plain = stream.getReader();
    return {
      read: async () => {
        const { done, value } = await plain.read();
        return done ? null : value;
      },
      cancel: () => plain.cancel(),
      release: () => plain.releaseLock?.(),
    };
  }
  let buffer = new ArrayBuffer(CHUNK_BYTES);
  return {
    async read() {
      // An empty read (possible at the end of a byte stream) is read again.
      for (;;) {
        const { done, value } = await reader.read(new Uint8Array(buffer, 0, buffer.byteLength));
        if (done) return null;
        buffer = value.buffer; // the same bytes, handed back: read into them next time
        if (value.byteLength) return value;
      }
    },
    cancel: () => reader.cancel(),
    release: () => reader.releaseLock?.(),
  };
}
