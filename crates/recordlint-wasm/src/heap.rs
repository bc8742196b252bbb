//! The engine's heap as the page sees it: the global allocator (the standard one, dlmalloc in
//! wasm) wrapped to count the bytes allocated and not yet freed, and their most — with and
//! without the moments a growing container holds its old and its new block at once (a `Vec` or
//! hash table that doubles by moving). A benchmark compares them with the wasm memory (which only
//! grows) to tell what the engine holds from what its doubling and the allocator add. Counting
//! costs a few additions an allocation.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes allocated and not freed, now and at most since the instance started; `SETTLED`: their
/// most between allocations (a moving `realloc` counted once it has freed the old block).
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static SETTLED: AtomicUsize = AtomicUsize::new(0);

/// The standard allocator, counted.
struct Counted;

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
    SETTLED.fetch_max(live, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    LIVE.fetch_sub(bytes, Ordering::Relaxed);
}

/// A block of `old` bytes moved to one of `new` bytes: both were held while it was copied.
fn moved(old: usize, new: usize) {
    let both = LIVE.load(Ordering::Relaxed) + new;
    PEAK.fetch_max(both, Ordering::Relaxed);
    let live = both - old;
    LIVE.store(live, Ordering::Relaxed);
    SETTLED.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call goes to `System` with the caller's arguments unchanged; only counters are
// added beside it. Each method is one function, not inlined into every allocation of the engine
// (which made the module 39 KB larger).
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counted {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        shrank(layout.size());
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let block = System.realloc(ptr, layout, new_size);
        if block.is_null() {
            return block;
        }
        if block != ptr {
            moved(layout.size(), new_size);
        } else if new_size >= layout.size() {
            grew(new_size - layout.size());
        } else {
            shrank(layout.size() - new_size);
        }
        block
    }
}

#[global_allocator]
static ALLOCATOR: Counted = Counted;

/// Bytes the engine has allocated and not freed: now, at most, and at most between allocations.
pub struct Stats {
    pub live: usize,
    pub peak: usize,
    pub settled: usize,
}

pub fn stats() -> Stats {
    Stats {
        live: LIVE.load(Ordering::Relaxed),
        peak: PEAK.load(Ordering::Relaxed),
        settled: SETTLED.load(Ordering::Relaxed),
    }
}
