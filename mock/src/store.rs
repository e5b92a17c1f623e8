//! In-memory state. One `RwLock` per resource type (reads never contend with
//! each other), collections keyed by their parent SIDs, records kept as
//! pre-serialized JSON so a fetch is a map lookup plus a refcount bump.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;

/// Records of one collection, in creation order for stable paging. Records live in
/// `order` so a page is a range scan, with no per-record hash lookup.
#[derive(Default)]
pub(crate) struct Collection {
    next_seq: u64,
    order: BTreeMap<u64, Bytes>,
    by_id: HashMap<Box<str>, u64>,
}

impl Collection {
    pub(crate) fn get(&self, id: &str) -> Option<&Bytes> {
        self.by_id.get(id).and_then(|seq| self.order.get(seq))
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Appends a record; `false` (and no change) if the id exists.
    pub(crate) fn insert(&mut self, id: &str, json: Bytes) -> bool {
        if self.by_id.contains_key(id) {
            return false;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.order.insert(seq, json);
        self.by_id.insert(id.into(), seq);
        true
    }

    /// Replaces a record in place, keeping its position.
    pub(crate) fn replace(&mut self, id: &str, json: Bytes) -> bool {
        match self.by_id.get(id).and_then(|seq| self.order.get_mut(seq)) {
            Some(slot) => {
                *slot = json;
                true
            }
            None => false,
        }
    }

    /// Replaces the record `id` in place, or appends it if there is none.
    pub(crate) fn upsert(&mut self, id: &str, json: Bytes) {
        match self.by_id.get(id).and_then(|seq| self.order.get_mut(seq)) {
            Some(slot) => *slot = json,
            None => {
                self.insert(id, json);
            }
        }
    }

    pub(crate) fn remove(&mut self, id: &str) -> bool {
        match self.by_id.remove(id) {
            Some(seq) => {
                self.order.remove(&seq);
                true
            }
            None => false,
        }
    }

    pub(crate) fn reserve(&mut self, n: usize) {
        self.by_id.reserve(n);
    }

    /// The records, oldest first.
    pub(crate) fn records(&self) -> impl Iterator<Item = &Bytes> {
        self.order.values()
    }

    /// One page of records. `filter` sees each record's JSON. Records are listed oldest
    /// first, or newest first (`newest_first`, as Twilio lists some resources); a cursor
    /// names a record and means "after" or "before" it in that listing order.
    pub(crate) fn page(
        &self,
        cursor: Cursor,
        size: usize,
        filter: &dyn Fn(&[u8]) -> bool,
        newest_first: bool,
    ) -> PageOut {
        type Records<'c> = Box<dyn Iterator<Item = (&'c u64, &'c Bytes)> + 'c>;
        // Records after / before `seq` in listing order, nearest first, and all of them.
        let after = |seq: u64| -> Records<'_> {
            if newest_first {
                Box::new(self.order.range(..seq).rev())
            } else {
                Box::new(self.order.range((Bound::Excluded(seq), Bound::Unbounded)))
            }
        };
        let before = |seq: u64| -> Records<'_> {
            if newest_first {
                Box::new(self.order.range((Bound::Excluded(seq), Bound::Unbounded)))
            } else {
                Box::new(self.order.range(..seq).rev())
            }
        };
        let all = || -> Records<'_> {
            if newest_first {
                Box::new(self.order.iter().rev())
            } else {
                Box::new(self.order.iter())
            }
        };
        let mut items: Vec<(u64, Bytes)> = Vec::with_capacity(size.min(1024) + 1);
        let want = size.saturating_add(1);
        let mut push = |(seq, b): (&u64, &Bytes)| {
            if filter(b) {
                items.push((*seq, b.clone()));
            }
            items.len() >= want
        };
        let more_before;
        match cursor {
            Cursor::Start { skip } => {
                more_before = skip > 0;
                let mut skipped = 0u64;
                for e in all() {
                    if skipped < skip {
                        if filter(e.1) {
                            skipped += 1;
                        }
                        continue;
                    }
                    if push(e) {
                        break;
                    }
                }
            }
            Cursor::After(seq) => {
                more_before = true;
                for e in after(seq) {
                    if push(e) {
                        break;
                    }
                }
            }
            Cursor::Before(seq) => {
                for e in before(seq) {
                    if push(e) {
                        break;
                    }
                }
                more_before = items.len() > size;
                items.truncate(size);
                items.reverse();
                return PageOut {
                    first_seq: items.first().map(|i| i.0),
                    last_seq: items.last().map(|i| i.0),
                    items: items.into_iter().map(|i| i.1).collect(),
                    has_next: true,
                    has_prev: more_before,
                };
            }
        }
        let has_next = items.len() > size;
        items.truncate(size);
        PageOut {
            first_seq: items.first().map(|i| i.0),
            last_seq: items.last().map(|i| i.0),
            items: items.into_iter().map(|i| i.1).collect(),
            has_next,
            has_prev: more_before,
        }
    }
}

