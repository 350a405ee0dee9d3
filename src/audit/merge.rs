//! The merge rules that make the fold independent of order: each value keeps the event with
//! the greatest id (the latest action), items are created once and removed while their latest
//! removal is later than their latest restoration. Applying an event twice, or events in any
//! order, gives the same result.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use ulid::Ulid;

/// Who recorded something, and when: taken from the event's envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The event's id.
    pub id: Ulid,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// The auditor who recorded it, shared by all of that auditor's items.
    pub by: Arc<str>,
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
    keep_in_if(map, key, origin, value, |new, held| new > held);
}

/// Keeps `value` under `key` if `origin` is earlier than what the map holds there.
pub(crate) fn keep_earliest_in<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    key: K,
    origin: Origin,
    value: T,
) {
    keep_in_if(map, key, origin, value, |new, held| new < held);
}

/// Puts `value` under `key` if the key is free or `wins(new id, held id)`.
fn keep_in_if<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    key: K,
    origin: Origin,
    value: T,
    wins: fn(&Ulid, &Ulid) -> bool,
) {
    match map.entry(key) {
        Entry::Vacant(slot) => {
            slot.insert((origin, value));
        }
        Entry::Occupied(mut slot) if wins(&origin.id, &slot.get().0.id) => {
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
    merge_keeping(map, other, keep_latest_in);
}

/// Merges `other` into `map`, keeping under each key the earlier of the two.
pub(crate) fn merge_earliest<K: Ord, T>(
    map: &mut BTreeMap<K, (Origin, T)>,
    other: BTreeMap<K, (Origin, T)>,
) {
    merge_keeping(map, other, keep_earliest_in);
}

/// Values kept with the event that set them, by key.
type Slots<K, T> = BTreeMap<K, (Origin, T)>;

/// Merges `other` into `map` entry by entry with `keep`, or takes it whole into an empty map.
fn merge_keeping<K: Ord, T>(
    map: &mut Slots<K, T>,
    other: Slots<K, T>,
    keep: fn(&mut Slots<K, T>, K, Origin, T),
) {
    if map.is_empty() {
        *map = other;
        return;
    }
    for (key, (origin, value)) in other {
        keep(map, key, origin, value);
    }
}

/// Merges `other` into `map`, item by item.
pub(crate) fn merge_tracked<T>(
    map: &mut BTreeMap<Ulid, Tracked<T>>,
    other: BTreeMap<Ulid, Tracked<T>>,
) {
    if map.is_empty() {
        *map = other;
        return;
    }
    for (id, theirs) in other {
        map.entry(id).or_default().absorb(theirs);
    }
}

/// An item created by one event, replaced whole by its latest edit, and gone while its latest
/// removal is later than its latest restoration (an undone removal). Edits, removals and
/// restorations read before the creation (another auditor's file, any order) are kept and
/// take effect when it arrives. Only the latest version is kept, and everything is boxed:
/// a map of 30,000 items built in id order leaves its nodes half empty, so what sits in them
/// must be small.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tracked<T> {
    created: Option<Box<Origin>>,
    latest: Option<Box<(Origin, T)>>,
    removed: Option<Box<Origin>>,
    restored: Option<Box<Origin>>,
}

impl<T> Default for Tracked<T> {
    fn default() -> Self {
        Tracked {
            created: None,
            latest: None,
            removed: None,
            restored: None,
        }
    }
}

impl<T> Tracked<T> {
    pub(crate) fn create(&mut self, origin: Origin, value: T) {
        if self.created.is_none() {
            self.created = Some(Box::new(origin.clone()));
            self.edit(origin, value);
        }
    }

    pub(crate) fn edit(&mut self, origin: Origin, value: T) {
        self.keep_version(Box::new((origin, value)));
    }

    fn keep_version(&mut self, version: Box<(Origin, T)>) {
        if self
            .latest
            .as_ref()
            .is_none_or(|held| version.0.id > held.0.id)
        {
            self.latest = Some(version);
        }
    }

    pub(crate) fn remove(&mut self, origin: Origin) {
        keep_later(&mut self.removed, Box::new(origin));
    }

    pub(crate) fn restore(&mut self, origin: Origin) {
        keep_later(&mut self.restored, Box::new(origin));
    }

    /// Adds what `other`, built from other events of the same item, holds.
    fn absorb(&mut self, other: Tracked<T>) {
        if self.created.is_none() {
            self.created = other.created;
        }
        if let Some(version) = other.latest {
            self.keep_version(version);
        }
        if let Some(origin) = other.removed {
            keep_later(&mut self.removed, origin);
        }
        if let Some(origin) = other.restored {
            keep_later(&mut self.restored, origin);
        }
    }

    /// The item as it now stands, if it was created and not removed.
    pub(crate) fn current(&self) -> Option<Item<'_, T>> {
        if let Some(removed) = &self.removed
            && self.restored.as_ref().is_none_or(|r| r.id < removed.id)
        {
            return None;
        }
        let created = self.created.as_deref()?;
        let (origin, content) = self.latest.as_deref()?;
        Some(Item {
            id: created.id,
            created,
            edited: (origin.id != created.id).then_some(origin),
            content,
        })
    }
}

/// Keeps `origin` in `slot` if it is later than what the slot holds.
fn keep_later(slot: &mut Option<Box<Origin>>, origin: Box<Origin>) {
    if slot.as_ref().is_none_or(|held| origin.id > held.id) {
        *slot = Some(origin);
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
