//! Provenance: does each cited work exist as cited, and where can a reader still find a page
//! that is gone? Beside liveness, over the same client, address policy and retry settings.
//!
//! Each distinct DOI, ISBN, work search and dead link of a run is asked once (and cached in
//! a `provenance` section of the link cache): DOIs at the handle API, which covers every
//! registration agency, then their Crossref or DataCite record; ISBNs and books at Open
//! Library; articles and chapters without a DOI in Crossref; dead links in the Wayback
//! Machine's CDX API; live pages (their first bytes, for the title) at their own site. The
//! request and response formats are in `services.rs`, politeness in `fetch.rs`, the reading of
//! a page's titles in `html.rs`.
//!
//! It concludes nothing: the results are data (`model::provenance`) that the rules read. A
//! service that fails never fails the run: its lookups become unverifiable and one warning per
//! service comes back. It never prints.

mod fetch;
mod html;
mod services;
mod store;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::model::provenance::{Asks, Captures, Lookup, Page, Provenance, ProvenanceStats};
use crate::online::LinkOptions;
use fetch::Fetcher;
use store::{Store, Value};

/// What the provenance checks do and which services they ask (`[provenance]` in the
/// configuration; the defaults are the public services).
#[derive(Debug, Clone)]
pub struct ProvenanceOptions {
    /// Ask the handle API about DOIs, and their agency for the record (`dois`).
    pub dois: bool,
    /// Compare a registered DOI's Crossref or DataCite record with the citation (`doi-metadata`).
    pub crossref_records: bool,
    /// Search works without a DOI by title and author (`works`).
    pub works: bool,
    /// Ask Open Library about ISBNs (`isbns`).
    pub isbns: bool,
    /// Look for archived copies of dead links (`archives`).
    pub archives: bool,
    /// Read the first bytes of live pages for content drift and soft 404s (`pages`).
    pub pages: bool,
    /// The most of a live page that is read: its title is in the first bytes, and a page is
    /// never read whole (64 KiB).
    pub page_bytes: usize,
    /// The DOI handle API, to which a DOI is appended.
    pub doi_api: String,
    pub crossref_api: String,
    pub datacite_api: String,
    pub openlibrary_api: String,
    pub wayback_cdx_api: String,
    /// The Wayback Machine's replay prefix: `{wayback-url}{timestamp}/{url}`.
    pub wayback_url: String,
    /// Sent to Crossref as `mailto=` (its polite pool), nowhere else.
    pub mailto: Option<String>,
    /// The cache file, or `None` for no cache.
    pub cache: Option<PathBuf>,
    /// How long an answer is reused.
    pub cache_max_age: Duration,
    /// Requests in flight at once to one service.
    pub service_concurrency: usize,
    /// The most of a service's answer that is read.
    pub max_body: usize,
    /// Timeouts, retries, user agent and address policy, shared with the link checker.
    pub net: LinkOptions,
}

impl ProvenanceOptions {
    /// The defaults, with the link checker's network settings.
    pub fn new(net: LinkOptions) -> Self {
        ProvenanceOptions {
            dois: true,
            crossref_records: true,
            works: true,
            isbns: true,
            archives: true,
            pages: true,
            page_bytes: 64 * 1024,
            doi_api: "https://doi.org/api/handles/".into(),
            crossref_api: "https://api.crossref.org".into(),
            datacite_api: "https://api.datacite.org".into(),
            openlibrary_api: "https://openlibrary.org".into(),
            wayback_cdx_api: "https://web.archive.org/cdx/search/cdx".into(),
            wayback_url: "https://web.archive.org/web/".into(),
            mailto: None,
            cache: net.cache.clone(),
            cache_max_age: Duration::from_secs(30 * 24 * 60 * 60),
            service_concurrency: 2,
            max_body: 1 << 20,
            net,
        }
    }
}

/// What the provenance checks of a run produced.
#[derive(Debug, Default)]
pub struct ProvenanceResults {
    pub found: Provenance,
    pub stats: ProvenanceStats,
    /// For standard error: a service that was down, an unusable cache file.
    pub warnings: Vec<String>,
}

impl ProvenanceResults {
    /// Add what a later round found (archived copies of pages found drifted in the first).
    pub fn extend(&mut self, later: ProvenanceResults) {
        self.found.extend(later.found);
        self.stats.add(&later.stats);
        for w in later.warnings {
            if !self.warnings.contains(&w) {
                self.warnings.push(w);
            }
        }
    }
}

/// Ask about everything in `asks`, on a runtime of its own.
pub fn check_blocking(
    asks: &Asks,
    options: &ProvenanceOptions,
) -> std::io::Result<ProvenanceResults> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    Ok(runtime.block_on(check(asks, options)))
}

/// One lookup to make: its cache key and what to ask.
#[derive(Clone)]
enum Job {
    Doi(String),
    Isbn(String),
    Work(crate::model::provenance::WorkQuery),
    Archive(String),
    /// A live page: the URL as cited, and the URL that gave the final answer.
    Page(String, String),
}

impl Job {
    fn key(&self) -> String {
        match self {
            Job::Doi(d) => format!("doi:{d}"),
            Job::Isbn(i) => format!("isbn:{i}"),
            Job::Work(q) => format!("work:{}", q.key()),
            Job::Archive(u) => format!("cdx:{u}"),
            Job::Page(u, _) => format!("page:{u}"),
        }
    }

