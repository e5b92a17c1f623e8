//! Pagination over Twilio's list operations.
//!
//! Twilio pages by an absolute `meta.next_page_url` (it carries `PageToken`). Every list
//! builder of the generated client has `stream` (items) and `pages` (pages with metadata), both
//! built on [`Pages`]:
//!
//! - pages are fetched in a background task, and the next page is requested as soon as its
//!   URL is known: a quick look at the end of a page's bytes finds `meta.next_page_url` before
//!   the page is decoded, so fetching page n+1 overlaps decoding and consuming page n. At most
//!   two pages are held: the one being consumed and the next one's bytes;
//! - pages are decoded on the consumer's task, into buffers reused from page to page (the
//!   body's and, for [`Items`], the items'), so a long listing allocates no more than a short
//!   one and a page's memory is allocated and freed by the same thread;
//! - `next_page_url` is followed only on the configured API host and scheme, so credentials
//!   never go elsewhere, and a URL already fetched ends the stream with an error instead of
//!   looping; the header parameters the operation set (a product's metadata header, say) go with every page;
//! - [`Items::limit`] stops after n items, requests no page it doesn't need, and sets
//!   `PageSize` to `min(n, 1000)` when the caller didn't choose one.

use crate::error::Operation;
use crate::transport::ClientState;
use crate::{Error, Result};
use bytes::Bytes;
use futures::Stream;
use std::collections::{HashSet, VecDeque};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// A list response: its items and its metadata. Implemented for every generated
/// `List…Response`.
pub trait ListPage: serde::de::DeserializeOwned + Send + 'static {
    /// The item type, e.g. `types::Widget`.
    type Item: serde::de::DeserializeOwned + Send + 'static;
    /// The page metadata type (`types::ListMeta`).
    type Meta: PageMeta;
    /// The list operation's id, for errors.
    const OPERATION: &'static str;
    /// The key of the items in a page, e.g. `widgets`.
    const KEY: &'static str;
    /// Splits the response into items and metadata.
    fn into_parts(self) -> (Vec<Self::Item>, Option<Self::Meta>);
}

/// Twilio's page metadata: what pagination reads of it. Implemented for the generated
/// `ListMeta`.
pub trait PageMeta: serde::de::DeserializeOwned + Send + 'static {
    /// `next_page_url`, absent on the last page.
    fn next_page_url(&self) -> Option<&str>;
    /// `url`: this page's own URL.
    fn url(&self) -> Option<&str>;
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T, M> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Twilio's page metadata (`page`, `page_size`, `next_page_url`, …).
    pub meta: Option<M>,
}

impl<T, M: PageMeta> Page<T, M> {
    /// The URL of the next page, if any: save it to resume later with [`Pages::resume_from`].
    pub fn next_page_url(&self) -> Option<&str> {
        self.meta.as_ref()?.next_page_url()
    }
}

/// Builds the first page's request (with the page size to use, if the builder set none).
type FirstRequest<'a> = Box<
    dyn FnOnce(Option<i64>) -> std::result::Result<reqwest::Request, progenitor_client::Error<()>>
        + Send
        + 'a,
>;

enum State<'a> {
    /// Nothing requested yet.
    Start(FirstRequest<'a>),
    /// A page being fetched in the background.
    Next(tokio::task::JoinHandle<Result<Fetched>>),
    /// The next page can't be requested; reported after the current page is handed out.
    Failed(Error),
    /// No more pages.
    Done,
}

/// A stream of pages. Created by a list builder's `pages()`.
pub struct Pages<'a, R: ListPage> {
    state: State<'a>,
    client: &'a ClientState,
    /// The list operation (copied: the page requests run in background tasks).
    operation: Operation,
    /// The key of the items in a page (`R::KEY`, or the catalogue's for a dynamic list).
    key: &'static str,
    page_size_set: bool,
    page_size_hint: Option<i64>,
    resume: Option<String>,
    fetched: HashSet<String>,
    /// Items still wanted (set by [`Items::limit`]); no page is requested past it.
    wanted: Option<usize>,
    /// A page body's buffer, for the next page's request.
    spare: Option<bytes::BytesMut>,
    /// The headers of the operation's own request (its header parameters), sent with every
    /// page. Credentials are never among them: they are added when a request is sent.
    headers: reqwest::header::HeaderMap,
    _page: PhantomData<fn() -> R>,
}

impl<R: ListPage> Unpin for Pages<'_, R> {}

impl<'a, R: ListPage> Pages<'a, R> {
    #[doc(hidden)]
    pub fn new(
        client: &'a ClientState,
        operation: &'static Operation,
        page_size_set: bool,
        first: impl FnOnce(
            Option<i64>,
        )
            -> std::result::Result<reqwest::Request, progenitor_client::Error<()>>
        + Send
        + 'a,
    ) -> Self {
        Self::with_key(client, *operation, R::KEY, page_size_set, first)
    }

