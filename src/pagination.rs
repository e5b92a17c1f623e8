//! Pagination over Twilio's list operations.
//!
//! Twilio pages by an absolute `meta.next_page_url` (it carries `PageToken`). Every list
//! builder has [`stream`](crate::builder) (items) and `pages` (pages with metadata), both
//! built on [`Pages`]:
//!
//! - the next page is requested as soon as the current one is handed out, so a consumer
//!   doing work per item doesn't also wait a round trip per page; at most two pages are held;
//! - `next_page_url` is followed only on the configured API host and scheme, so credentials
//!   never go elsewhere, and a URL already fetched ends the stream with an error instead of
//!   looping;
//! - [`Items::limit`] stops after n items, requests no page it doesn't need, and sets
//!   `PageSize` to `min(n, 1000)` when the caller didn't choose one.

use crate::types::ListMeta;
use crate::{Client, Error, Result};
use futures::Stream;
use futures::future::BoxFuture;
use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

/// A list response: its items and its metadata. Implemented for every generated
/// `List…Response`.
pub trait ListPage: serde::de::DeserializeOwned + Send + 'static {
    /// The item type, e.g. `types::FlexFlow`.
    type Item: Send + 'static;
    /// The list operation's id, for errors.
    const OPERATION: &'static str;
    /// Splits the response into items and metadata.
    fn into_parts(self) -> (Vec<Self::Item>, Option<ListMeta>);
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Twilio's page metadata (`page`, `page_size`, `next_page_url`, …).
    pub meta: Option<ListMeta>,
}

impl<T> Page<T> {
    /// The URL of the next page, if any: save it to resume later with [`Pages::resume_from`].
    pub fn next_page_url(&self) -> Option<&str> {
        self.meta.as_ref()?.next_page_url.as_deref()
    }
}

type FirstPage<'a, R> = Box<dyn FnOnce(Option<i64>) -> BoxFuture<'a, Result<R>> + Send + 'a>;

enum State<'a, R> {
    /// Nothing requested yet.
    Start(FirstPage<'a, R>),
    /// The first page, borrowing the builder.
    First(BoxFuture<'a, Result<R>>),
    /// A later page, fetched in the background.
    Next(tokio::task::JoinHandle<Result<R>>),
    /// The next page can't be requested; reported after the current page is handed out.
    Failed(Error),
    /// No more pages.
    Done,
}

/// A stream of pages. Created by a list builder's `pages()`.
pub struct Pages<'a, R: ListPage> {
    state: State<'a, R>,
    client: &'a Client,
    page_size_set: bool,
    page_size_hint: Option<i64>,
    resume: Option<String>,
    fetched: HashSet<String>,
    /// Items still wanted (set by [`Items::limit`]); no page is requested past it.
    wanted: Option<usize>,
}

impl<R: ListPage> Unpin for Pages<'_, R> {}

impl<'a, R: ListPage> Pages<'a, R> {
    #[doc(hidden)]
    pub fn new(
        client: &'a Client,
        page_size_set: bool,
        first: impl FnOnce(Option<i64>) -> BoxFuture<'a, Result<R>> + Send + 'a,
    ) -> Self {
        Pages {
            state: State::Start(Box::new(first)),
            client,
            page_size_set,
            page_size_hint: None,
            resume: None,
            fetched: HashSet::new(),
            wanted: None,
        }
    }

    /// Starts from a `next_page_url` saved earlier (see [`Page::next_page_url`]) instead of
    /// the first page. The URL is checked like every other: same host and scheme as the client.
    pub fn resume_from(mut self, next_page_url: impl Into<String>) -> Self {
        self.resume = Some(next_page_url.into());
        self
    }

    fn start(&mut self, first: FirstPage<'a, R>) -> Result<()> {
        match self.resume.take() {
            Some(url) => self.spawn_next(&url),
            None => {
                let size = (!self.page_size_set)
                    .then_some(self.page_size_hint)
                    .flatten();
                self.state = State::First(first(size));
                Ok(())
            }
        }
    }