    /// How long a cached answer is reused: a page changes as often as its link does.
    fn max_age(&self, o: &ProvenanceOptions) -> Duration {
        match self {
            Job::Page(..) => o.net.cache_max_age,
            _ => o.cache_max_age,
        }
    }

    /// Ask the service: the value and whether it may be cached.
    async fn run(&self, f: &Fetcher, o: &ProvenanceOptions) -> (Value, bool) {
        let lookup = |(l, ok): (Lookup, bool)| (Value::Lookup(l), ok);
        match self {
            Job::Doi(d) => lookup(services::doi(f, o, d).await),
            Job::Isbn(i) => lookup(services::isbn(f, o, i).await),
            Job::Work(q) => lookup(services::work(f, o, q).await),
            Job::Archive(u) => match services::captures(f, o, u).await {
                Some(c) => (Value::Captures(c), true),
                None => (Value::Captures(Captures::default()), false),
            },
            Job::Page(_, fetched) => match f.page(fetched).await {
                Ok(reply) => (Value::Page(page_of(&reply)), true),
                Err(_) => (Value::Page(Page::default()), false),
            },
        }
    }
}

fn jobs(asks: &Asks, o: &ProvenanceOptions) -> Vec<Job> {
    let mut jobs = Vec::new();
    if o.dois {
        jobs.extend(asks.dois.iter().cloned().map(Job::Doi));
    }
    if o.isbns {
        jobs.extend(asks.isbns.iter().cloned().map(Job::Isbn));
    }
    if o.works {
        jobs.extend(asks.works.iter().cloned().map(Job::Work));
    }
    if o.archives {
        jobs.extend(asks.dead.iter().cloned().map(Job::Archive));
    }
    if o.pages {
        jobs.extend(
            asks.pages
                .iter()
                .map(|(cited, fetched)| Job::Page(cited.clone(), fetched.clone())),
        );
    }
    jobs
}

/// What a page's answer says: its titles when it is HTML.
fn page_of(reply: &fetch::Reply) -> Page {
    let is_html = reply
        .content_type
        .as_deref()
        .is_some_and(|t| t == "text/html" || t == "application/xhtml+xml");
    if is_html {
        html::titles(reply.status, &reply.body)
    } else {
        Page {
            status: reply.status,
            ..Page::default()
        }
    }
}

/// Ask about everything in `asks`: each item once, from the cache when it is fresh there.
pub async fn check(asks: &Asks, options: &ProvenanceOptions) -> ProvenanceResults {
    let mut results = ProvenanceResults::default();
    if options.works {
        // Never asked: counted as unverifiable, never reported.
        let n = asks.uncovered.len();
        results.stats.lookups += n;
        results.stats.unverifiable += n;
        results.stats.uncovered += n;
    }
    let jobs = jobs(asks, options);
    if jobs.is_empty() {
        return results;
    }
    let store = options.cache.clone().map(|path| {
        Store::open(path, options.cache_max_age)
            .map_err(|w| results.warnings.push(w))
            .ok()
    });
    let mut store = store.flatten();
    let mut todo = Vec::new();
    for job in jobs {
        let cached = store
            .as_ref()
            .and_then(|s| s.get_within(&job.key(), job.max_age(options)));
        match cached {
            Some(value) => {
                results.stats.from_cache += 1;
                record(&mut results, &job, value.clone(), false);
            }
            None => todo.push(job),
        }
    }
    let fetcher = match Fetcher::new(options) {
        Ok(f) => Arc::new(f),
        Err(warning) => {
            results.warnings.push(warning);
            return results;
        }
    };
    let mut tasks = tokio::task::JoinSet::new();
    for job in todo {
        let (f, o) = (fetcher.clone(), options.clone());
        tasks.spawn(async move {
            let (value, cacheable) = job.run(&f, &o).await;
            (job, value, cacheable)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let Ok((job, value, cacheable)) = joined else {
            continue;
        };
        if cacheable && let Some(s) = store.as_mut() {
            s.put(job.key(), value.clone());
        }
        record(&mut results, &job, value, !cacheable);
    }
    results.warnings.extend(fetcher.warnings());
    if let Some(s) = store
        && let Err(warning) = s.save()
    {
        results.warnings.push(warning);
    }
    results
}

/// File one answer under its item and count it.
fn record(results: &mut ProvenanceResults, job: &Job, value: Value, failed: bool) {
    let stats = &mut results.stats;
    stats.lookups += 1;
    let found = &mut results.found;
    match (job, value) {
        (Job::Archive(url), Value::Captures(c)) => {
            if failed {
                stats.unverifiable += 1;
                return;
            }
            if c.captures.is_empty() {
                stats.not_found += 1;
            } else {
                stats.found += 1;
            }
            found.archives.insert(url.clone(), c);
        }
        (job, Value::Lookup(lookup)) => {
            match &lookup {
                Lookup::Found { .. } => stats.found += 1,
                Lookup::NotFound => stats.not_found += 1,
                Lookup::Unverifiable { .. } => stats.unverifiable += 1,
            }
            let map = match job {
                Job::Doi(d) => (&mut found.dois, d.clone()),
                Job::Isbn(i) => (&mut found.isbns, i.clone()),
                Job::Work(q) => (&mut found.works, q.key()),
                Job::Archive(_) | Job::Page(..) => return,
            };
            map.0.insert(map.1, lookup);
        }
        (Job::Page(url, _), Value::Page(page)) => {
            if failed {
                stats.unverifiable += 1;
                return;
            }
            stats.found += 1;
            found.pages.insert(url.clone(), page);
        }
        _ => stats.unverifiable += 1,
    }
}