    /// [`Pages::new`] with the operation and the items' key given at run time (the dynamic
    /// path's pages, whose type knows neither).
    pub(crate) fn with_key(
        client: &'a ClientState,
        operation: Operation,
        key: &'static str,
        page_size_set: bool,
        first: impl FnOnce(
            Option<i64>,
        )
            -> std::result::Result<reqwest::Request, progenitor_client::Error<()>>
        + Send
        + 'a,
    ) -> Self {
        Pages {
            state: State::Start(Box::new(first)),
            client,
            operation,
            key,
            page_size_set,
            page_size_hint: None,
            resume: None,
            fetched: HashSet::new(),
            wanted: None,
            spare: None,
            headers: reqwest::header::HeaderMap::new(),
            _page: PhantomData,
        }
    }

    /// Starts from a `next_page_url` saved earlier (see [`Page::next_page_url`]) instead of
    /// the first page. The URL is checked like every other (same host and scheme as the
    /// client), and before anything is sent it must be a page of this list: its path is the
    /// one the builder's first page would request, and every query parameter the builder set
    /// (a filter such as `FriendlyName`, a `PageSize` set with `page_size`) is in it with the
    /// same values. Otherwise the stream's first item is [`Error::InvalidRequest`] naming
    /// `resume_from`, and nothing is sent. The URL may carry parameters the builder didn't
    /// set: a saved URL keeps the listing's filters, so the builder needn't repeat them.
    pub fn resume_from(mut self, next_page_url: impl Into<String>) -> Self {
        self.resume = Some(next_page_url.into());
        self
    }

    fn start(&mut self, first: FirstRequest<'a>) -> Result<()> {
        let size = (!self.page_size_set)
            .then_some(self.page_size_hint)
            .flatten();
        let request = first(size);
        if let Ok(r) = &request {
            self.headers = r.headers().clone();
        }
        match self.resume.take() {
            Some(url) => {
                // The builder's own checks come first: its first page is what the URL must
                // continue.
                let request =
                    request.map_err(|e| crate::error::request_error(&self.operation, e))?;
                self.check_resume(&request, &url)?;
                self.spawn_next(&url)
            }
            None => {
                self.spawn_fetch(request);
                Ok(())
            }
        }
    }

