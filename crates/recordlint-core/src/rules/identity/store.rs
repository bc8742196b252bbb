//! Append-only storage for the index: arrays in fixed-size chunks, and one arena for texts.
//! Growing allocates one more chunk and never copies or frees one (wasm memory never shrinks, so
//! the halves a doubling vector leaves behind would stay the page's for good); only the first
//! chunk grows by doubling, up to its full size, so that a small input costs little.

/// Bytes of one full chunk.
const CHUNK_BYTES: usize = 16 * 1024;

/// A vector of `T` in chunks of a power of two elements (about [`CHUNK_BYTES`] each).
#[derive(Debug)]
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Chunked { chunks: Vec::new() }
    }
}

impl<T> Chunked<T> {
    /// log2 of the elements of a full chunk.
    const SHIFT: u32 = {
        let size = if std::mem::size_of::<T>() == 0 { 1 } else { std::mem::size_of::<T>() };
        let per = if CHUNK_BYTES / size == 0 { 1 } else { CHUNK_BYTES / size };
        usize::BITS - 1 - per.leading_zeros()
    };
    const PER_CHUNK: usize = 1 << Self::SHIFT;

    pub(crate) fn len(&self) -> usize {
        match self.chunks.last() {
            Some(last) => ((self.chunks.len() - 1) << Self::SHIFT) + last.len(),
            None => 0,
        }
    }

    /// Appends `value`; its index.
    pub(crate) fn push(&mut self, value: T) -> usize {
        let index = self.len();
        match self.chunks.last_mut() {
            Some(last) if last.len() < Self::PER_CHUNK => {
                if last.len() == last.capacity() {
                    // Only the first chunk is ever short of room: double it, up to a full chunk.
                    last.reserve_exact((last.len() * 2).clamp(16, Self::PER_CHUNK) - last.len());
                }
                last.push(value);
            }
            _ => {
                let size = if self.chunks.is_empty() { 16.min(Self::PER_CHUNK) } else { Self::PER_CHUNK };
                let mut chunk = Vec::with_capacity(size);
                chunk.push(value);
                self.chunks.push(chunk);
            }
        }
        index
    }

    pub(crate) fn get(&self, index: usize) -> Option<&T> {
        self.chunks.get(index >> Self::SHIFT)?.get(index & (Self::PER_CHUNK - 1))
    }

    pub(crate) fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.chunks.get_mut(index >> Self::SHIFT)?.get_mut(index & (Self::PER_CHUNK - 1))
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Vec<T>>()
            + self.chunks.iter().map(|c| c.capacity() * std::mem::size_of::<T>()).sum::<usize>()
    }
}

impl<T: Copy + Default> Chunked<T> {
    /// The value at `index`, or the default when there is none.
    pub(crate) fn at(&self, index: usize) -> T {
        self.get(index).copied().unwrap_or_default()
    }
}

/// Texts one after another in chunks, each a length (LEB128) and the bytes, addressed by a
/// non-zero `u32`: the chunk in the high 16 bits, the offset in the low 16. A text longer than a
/// chunk gets a chunk of its own. Up to 65,536 chunks (4 GiB); beyond, [`Arena::push`] gives
/// `None`.
#[derive(Debug, Default)]
pub(crate) struct Arena {
    chunks: Vec<Vec<u8>>,
}

impl Arena {
    const CHUNK: usize = 1 << 16;

    /// Stores `text`; its handle (never 0).
    pub(crate) fn push(&mut self, text: &str) -> Option<u32> {
        let mut head = [0u8; 10];
        let mut n = text.len();
        let mut used = 0;
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            head[used] = byte | if n > 0 { 0x80 } else { 0 };
            used += 1;
            if n == 0 {
                break;
            }
        }
        let need = used + text.len();
        if self.chunks.is_empty() {
            // Offset 0 of chunk 0 is never a handle.
            self.chunks.push(vec![0]);
        }
        let fits = self.chunks.last().is_some_and(|c| c.len() + need <= Self::CHUNK);
        if !fits {
            if self.chunks.len() >= 1 << 16 {
                return None;
            }
            self.chunks.push(Vec::with_capacity(need.max(Self::CHUNK)));
        }
        let chunk = self.chunks.len() - 1;
        let last = self.chunks.last_mut()?;
        let offset = last.len();
        if last.capacity() < offset + need {
            let target = (last.capacity() * 2).min(Self::CHUNK).max(offset + need);
            last.reserve_exact(target - offset);
        }
        last.extend_from_slice(&head[..used]);
        last.extend_from_slice(text.as_bytes());
        Some(((chunk as u32) << 16) | offset as u32)
    }

    /// The text at `handle` ("" for 0 or a handle this arena did not give).
    pub(crate) fn get(&self, handle: u32) -> &str {
        std::str::from_utf8(self.bytes(handle)).unwrap_or("")
    }

    /// The bytes of the text at `handle`.
    pub(crate) fn bytes(&self, handle: u32) -> &[u8] {
        let Some(chunk) = self.chunks.get((handle >> 16) as usize) else { return &[] };
        let mut at = (handle & 0xffff) as usize;
        let (mut len, mut shift) = (0usize, 0);
        while let Some(&b) = chunk.get(at) {
            at += 1;
            len |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 || shift > 63 {
                break;
            }
        }
        chunk.get(at..at + len).unwrap_or(&[])
    }

    pub(crate) fn heap_bytes(&self) -> usize {
        self.chunks.capacity() * std::mem::size_of::<Vec<u8>>() + self.chunks.iter().map(Vec::capacity).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_every_value() {
        let mut c = Chunked::default();
        for i in 0..100_000u32 {
            assert_eq!(c.push(i), i as usize);
        }
        assert_eq!(c.len(), 100_000);
        assert!((0..100_000u32).all(|i| c.get(i as usize) == Some(&i)));
        assert_eq!(c.get(100_000), None);
        // Full chunks of 16,384 u32s, the last partly used.
        assert!(c.heap_bytes() <= 100_000 * 4 + CHUNK_BYTES + 1024, "{}", c.heap_bytes());
    }

    #[test]
    fn the_arena_returns_each_text() {
        let mut a = Arena::default();
        let long = "x".repeat(200_000);
        let texts = ["", "Smith, John", &long, "Müller", "a"];
        let handles: Vec<u32> = texts.iter().map(|t| a.push(t).unwrap()).collect();
        assert!(handles.iter().all(|&h| h != 0));
        for (h, t) in handles.iter().zip(texts) {
            assert_eq!(a.get(*h), t);
        }
        for i in 0..20_000 {
            let t = format!("name {i}");
            let h = a.push(&t).unwrap();
            assert_eq!(a.get(h), t);
        }
        assert_eq!(a.get(0), "");
    }
}
