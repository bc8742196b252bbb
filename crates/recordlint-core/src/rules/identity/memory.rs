//! The heap bytes of the index's side maps, counted from their capacities (what the allocator was
//! asked for), for [`super::index::CrossRecordIndex::heap_bytes`].

use std::collections::HashMap;

/// The bytes a `HashMap` holds: its buckets (a power of two, at most 7/8 full), each a slot
/// and a control byte.
pub(crate) fn map_bytes<K, V, S>(map: &HashMap<K, V, S>) -> usize {
    let cap = map.capacity();
    if cap == 0 {
        return 0;
    }
    let buckets = (cap * 8 / 7).next_power_of_two();
    buckets * (std::mem::size_of::<(K, V)>() + 1)
}