    /// A URL given to [`resume_from`](Self::resume_from) must continue this list as the
    /// builder set it up: the same path, and the builder's query parameters with the same
    /// values (a page of another list, or one without the builder's filter, would be served
    /// without complaint and silently list something else).
    fn check_resume(&self, first: &reqwest::Request, url: &str) -> Result<()> {
        let invalid =
            |message: String| Error::invalid_request(R::OPERATION, "resume_from", message);
        let parsed = url::Url::parse(url).map_err(|e| {
            invalid(format!(
                "expected a next_page_url saved from this list, got something that is not a URL ({e})"
            ))
        })?;
        if !self.client.0.same_origin(&parsed) {
            return Err(Error::ForeignHost {
                operation: R::OPERATION,
                origin: parsed.origin().ascii_serialization(),
            });
        }
        let want = first.url();
        if parsed.path() != want.path() {
            return Err(invalid(format!(
                "expected a page of {} (path {}), got a URL for path {}",
                R::OPERATION,
                want.path(),
                parsed.path()
            )));
        }
        let values = |u: &url::Url, key: &str| -> Vec<String> {
            let mut v: Vec<String> = u
                .query_pairs()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.into_owned())
                .collect();
            v.sort();
            v
        };
        let mut keys: Vec<String> = want.query_pairs().map(|(k, _)| k.into_owned()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            // A page size the builder didn't set is `limit`'s suggestion, not a condition.
            if key == "PageSize" && !self.page_size_set {
                continue;
            }
            let (set, given) = (values(want, &key), values(&parsed, &key));
            if set != given {
                let shown = |v: &[String]| match v {
                    [] => "none".to_string(),
                    v => format!("{:?}", v.join(", ")),
                };
                return Err(invalid(format!(
                    "the builder sets {key} = {}, the URL has {}: resume with the builder set up as for the listing the URL was saved from",
                    shown(&set),
                    shown(&given)
                )));
            }
        }
        Ok(())
    }

    /// Requests `url` in the background, after checking it is safe to send credentials to.
    fn spawn_next(&mut self, url: &str) -> Result<()> {
        let parsed = url::Url::parse(url).map_err(|e| {
            pagination_error(
                self.operation.id,
                format!("next_page_url is not a URL: {e}"),
            )
        })?;
        if !self.client.0.same_origin(&parsed) {
            return Err(Error::ForeignHost {
                operation: self.operation.id,
                origin: parsed.origin().ascii_serialization(),
            });
        }
        if !self.fetched.insert(parsed.as_str().to_string()) {
            return Err(pagination_error(
                self.operation.id,
                "next_page_url repeats a page already fetched".to_string(),
            ));
        }
        let mut request = crate::transport::get_request(parsed);
        let own = request.headers().clone();
        for (name, value) in &self.headers {
            let credential = name == reqwest::header::AUTHORIZATION
                || name == reqwest::header::PROXY_AUTHORIZATION
                || name == reqwest::header::COOKIE;
            if !credential && !own.contains_key(name) {
                request.headers_mut().append(name, value.clone());
            }
        }
        self.spawn_fetch(Ok(request));
        Ok(())
    }

    /// Sends a page request in a background task, which also reads the page's `meta`.
    fn spawn_fetch(
        &mut self,
        request: std::result::Result<reqwest::Request, progenitor_client::Error<()>>,
    ) {
        let client = self.client.clone();
        let operation = self.operation;
        let key = self.key;
        let buffer = self.spare.take().unwrap_or_default();
        self.state = State::Next(tokio::spawn(async move {
            let request = request.map_err(|e| crate::error::request_error(&operation, e))?;
            // Built again for each attempt, from this copy. (The error type is the one
            // generated builders return.)
            #[allow(clippy::result_large_err)]
            let build = move || {
                request.try_clone().ok_or_else(|| {
                    progenitor_client::Error::InvalidRequest(
                        "a streamed body can't be sent twice".into(),
                    )
                })
            };
            let body = crate::transport::send_into(&client, &operation, &build, buffer).await?;
            let scan = Scan::of(&body, key);
            Ok(Fetched { body, scan })
        }));
    }

    /// Follows `next` unless the page was empty or the items wanted are all there; a URL
    /// that can't be followed is reported after the current page.
    fn follow(&mut self, url: Option<&str>, items: Option<usize>) {
        if let Some(url) = url.filter(|_| self.wanted != Some(0) && items != Some(0))
            && let Err(e) = self.spawn_next(url)
        {
            self.state = State::Failed(e);
        }
    }

    /// Bookkeeping for a page that arrived: its URL, and the items still wanted.
    fn count(&mut self, url: Option<&str>, items: usize) {
        if let Some(url) = url {
            self.fetched.insert(url.to_string());
        }
        if let Some(wanted) = self.wanted.as_mut() {
            *wanted = wanted.saturating_sub(items);
        }
    }

    /// A page arrived as bytes: requests the one after it first, then decodes it here, into
    /// `items` (cleared first), returning its `meta`.
    fn take_page(&mut self, fetched: Fetched, items: &mut Vec<R::Item>) -> Result<Option<R::Meta>> {
        let Fetched { body, mut scan } = fetched;
        // Under a limit, whether the next page is needed depends on this page's items when it
        // may hold the last ones wanted. `wanted` is exact here (every earlier page has been
        // counted), unlike in the task that fetched this page, which started before the page
        // ahead of it was decoded: deciding there requested one page too many (issue #23:
        // 7 items, pages of 2, limit 5 sent 4 requests for 3 pages).
        if scan.items.is_none() && scan.may_complete(self.wanted) {
            scan.items = Scan::full(&body, R::KEY).items;
        }
        if let Some(n) = scan.items {
            self.count(scan.url.as_deref(), n);
        }
        self.state = State::Done;
        self.follow(scan.next_page_url.as_deref(), scan.items);
        items.clear();
        let meta = decode_page::<R>(self.operation.id, self.key, &body, items);
        // The buffer goes to the next page's request.
        self.spare = body.try_into_mut().ok();
        match meta {
            Ok(meta) => {
                if scan.items.is_none() {
                    let url = meta.as_ref().and_then(PageMeta::url);
                    self.count(url, items.len());
                }
                // Requested ahead on the strength of `meta`: an empty page ends the list.
                if items.is_empty() {
                    self.stop();
                }
                Ok(meta)
            }
            Err(e) => {
                items.clear();
                self.stop();
                Err(e)
            }
        }
    }

    /// Ends the stream, cancelling a page requested ahead.
    fn stop(&mut self) {
        if let State::Next(handle) = std::mem::replace(&mut self.state, State::Done) {
            handle.abort();
        }
    }

    /// The next page, decoded into `items`; its `meta` is returned.
    fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
        items: &mut Vec<R::Item>,
    ) -> Poll<Option<Result<Option<R::Meta>>>> {
        loop {
            return match &mut self.state {
                State::Done => Poll::Ready(None),
                State::Failed(_) => {
                    let State::Failed(e) = std::mem::replace(&mut self.state, State::Done) else {
                        continue;
                    };
                    Poll::Ready(Some(Err(e)))
                }
                State::Start(_) => {
                    let State::Start(first) = std::mem::replace(&mut self.state, State::Done)
                    else {
                        continue;
                    };
                    if let Err(e) = self.start(first) {
                        return Poll::Ready(Some(Err(e)));
                    }
                    continue;
                }
                State::Next(handle) => {
                    let result = match ready!(Pin::new(handle).poll(cx)) {
                        Ok(result) => result,
                        Err(join) => Err(pagination_error(
                            self.operation.id,
                            format!("page request task failed: {join}"),
                        )),
                    };
                    self.state = State::Done;
                    Poll::Ready(Some(result.and_then(|f| self.take_page(f, items))))
                }
            };
        }
    }
}