/// Where a page starts: `Page` index, or after/before a record (`PageToken`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cursor {
    Start { skip: u64 },
    After(u64),
    Before(u64),
}

pub(crate) struct PageOut {
    pub items: Vec<Bytes>,
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
    pub has_next: bool,
    /// Whether records precede this page.
    pub has_prev: bool,
}

type Collections = HashMap<Vec<String>, Collection>;

/// List pages kept per resource, at most this many (a client paging through a collection
/// asks for each page once; tests polling a page ask for the same few again and again).
const PAGES_PER_RESOURCE: usize = 64;

/// Serialized list pages of one resource by `path?query`, each with the resource's version
/// it was built from.
type Pages = HashMap<Box<str>, (u64, Bytes)>;

/// All state of one server.
pub(crate) struct Store {
    resources: Vec<RwLock<Collections>>,
    /// Per resource: bumped by every [`Store::write`] while its write lock is held, so a
    /// page built after reading version `v` is never older than `v`'s records.
    versions: Vec<AtomicU64>,
    /// Per resource: list pages already answered (issue 24 point 6: building a page of 50
    /// records, 28 KB, and its meta URLs was half the time of serving it).
    pages: Vec<Mutex<Pages>>,
}

impl Store {
    pub(crate) fn new(n_resources: usize) -> Self {
        Store {
            resources: (0..n_resources).map(|_| RwLock::default()).collect(),
            versions: (0..n_resources).map(|_| AtomicU64::new(0)).collect(),
            pages: (0..n_resources).map(|_| Mutex::default()).collect(),
        }
    }

    /// The list page of resource `r` answered for `key` (`path?query`), built by `build`
    /// unless the resource is unchanged since it was last built. Only successes are kept.
    pub(crate) fn page_cached<E>(
        &self,
        r: usize,
        key: &str,
        build: impl FnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        let (Some(version), Some(pages)) = (self.versions.get(r), self.pages.get(r)) else {
            return build();
        };
        // Read before building: a write after this bumps the version, so the page built
        // here is kept under a version no later read will ask for (a miss, never stale).
        let version = version.load(Ordering::Acquire);
        let lock = || pages.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((v, body)) = lock().get(key)
            && *v == version
        {
            return Ok(body.clone());
        }
        let body = build()?;
        let mut pages = lock();
        if pages.len() >= PAGES_PER_RESOURCE && !pages.contains_key(key) {
            pages.retain(|_, (v, _)| *v == version);
            if pages.len() >= PAGES_PER_RESOURCE {
                pages.clear();
            }
        }
        pages.insert(key.into(), (version, body.clone()));
        Ok(body)
    }