    /// Requests `url` in the background, after checking it is safe to send credentials to.
    fn spawn_next(&mut self, url: &str) -> Result<()> {
        let parsed = url::Url::parse(url)
            .map_err(|e| pagination_error::<R>(format!("next_page_url is not a URL: {e}")))?;
        if parsed.origin() != self.client.inner.0.origin {
            return Err(pagination_error::<R>(format!(
                "next_page_url points to {}, not the configured API host; refusing to send credentials there",
                parsed.origin().ascii_serialization()
            )));
        }
        if !self.fetched.insert(parsed.as_str().to_string()) {
            return Err(pagination_error::<R>(
                "next_page_url repeats a page already fetched".to_string(),
            ));
        }
        let client = self.client.clone();
        self.state = State::Next(tokio::spawn(async move {
            crate::hooks::get_json::<R>(&client, parsed, R::OPERATION).await
        }));
        Ok(())
    }

    /// Handles a page that arrived: starts the next request (read-ahead) and returns the page.
    fn arrived(&mut self, response: R) -> Page<R::Item> {
        let (items, meta) = response.into_parts();
        if let Some(url) = meta.as_ref().and_then(|m| m.url.as_deref()) {
            self.fetched.insert(url.to_string());
        }
        if let Some(wanted) = self.wanted.as_mut() {
            *wanted = wanted.saturating_sub(items.len());
        }
        let next = meta.as_ref().and_then(|m| m.next_page_url.clone());
        self.state = State::Done;
        if let Some(url) = next.filter(|_| self.wanted != Some(0) && !items.is_empty())
            && let Err(e) = self.spawn_next(&url)
        {
            self.state = State::Failed(e);
        }
        Page { items, meta }
    }
}

impl<R: ListPage> Stream for Pages<'_, R> {
    type Item = Result<Page<R::Item>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            let result = match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Failed(_) => {
                    let State::Failed(e) = std::mem::replace(&mut this.state, State::Done) else {
                        continue;
                    };
                    return Poll::Ready(Some(Err(e)));
                }
                State::Start(_) => {
                    let State::Start(first) = std::mem::replace(&mut this.state, State::Done)
                    else {
                        continue;
                    };
                    if let Err(e) = this.start(first) {
                        return Poll::Ready(Some(Err(e)));
                    }
                    continue;
                }
                State::First(fut) => ready!(fut.as_mut().poll(cx)),
                State::Next(handle) => match ready!(Pin::new(handle).poll(cx)) {
                    Ok(result) => result,
                    Err(join) => Err(pagination_error::<R>(format!(
                        "page request task failed: {join}"
                    ))),
                },
            };
            this.state = State::Done;
            return Poll::Ready(Some(result.map(|page| this.arrived(page))));
        }
    }
}

impl<R: ListPage> Drop for Pages<'_, R> {
    fn drop(&mut self) {
        // A page requested ahead that nobody will read.
        if let State::Next(handle) = &self.state {
            handle.abort();
        }
    }
}

fn pagination_error<R: ListPage>(message: String) -> Error {
    Error::Pagination {
        operation: R::OPERATION,
        message,
    }
}

/// A stream of items across pages. Created by a list builder's `stream()`.
pub struct Items<'a, R: ListPage> {
    pages: Pages<'a, R>,
    /// The current page's items, handed out without copying them.
    buffer: std::vec::IntoIter<R::Item>,
    remaining: Option<usize>,
}

impl<R: ListPage> Unpin for Items<'_, R> {}

impl<'a, R: ListPage> Items<'a, R> {
    #[doc(hidden)]
    pub fn new(pages: Pages<'a, R>) -> Self {
        Items {
            pages,
            buffer: Vec::new().into_iter(),
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
            if let Some(item) = this.buffer.next() {
                if let Some(n) = this.remaining.as_mut() {
                    *n -= 1;
                }
                return Poll::Ready(Some(Ok(item)));
            }
            // The page is used up: free it before the next one arrives.
            this.buffer = Vec::new().into_iter();
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffer = page.items.into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}