/// Decodes a page's items into `items` and returns its `meta`: the same JSON as the
/// generated `List…Response`, without building it, so a caller's buffer can be reused.
fn decode_page<R: ListPage>(
    operation: &'static str,
    key: &'static str,
    body: &[u8],
    items: &mut Vec<R::Item>,
) -> Result<Option<R::Meta>> {
    crate::error::decode_seed(
        operation,
        body,
        PageSeed {
            key,
            items,
            meta: PhantomData::<R::Meta>,
        },
    )
}

/// `{"<key>": [items…], "meta": {…}}`, pushing the items onto a vector.
struct PageSeed<'v, T, M> {
    key: &'static str,
    items: &'v mut Vec<T>,
    meta: PhantomData<M>,
}

impl<'de, T: serde::Deserialize<'de>, M: serde::Deserialize<'de>> serde::de::DeserializeSeed<'de>
    for PageSeed<'_, T, M>
{
    type Value = Option<M>;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        d: D,
    ) -> std::result::Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, T: serde::Deserialize<'de>, M: serde::Deserialize<'de>> serde::de::Visitor<'de>
    for PageSeed<'_, T, M>
{
    type Value = Option<M>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a list page with `{}` and `meta`", self.key)
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        use serde::de::{IgnoredAny, SeqAccess, Visitor};

        /// The items array, pushed onto the vector; `null` is no items, as the generated list
        /// responses decode it.
        struct Extend<'v, T>(&'v mut Vec<T>);
        impl<'de, T: serde::Deserialize<'de>> serde::de::DeserializeSeed<'de> for Extend<'_, T> {
            type Value = ();
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<(), D::Error> {
                d.deserialize_option(self)
            }
        }
        impl<'de, T: serde::Deserialize<'de>> Visitor<'de> for Extend<'_, T> {
            type Value = ();
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<(), E> {
                Ok(())
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<(), E> {
                Ok(())
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<(), D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> std::result::Result<(), S::Error> {
                while let Some(item) = seq.next_element()? {
                    self.0.push(item);
                }
                Ok(())
            }
        }

        // A key given twice is an error, as it is for the generated (derived) types.
        let (mut seen_items, mut seen_meta) = (false, false);
        let mut meta = None;
        while let Some(key) = map.next_key_seed(PageKey(self.key))? {
            match key {
                Key::Items if seen_items => {
                    return Err(serde::de::Error::duplicate_field(self.key));
                }
                Key::Meta if seen_meta => return Err(serde::de::Error::duplicate_field("meta")),
                Key::Items => {
                    seen_items = true;
                    map.next_value_seed(Extend(&mut *self.items))?
                }
                Key::Meta => {
                    seen_meta = true;
                    meta = map.next_value::<Option<M>>()?
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(meta)
    }
}

/// A page's items and `meta` as JSON (see [`__decode_page_values`]).
#[doc(hidden)]
pub type DecodedValues = Result<(Vec<serde_json::Value>, Option<serde_json::Value>)>;

/// A page's items and `meta` as JSON, decoded the way pages are decoded, with the
/// `next_page_url` the quick scan reads from it: for the page decoder's fuzz target and
/// property tests, which check both against plain serde decoding of the same bytes.
#[doc(hidden)]
pub fn __decode_page_values(body: &[u8], key: &'static str) -> (DecodedValues, Option<String>) {
    let mut items = Vec::new();
    let decoded = crate::error::decode_seed(
        "fuzz",
        body,
        PageSeed {
            key,
            items: &mut items,
            meta: PhantomData::<serde_json::Value>,
        },
    );
    let scan = Scan::of(body, key);
    (decoded.map(|meta| (items, meta)), scan.next_page_url)
}

/// A page fetched in the background, with what a quick pass over it found.
struct Fetched {
    body: Bytes,
    scan: Scan,
}

/// What the quick pass finds in a page body: `meta`'s URLs and page size, and the item count
/// when the whole body was skimmed. Skipping the items without building them is several
/// times faster than decoding them, so the next page is requested while this one is still
/// being decoded.
#[derive(Debug, Default, PartialEq)]
struct Scan {
    /// Counted only by the full pass ([`Scan::full`]).
    items: Option<usize>,
    url: Option<String>,
    next_page_url: Option<String>,
    /// `meta.page_size`: no page holds more items, so under a limit of more than this many
    /// the next page is needed whatever this one holds.
    page_size: Option<u64>,
}

impl Scan {
    /// Reads a page body's `meta`. Twilio sends `meta` last, so it is first looked for at the
    /// end of the body, which costs next to nothing; otherwise the whole body is skimmed.
    fn of(body: &[u8], key: &'static str) -> Scan {
        Self::meta_at_end(body).unwrap_or_else(|| Self::full(body, key))
    }

    /// Whether this page may hold the last of `wanted` items still to go (so its items must be
    /// counted before deciding to request the next page): under a limit, unless its
    /// `page_size` is smaller than what is still wanted.
    fn may_complete(&self, wanted: Option<usize>) -> bool {
        wanted.is_some_and(|w| self.page_size.is_none_or(|size| size >= w as u64))
    }

    /// The full pass: `meta` and the number of items under `key`, skimming the whole body.
    fn full(body: &[u8], key: &'static str) -> Scan {
        use serde::de::DeserializeSeed as _;
        let mut de = serde_json::Deserializer::from_slice(body);
        ScanSeed(key).deserialize(&mut de).unwrap_or_default()
    }

    /// `…, "meta": {…}}`: the last key of the top-level object. Inside a JSON string a quote
    /// is escaped, so an unescaped `"meta"` preceded by `,` or `{` and followed by `:` is a
    /// key; the value must then run to the closing brace of the top-level object, or this
    /// gives up (`meta` nested in an item, or not last).
    fn meta_at_end(body: &[u8]) -> Option<Scan> {
        fn trim(b: &[u8]) -> &[u8] {
            b.trim_ascii()
        }
        let key = body.windows(6).rposition(|w| w == b"\"meta\"")?;
        if !matches!(trim(&body[..key]).last(), Some(b',' | b'{')) {
            return None;
        }
        let value = trim(&body[key + 6..]).strip_prefix(b":")?;
        let value = trim(value).strip_suffix(b"}")?;
        let meta: Option<ScanMeta> = serde_json::from_slice(value).ok()?;
        let meta = meta.unwrap_or_default();
        Some(Scan {
            items: None,
            url: meta.url,
            next_page_url: meta.next_page_url,
            page_size: meta.page_size,
        })
    }
}

#[derive(Default, serde::Deserialize)]
struct ScanMeta {
    url: Option<String>,
    next_page_url: Option<String>,
    page_size: Option<u64>,
}

/// The full pass: `meta`, and the length of the items array under `key`, skipping the
/// items without building them.
struct ScanSeed(&'static str);

impl<'de> serde::de::DeserializeSeed<'de> for ScanSeed {
    type Value = Scan;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Scan, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ScanSeed {
    type Value = Scan;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list page")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Scan, A::Error> {
        use serde::de::{IgnoredAny, SeqAccess, Visitor};

        /// The number of items in an array, each skipped (`null`: none, as pages decode it).
        struct Count;
        impl<'de> serde::de::DeserializeSeed<'de> for Count {
            type Value = usize;
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<usize, D::Error> {
                d.deserialize_option(self)
            }
        }
        impl<'de> Visitor<'de> for Count {
            type Value = usize;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of items")
            }
            fn visit_none<E: serde::de::Error>(self) -> std::result::Result<usize, E> {
                Ok(0)
            }
            fn visit_unit<E: serde::de::Error>(self) -> std::result::Result<usize, E> {
                Ok(0)
            }
            fn visit_some<D: serde::Deserializer<'de>>(
                self,
                d: D,
            ) -> std::result::Result<usize, D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<S: SeqAccess<'de>>(
                self,
                mut seq: S,
            ) -> std::result::Result<usize, S::Error> {
                let mut n = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
                Ok(n)
            }
        }

        let mut scan = Scan::default();
        while let Some(key) = map.next_key_seed(PageKey(self.0))? {
            match key {
                Key::Items => scan.items = Some(map.next_value_seed(Count)?),
                Key::Meta => {
                    if let Some(meta) = map.next_value::<Option<ScanMeta>>()? {
                        scan.url = meta.url;
                        scan.next_page_url = meta.next_page_url;
                        scan.page_size = meta.page_size;
                    }
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(scan)
    }
}

/// A key of a list page: the items (`key`), `meta`, or another.
enum Key {
    Items,
    Meta,
    Other,
}

/// Classifies a page's keys without allocating (escaped keys are compared unescaped).
struct PageKey(&'static str);

impl<'de> serde::de::DeserializeSeed<'de> for PageKey {
    type Value = Key;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> std::result::Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl serde::de::Visitor<'_> for PageKey {
    type Value = Key;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Key, E> {
        Ok(if v == self.0 {
            Key::Items
        } else if v == "meta" {
            Key::Meta
        } else {
            Key::Other
        })
    }
}

impl<R: ListPage> Stream for Pages<'_, R> {
    type Item = Result<Page<R::Item, R::Meta>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut items = Vec::new();
        let page = ready!(self.poll_page(cx, &mut items));
        Poll::Ready(page.map(|meta| meta.map(|meta| Page { items, meta })))
    }
}

impl<R: ListPage> Drop for Pages<'_, R> {
    fn drop(&mut self) {
        // A page requested ahead that nobody will read.
        self.stop();
    }
}

fn pagination_error(operation: &'static str, message: String) -> Error {
    Error::Pagination { operation, message }
}

/// A stream of items across pages. Created by a list builder's `stream()`.
pub struct Items<'a, R: ListPage> {
    pages: Pages<'a, R>,
    /// The current page's items, handed out without copying them. Its allocation is reused
    /// for the next page.
    buffer: VecDeque<R::Item>,
    remaining: Option<usize>,
}

impl<R: ListPage> Unpin for Items<'_, R> {}

impl<'a, R: ListPage> Items<'a, R> {
    #[doc(hidden)]
    pub fn new(pages: Pages<'a, R>) -> Self {
        Items {
            pages,
            buffer: VecDeque::new(),
            remaining: None,
        }
    }

    /// At most `n` items. No page beyond what they need is requested, and unless the builder
    /// set `page_size`, pages are `min(n, 1000)` items.
    pub fn limit(mut self, n: usize) -> Self {
        self.remaining = Some(n);
        self.pages.wanted = Some(n);
        self.pages.page_size_hint = Some(n.clamp(1, 1000) as i64);
        self
    }

    /// Starts from a saved `next_page_url`; see [`Pages::resume_from`].
    pub fn resume_from(mut self, next_page_url: impl Into<String>) -> Self {
        self.pages = self.pages.resume_from(next_page_url);
        self
    }
}

impl<R: ListPage> Stream for Items<'_, R> {
    type Item = Result<R::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if this.remaining == Some(0) {
                return Poll::Ready(None);
            }
            if let Some(item) = this.buffer.pop_front() {
                if let Some(n) = this.remaining.as_mut() {
                    *n -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            // The page is used up: decode the next one into the same allocation (an empty
            // deque becomes a vector without moving anything).
            let mut items = Vec::from(std::mem::take(&mut this.buffer));
            let page = this.pages.poll_page(cx, &mut items);
            this.buffer = VecDeque::from(items);
            match ready!(page) {
                Some(Ok(_meta)) => {}
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ListPage, PageMeta, Scan, decode_page};

    /// Shaped like a generated list response (`ListWidgetResponse`).
    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct ListWidgetResponse {
        #[serde(default)]
        widgets: Vec<Widget>,
        #[serde(default)]
        meta: Option<ListMeta>,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct Widget {
        sid: Option<String>,
        friendly_name: Option<String>,
        date_created: Option<chrono::DateTime<chrono::Utc>>,
        channel_type: Option<String>,
        integration: Option<serde_json::Value>,
    }

    #[derive(Debug, serde::Deserialize, serde::Serialize)]
    struct ListMeta {
        page: Option<i64>,
        page_size: Option<i64>,
        url: Option<String>,
        next_page_url: Option<String>,
        key: Option<String>,
    }

    impl PageMeta for ListMeta {
        fn next_page_url(&self) -> Option<&str> {
            self.next_page_url.as_deref()
        }
        fn url(&self) -> Option<&str> {
            self.url.as_deref()
        }
    }

    impl ListPage for ListWidgetResponse {
        type Item = Widget;
        type Meta = ListMeta;
        const OPERATION: &'static str = "ListWidget";
        const KEY: &'static str = "widgets";
        fn into_parts(self) -> (Vec<Widget>, Option<ListMeta>) {
            (self.widgets, self.meta)
        }
    }

    fn flow(i: usize) -> serde_json::Value {
        serde_json::json!({
            "sid": format!("FO{i:032x}"),
            "friendly_name": format!("flow {i}"),
            "date_created": "2016-08-01T22:10:40Z",
            "channel_type": "sms",
            "integration": {"flow_sid": "FW0123456789abcdef0123456789abcdef", "retry_count": 1},
        })
    }

    #[test]
    fn pages_decode_like_the_generated_response_into_a_reused_vector() {
        let body = serde_json::to_vec(&serde_json::json!({
            "other": [1, {"a": [true]}],
            "widgets": [flow(0), flow(1), flow(2)],
            "meta": {"page": 0, "page_size": 3, "url": "u1", "next_page_url": "u2", "key": "widgets"},
        }))
        .unwrap();
        let (want_items, want_meta) = serde_json::from_slice::<ListWidgetResponse>(&body)
            .unwrap()
            .into_parts();
        let mut items: Vec<Widget> = Vec::with_capacity(8);
        let capacity = items.capacity();
        let meta =
            decode_page::<ListWidgetResponse>("ListWidget", "widgets", &body, &mut items).unwrap();
        assert_eq!(
            serde_json::to_value(&items).unwrap(),
            serde_json::to_value(&want_items).unwrap()
        );
        assert_eq!(
            serde_json::to_value(&meta).unwrap(),
            serde_json::to_value(&want_meta).unwrap()
        );
        assert_eq!(
            items.capacity(),
            capacity,
            "the vector's allocation is reused"
        );
        // An escaped key is the same key; `meta` may be null or missing.
        let escaped = br#"{"wid\u0067ets": [], "meta": null}"#;
        let mut items = Vec::new();
        assert!(
            decode_page::<ListWidgetResponse>("ListWidget", "widgets", escaped, &mut items)
                .unwrap()
                .is_none()
        );
        assert!(
            decode_page::<ListWidgetResponse>("ListWidget", "widgets", b"{}", &mut items)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn broken_pages_are_decode_errors_naming_the_operation() {
        for body in [
            &br#"{"widgets": {}}"#[..],
            br#"{"widgets": [{"sid": 5}]}"#,
            br#"{"widgets": [], "meta": {"page": "x"}}"#,
            br#"{"widgets": []} trailing"#,
            b"{\"widgets\": [{\"friendly_name\": \"\xff\"}]}",
            b"[]",
            b"",
        ] {
            let mut items = Vec::new();
            let err = decode_page::<ListWidgetResponse>("ListWidget", "widgets", body, &mut items)
                .unwrap_err();
            assert!(
                matches!(&err, crate::Error::Decode { operation, .. } if *operation == ListWidgetResponse::OPERATION),
                "{err:?}"
            );
        }
    }

    fn scan(items: Option<usize>, url: &str, next: Option<&str>) -> Scan {
        Scan {
            items,
            url: Some(url.into()),
            next_page_url: next.map(Into::into),
            page_size: None,
        }
    }

    #[test]
    fn meta_is_read_from_the_end_without_counting() {
        let body = br#"{"widgets": [{"sid": "FO1"}, {"sid": "FO2"}], "meta": {"url": "u1", "next_page_url": "u2", "key": "widgets"}}"#;
        assert_eq!(Scan::meta_at_end(body), Some(scan(None, "u1", Some("u2"))));
        assert_eq!(Scan::of(body, "widgets"), scan(None, "u1", Some("u2")));
        // The full pass counts the items, only the array under the list's key.
        assert_eq!(Scan::full(body, "widgets"), scan(Some(2), "u1", Some("u2")));
        assert_eq!(Scan::full(body, "other"), scan(None, "u1", Some("u2")));
        let last = br#"{"items":[],"meta":{"url":"u1","next_page_url":null}}  "#;
        assert_eq!(Scan::of(last, "items"), scan(None, "u1", None));
    }

    #[test]
    fn with_a_limit_items_are_counted_only_on_the_page_that_may_reach_it() {
        let body = br#"{"items": [1, 2, 3], "meta": {"url": "u1", "next_page_url": "u2", "page_size": 3}}"#;
        let page = Scan::of(body, "items");
        assert_eq!(page.page_size, Some(3));
        assert_eq!(page.items, None, "read from the end, not counted");
        // More than a page still wanted: the next page is needed whatever this one holds.
        assert!(!page.may_complete(Some(4)));
        // This page may be the last one wanted: count.
        assert!(page.may_complete(Some(3)));
        assert!(page.may_complete(Some(1)));
        // No limit: never counted; no page size known: counted under any limit.
        assert!(!page.may_complete(None));
        assert!(scan(None, "u1", Some("u2")).may_complete(Some(1_000_000)));
        assert_eq!(
            Scan::full(body, "items"),
            Scan {
                page_size: Some(3),
                ..scan(Some(3), "u1", Some("u2"))
            }
        );
    }

    #[test]
    fn meta_elsewhere_is_found_by_the_full_pass() {
        // `meta` first.
        let first = br#"{"meta": {"url": "u1", "next_page_url": "u2"}, "items": [1, 2, 3]}"#;
        assert_eq!(Scan::meta_at_end(first), None);
        assert_eq!(Scan::of(first, "items"), scan(Some(3), "u1", Some("u2")));
        // A `meta` key nested in the last item is not the page's.
        let nested = br#"{"meta": {"url": "u1", "next_page_url": null}, "items": [{"meta": {"url": "x", "next_page_url": "evil"}}]}"#;
        assert_eq!(Scan::meta_at_end(nested), None);
        assert_eq!(Scan::of(nested, "items"), scan(Some(1), "u1", None));
        // `"meta":` inside a string value is escaped, so it never matches.
        let in_string = br#"{"items": [{"note": "\"meta\": {\"next_page_url\": \"evil\"}"}], "meta": {"url": "u1", "next_page_url": null}}"#;
        assert_eq!(Scan::of(in_string, "items"), scan(None, "u1", None));
        let tricky =
            br#"{"meta": {"url": "u1", "next_page_url": null}, "items": ["x\"meta\": {}}"]}"#;
        assert_eq!(Scan::of(tricky, "items"), scan(Some(1), "u1", None));
    }

    #[test]
    fn bodies_that_are_not_pages_scan_as_empty() {
        for body in [
            &b""[..],
            b"[]",
            b"null",
            b"{\"meta\": 5}",
            b"{\"meta\": {}",
            b"<html>",
        ] {
            let s = Scan::of(body, "items");
            assert_eq!(s.next_page_url, None, "{:?}", String::from_utf8_lossy(body));
        }
    }

    /// What plain serde makes of a page, as the generated list responses decode it.
    #[derive(serde::Deserialize)]
    struct Reference {
        #[serde(
            rename = "widgets",
            default,
            deserialize_with = "crate::wire::null_as_default"
        )]
        items: Vec<serde_json::Value>,
        #[serde(default)]
        meta: Option<serde_json::Value>,
    }

    fn reference(body: &[u8]) -> Option<(Vec<serde_json::Value>, Option<serde_json::Value>)> {
        let text = std::str::from_utf8(body).ok()?;
        // A page is an object (serde's derive would also take `[]`, an empty sequence of
        // defaulted fields: no server sends that for a page, and the decoder refuses it).
        if !text.trim_start().starts_with('{') {
            return None;
        }
        serde_json::from_str::<Reference>(text)
            .ok()
            .map(|r| (r.items, r.meta))
    }

    /// The page decoder (and the quick scan of `meta`) agree with plain serde on the same
    /// bytes; the fuzz target `fuzz/fuzz_targets/page_decoder.rs` checks the same on any bytes.
    fn agrees(body: &[u8]) {
        let (decoded, next) = super::__decode_page_values(body, "widgets");
        let want = reference(body);
        assert_eq!(
            decoded.as_ref().ok(),
            want.as_ref(),
            "{:?}",
            String::from_utf8_lossy(body)
        );
        if let Some((_, meta)) = &want {
            match meta.as_ref().and_then(|m| m.get("next_page_url")) {
                Some(serde_json::Value::String(url)) => {
                    assert_eq!(next.as_deref(), Some(url.as_str()))
                }
                None | Some(serde_json::Value::Null) => assert_eq!(next, None),
                Some(_) => {}
            }
        }
    }

    #[test]
    fn the_page_decoder_agrees_with_serde_on_tricky_pages() {
        for body in [
            &br#"{"widgets": null, "meta": null}"#[..],
            br#"{"widgets": [1, "a", {"meta": {"next_page_url": "evil"}}], "meta": {"next_page_url": "u2"}}"#,
            br#"{"widgets": [], "widgets": []}"#,
            br#"{"meta": {}, "meta": {}}"#,
            br#"{"widgets": [true], "meta": {"next_page_url": null}}"#,
            br#"{"widgets": {}}"#,
            br#"{"x": ""meta": {"next_page_url": "evil"}", "meta": {"next_page_url": "u"}}"#,
            b"{\"widgets\": [\"\xff\"]}",
            b"[]",
            b"",
            b"{} x",
        ] {
            agrees(body);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(2000))]

        #[test]
        fn the_page_decoder_agrees_with_serde_on_generated_pages(
            keys in proptest::collection::vec(
                proptest::prop_oneof!["widgets", "meta", "other", "wid\\u0067ets"],
                0..5,
            ),
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("null".to_string()),
                    proptest::strategy::Just("[]".to_string()),
                    proptest::strategy::Just("[1, {\"a\": [2]}]".to_string()),
                    proptest::strategy::Just("{}".to_string()),
                    proptest::strategy::Just("{\"next_page_url\": \"https://x/p2\"}".to_string()),
                    proptest::strategy::Just("{\"next_page_url\": 5}".to_string()),
                    proptest::strategy::Just("\"meta\"".to_string()),
                    "[a-z\"\\\\:{}, ]{0,12}",
                ],
                5,
            ),
        ) {
            let fields: Vec<String> = keys
                .iter()
                .zip(&values)
                .map(|(k, v)| format!("\"{k}\": {v}"))
                .collect();
            agrees(format!("{{{}}}", fields.join(", ")).as_bytes());
        }

        #[test]
        fn the_page_decoder_agrees_with_serde_on_any_bytes(body in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            agrees(&body);
        }
    }
}
