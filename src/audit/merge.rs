//! The merge rules that make the fold independent of order: each value keeps the event with
//! the greatest id (the latest action), items are created once and removed for good. Applying
//! an event twice, or events in any order, gives the same result.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use chrono::{DateTime, Utc};
use ulid::Ulid;

/// Who recorded something, and when: taken from the event's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The event's id.
    pub id: Ulid,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The auditor who recorded it.
    pub by: String,
}

/// Keeps `value` in `slot` if `origin` is later than what the slot holds.
pub(crate) fn keep_latest<T>(slot: &mut Option<(Origin, T)>, origin: Origin, value: T) {
    if slot.as_ref().is_none_or(|(held, _)| origin.id > held.id) {
        *slot = Some((origin, value));
    }
}

/// Keeps `value` under `key` if `origin` is later than what the map holds there.
pub(crate) fn keep_latest_in<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    key: K,
    origin: Origin,
    value: T,
) {
    match map.entry(key) {
        Entry::Vacant(slot) => {
            slot.insert((origin, value));
        }
        Entry::Occupied(mut slot) if origin.id > slot.get().0.id => {
            slot.insert((origin, value));
        }
        Entry::Occupied(_) => {}
    }
}

/// Keeps `value` under `key` if `origin` is earlier than what the map holds there.
pub(crate) fn keep_earliest_in<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    key: K,
    origin: Origin,
    value: T,
) {
    match map.entry(key) {
        Entry::Vacant(slot) => {
            slot.insert((origin, value));
        }
        Entry::Occupied(mut slot) if origin.id < slot.get().0.id => {
            slot.insert((origin, value));
        }
        Entry::Occupied(_) => {}
    }
}

/// Merges `other` into `map`, keeping under each key the later of the two.
pub(crate) fn merge_latest<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    other: BTreeMap<K, (Origin, T)>,
) {
    for (key, (origin, value)) in other {
        keep_latest_in(map, key, origin, value);
    }
}

/// Merges `other` into `map`, keeping under each key the earlier of the two.
pub(crate) fn merge_earliest<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    other: BTreeMap<K, (Origin, T)>,
) {
    for (key, (origin, value)) in other {
        keep_earliest_in(map, key, origin, value);
    }
}

/// Merges `other` into `map`, item by item.
pub(crate) fn merge_tracked<T>(
    map: &mut BTreeMap<Ulid, Tracked<T>>,
    other: BTreeMap<Ulid, Tracked<T>>,
) {
    for (id, theirs) in other {
        let ours = map.entry(id).or_default();
        if let Some((origin, value)) = theirs.created {
            ours.create(origin, value);
        }
        if let Some((origin, value)) = theirs.edited {
            ours.edit(origin, value);
        }
        if let Some(origin) = theirs.removed {
            ours.remove(origin);
        }
    }
}

/// An item created by one event, replaced whole by its latest edit, and gone once removed.
/// Edits or a removal read before the creation (another auditor's file, any order) are kept
/// and take effect when it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Tracked<T> {
    created: Option<(Origin, T)>,
    edited: Option<(Origin, T)>,
    removed: Option<Origin>,
}

impl<T> Default for Tracked<T> {
    fn default() -> Self {
        Tracked {
            created: None,
            edited: None,
            removed: None,
        }
    }
}

impl<T> Tracked<T> {
    pub(crate) fn create(&mut self, origin: Origin, value: T) {
        if self.created.is_none() {
            self.created = Some((origin, value));
        }
    }

    pub(crate) fn edit(&mut self, origin: Origin, value: T) {
        keep_latest(&mut self.edited, origin, value);
    }

    pub(crate) fn remove(&mut self, origin: Origin) {
        if self.removed.as_ref().is_none_or(|held| origin.id < held.id) {
            self.removed = Some(origin);
        }
    }

    /// The item as it now stands, if it was created and not removed.
    pub fn current(&self) -> Option<Item<'_, T>> {
        if self.removed.is_some() {
            return None;
        }
        let (created, original) = self.created.as_ref()?;
        let (edited, content) = match &self.edited {
            Some((origin, content)) => (Some(origin), content),
            None => (None, original),
        };
        Some(Item {
            id: created.id,
            created,
            edited,
            content,
        })
    }
}

/// An item as it now stands, with who created it and who last changed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item<'a, T> {
    /// The item's id: the id of the event that created it.
    pub id: Ulid,
    /// Who created it, when.
    pub created: &'a Origin,
    /// Who last edited it, when, if anyone did.
    pub edited: Option<&'a Origin>,
    /// Its content.
    pub content: &'a T,
}

/// The items of `map` that stand, in id order.
pub(crate) fn current<T>(map: &BTreeMap<Ulid, Tracked<T>>) -> impl Iterator<Item = Item<'_, T>> {
    map.values().filter_map(Tracked::current)
}