    // A panic elsewhere must not wedge the mock: ignore lock poisoning.
    pub(crate) fn read(&self, r: usize) -> Option<RwLockReadGuard<'_, Collections>> {
        self.resources
            .get(r)
            .map(|l| l.read().unwrap_or_else(PoisonError::into_inner))
    }

    pub(crate) fn write(&self, r: usize) -> Option<RwLockWriteGuard<'_, Collections>> {
        let guard = self
            .resources
            .get(r)
            .map(|l| l.write().unwrap_or_else(PoisonError::into_inner))?;
        // Under the lock: a page built from a version read now waits for this write.
        if let Some(v) = self.versions.get(r) {
            v.fetch_add(1, Ordering::AcqRel);
        }
        Some(guard)
    }

    pub(crate) fn get(&self, r: usize, parents: &[String], id: &str) -> Option<Bytes> {
        self.read(r)?.get(parents)?.get(id).cloned()
    }

    pub(crate) fn exists(&self, r: usize, parents: &[String], id: &str) -> bool {
        self.read(r)
            .and_then(|g| g.get(parents).map(|c| c.contains(id)))
            .unwrap_or(false)
    }

    /// Removes every collection of resource `r` under the parent key `prefix`
    /// (cascade when a parent record is deleted).
    pub(crate) fn remove_under(&self, r: usize, prefix: &[String]) {
        if let Some(mut g) = self.write(r) {
            g.retain(|k, _| !k.starts_with(prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seqs(c: &Collection, out: &PageOut) -> Vec<u64> {
        out.items
            .iter()
            .map(|b| {
                c.order
                    .iter()
                    .find(|(_, v)| *v == b)
                    .map(|(s, _)| *s)
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn upsert_replaces_in_place_or_appends() {
        let mut c = Collection::default();
        c.insert("a", Bytes::from_static(b"1"));
        c.insert("b", Bytes::from_static(b"2"));
        c.upsert("a", Bytes::from_static(b"3"));
        c.upsert("z", Bytes::from_static(b"4"));
        let order: Vec<&[u8]> = c.order.values().map(|b| &b[..]).collect();
        assert_eq!(order, [&b"3"[..], b"2", b"4"]);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn newest_first_pages_walk_backwards_through_creation_order() {
        let mut c = Collection::default();
        for i in 0..5 {
            c.insert(&format!("id{i}"), Bytes::from(format!("{{\"n\":{i}}}")));
        }
        let all = |_: &[u8]| true;
        let first = c.page(Cursor::Start { skip: 0 }, 2, &all, true);
        assert_eq!(seqs(&c, &first), [4, 3]);
        assert!(first.has_next && !first.has_prev);
        let next = c.page(Cursor::After(3), 2, &all, true);
        assert_eq!(seqs(&c, &next), [2, 1]);
        assert!(next.has_next && next.has_prev);
        let last = c.page(Cursor::After(1), 2, &all, true);
        assert_eq!(seqs(&c, &last), [0]);
        assert!(!last.has_next);
        let back = c.page(Cursor::Before(2), 2, &all, true);
        assert_eq!(seqs(&c, &back), [4, 3]);
        assert!(!back.has_prev);
        let skipped = c.page(Cursor::Start { skip: 3 }, 2, &all, true);
        assert_eq!(seqs(&c, &skipped), [1, 0]);
        // Oldest first is unchanged.
        let oldest = c.page(Cursor::After(1), 2, &all, false);
        assert_eq!(seqs(&c, &oldest), [2, 3]);
        let back = c.page(Cursor::Before(2), 2, &all, false);
        assert_eq!(seqs(&c, &back), [0, 1]);
    }

    #[test]
    fn a_cached_page_is_rebuilt_after_any_write_to_its_resource() {
        let store = Store::new(2);
        let builds = std::cell::Cell::new(0);
        let page = |n: u8| {
            store.page_cached(0, "/v1/Things?PageSize=2", || {
                builds.set(builds.get() + 1);
                Ok::<_, ()>(Bytes::from(vec![n]))
            })
        };
        assert_eq!(page(1), Ok(Bytes::from_static(&[1])));
        // Unchanged records: the first page is answered again, not rebuilt.
        assert_eq!(page(2), Ok(Bytes::from_static(&[1])));
        assert_eq!(builds.get(), 1);
        // A write to another resource leaves it alone; one to its own rebuilds it.
        drop(store.write(1));
        assert_eq!(page(3), Ok(Bytes::from_static(&[1])));
        drop(store.write(0));
        assert_eq!(page(4), Ok(Bytes::from_static(&[4])));
        assert_eq!(builds.get(), 2);
        // A failed build is not kept.
        drop(store.write(0));
        assert_eq!(
            store.page_cached(0, "/v1/Things?PageSize=2", || Err(7)),
            Err(7)
        );
        assert_eq!(page(5), Ok(Bytes::from_static(&[5])));
    }
}
