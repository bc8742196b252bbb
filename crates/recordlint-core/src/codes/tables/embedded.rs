//! Data embedded in the binary, deflate-compressed, and decoded once, on first use. It never
//! changes: a release or descriptions loaded later make a new [`super::Tables`], not a new value
//! here.

use std::sync::OnceLock;

/// Embedded bytes and their decoded value.
pub struct Embedded<T: 'static> {
    bytes: &'static [u8],
    decode: fn(&[u8]) -> T,
    value: OnceLock<T>,
}

impl<T> Embedded<T> {
    /// `bytes` as embedded (deflate-compressed), read by `decode` on first use.
    pub const fn new(bytes: &'static [u8], decode: fn(&[u8]) -> T) -> Embedded<T> {
        Embedded { bytes, decode, value: OnceLock::new() }
    }

    /// The decoded value.
    pub fn get(&self) -> &T {
        self.value.get_or_init(|| (self.decode)(self.bytes))
    }

    /// The embedded bytes, inflated; `None` if they are damaged.
    pub fn inflate(&self) -> Option<Vec<u8>> {
        inflate(self.bytes)
    }
}

/// Inflates deflate-compressed bytes; `None` if they are damaged.
pub fn inflate(deflated: &[u8]) -> Option<Vec<u8>> {
    miniz_oxide::inflate::decompress_to_vec(deflated).ok()
}
