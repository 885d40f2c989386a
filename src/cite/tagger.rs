//! A sequence labeller for reference strings: each whitespace-separated token gets a field label
//! (author, title, date, ...), and runs of one label are the fields.
//!
//! The model is a first-order linear-chain conditional random field (label-transition weights
//! plus per-token feature weights; see [`Training`]), decoded with Viterbi. Its
//! states pair a label with whether a title token and a container-title token have been seen,
//! so transitions (and a label bias) differ before and after each: a container or an editor
//! after the title, a title or an author before it, no second container after one. It is
//! trained by `cargo run --release --example train_tagger` on the annotated references in
//! `data/` (AnyStyle's 1,514 references plus footnote-form references written for citelint) and
//! shipped inside the crate (`tagger.model`, loaded once). Features are hashed strings: the
//! token's lowercase core, its shape, the punctuation around it, whether it looks like a year, a
//! page range, a name initial or a month, whether it stands inside quotes or brackets, after
//! `In`, its relative position, whether a volume, issue or page reference follows within three
//! tokens, and the same for its neighbours.
//!
//! Nothing here knows about styles or rules: it only labels.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature keys are already FNV hashes: the map uses them as they are instead of hashing them
/// again with SipHash (the lookup is the tagger's hot loop).
#[derive(Debug, Clone, Copy, Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        // Spread the 32-bit key over the high bits hashbrown uses for its control bytes.
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
}

/// The hasher of feature maps.
pub type FeatureHash = BuildHasherDefault<IdentityHasher>;
use std::sync::LazyLock;

/// The field labels, in model order. `journal` in the training data is `container-title`;
/// `location` is `place`.
pub const LABELS: &[&str] = &[
    "author",
    "editor",
    "translator",
    "title",
    "container-title",
    "collection-title",
    "volume",
    "pages",
    "date",
    "place",
    "publisher",
    "edition",
    "genre",
    "note",
    "url",
    "doi",
    "isbn",
    "citation-number",
    "issue",
    "archive",
    "identifier",
];

pub const L: usize = LABELS.len();

/// The index of `title`. The model's states are a label and whether a title token has been
/// seen: what follows a title (a container, editors) reads like what precedes one (a title,
/// authors), and the flag tells them apart.
const TITLE: usize = 3;

/// The index of `note`: what no other label names.
const NOTE: usize = 13;

/// The index of `container-title`: a second flag says whether a container token has been seen.
const CONTAINER: usize = 4;

/// The labels whose first appearance sets a state flag, in flag order.
const FLAG_LABELS: [usize; FLAGS] = [TITLE, CONTAINER];

/// How many state flags there are.
const FLAGS: usize = 2;

/// The model's states: `label + L * flags`, bit `k` of `flags` saying whether a token of
/// `FLAG_LABELS[k]` has been seen (the token itself included).
const S: usize = L << FLAGS;

/// The hashes of the features that are on in the states with each flag set (a per-label bias).
const FLAG_BIAS: [u32; FLAGS] = [0x7a11_e5e1, 0x7a11_e5e2];

/// The transition tables: one for every state and one more per flag, added when it is set.
const TABLES: usize = 1 + FLAGS;

/// The rows of all transition tables: one per table, boundary kind and previous label (or the
/// start).
const ROWS: usize = TABLES * BOUNDARIES * (L + 1);

/// The flags after a token labelled `y`, given the flags before it.
fn flags_after(flags: usize, y: usize) -> usize {
    let mut out = flags;
    for (k, l) in FLAG_LABELS.iter().enumerate() {
        if *l == y {
            out |= 1 << k;
        }
    }
    out
}

/// The label index of a training-data tag, folding synonyms.
pub fn label_index(tag: &str) -> usize {
    let tag = match tag {
        "journal" => "container-title",
        "location" => "place",
        "source" | "director" | "medium" | "producer" | "interviewer" | "court" | "accessed" => {
            "note"
        }
        t => t,
    };
    LABELS.iter().position(|l| *l == tag).unwrap_or(NOTE)
}

/// A token of a reference: a whitespace-separated word and its byte span in the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

/// Split a reference into whitespace-separated tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push(Token { start: s, end: i });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(Token {
            start: s,
            end: text.len(),
        });
    }
    tokens
}

fn fnv(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0193);
        }
        for b in p.bytes() {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '[' | '“' | '"' | '‘' | '«' | '\'')
}

/// A token stripped of the punctuation around it.
pub fn core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The punctuation before a token's first letter or digit (`(“` of `(“Soviet`).
fn lead_of(word: &str) -> &str {
    &word[..word.len()
        - word
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len()]
}

/// The punctuation after a token's last letter or digit (`),` of `1969),`).
fn trail_of(word: &str) -> &str {
    &word[word.trim_end_matches(|c: char| !c.is_alphanumeric()).len()..]
}

/// `Xxxx`, `xxx`, `dddd`, `X.`: the token's character classes, runs folded.
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
        }
        out.push(k);
        last = k;
    }
    out
}

const MONTHS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

const PUBLISHER_WORDS: &[&str] = &[
    "press",
    "university",
    "verlag",
    "publishing",
    "publishers",
    "publisher",
    "books",
    "inc",
    "ltd",
    "co",
    "company",
    "sons",
    "editions",
    "éditions",
    "presses",
    "norton",
    "routledge",
    "springer",
    "wiley",
    "elsevier",
    "penguin",
    "macmillan",
    "palgrave",
    "blackwell",
    "sage",
    "harper",
    "random",
    "house",
    "knopf",
    "academic",
    "cambridge",
    "oxford",
    "princeton",
    "yale",
    "harvard",
    "mit",
    "ministry",
    "office",
    "institute",
    "gallimard",
    "seuil",
];

const JOURNAL_WORDS: &[&str] = &[
    "journal",
    "j",
    "review",
    "rev",
    "proceedings",
    "proc",
    "transactions",
    "trans",
    "bulletin",
    "bull",
    "quarterly",
    "letters",
    "lett",
    "annals",
    "ann",
    "acad",
    "natl",
    "sci",
    "soc",
    "int",
    "conf",
    "conference",
    "symp",
    "symposium",
    "workshop",
    "studies",
    "magazine",
    "times",
    "post",
    "herald",
    "gazette",
    "notices",
    "phys",
    "chem",
    "biol",
    "med",
    "res",
    "am",
];

const PLACE_WORDS: &[&str] = &[
    "new",
    "york",
    "london",
    "paris",
    "oxford",
    "cambridge",
    "berlin",
    "boston",
    "chicago",
    "princeton",
    "washington",
    "dc",
    "seoul",
    "tokyo",
    "moscow",
    "beijing",
    "amsterdam",
    "leiden",
    "toronto",
    "sydney",
    "ny",
    "ma",
    "ca",
    "nj",
    "haven",
    "stanford",
    "philadelphia",
    "baltimore",
    "berkeley",
    "los",
    "angeles",
    "san",
    "francisco",
    "edinburgh",
    "manchester",
];

fn is_year(c: &str) -> bool {
    let digits: String = c.chars().take_while(char::is_ascii_digit).collect();
    digits.len() == 4
        && c.len() <= 5
        && matches!(&digits[..2], "15" | "16" | "17" | "18" | "19" | "20")
}

fn is_page_range(c: &str) -> bool {
    let parts: Vec<&str> = c.split(['-', '–', '—']).collect();
    parts.len() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
}

/// The feature hashes of every token of `text`.
pub fn features(text: &str, tokens: &[Token]) -> Vec<Vec<u32>> {
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.start..t.end]).collect();
    let cores: Vec<String> = words.iter().map(|w| core(w).to_lowercase()).collect();
    let n = words.len();
    let mut quote_depth = 0i32;
    let mut paren_depth = 0i32;
    let mut after_in = false;
    let mut seen_year = false;
    // Which sentence-like segment the token is in: segments end at a token that ends with a
    // full stop and is not an initial (`J.`), so `Author. (Year). Title. Journal, 6, 1.` counts
    // 0, 1, 2, 3. Commas are counted the same way within the reference.
    let mut segment = 0usize;
    let mut commas = 0usize;
    let mut quotes_closed = 0usize;
    // Segments ended since the first year: `Author (Year). Title. Journal` counts 0, 1 after it.
    let mut seg_after_year = 0usize;
    // Whether a token looks like a volume, issue or page reference: a container title ends
    // shortly before one.
    let numeric = |j: usize| {
        let c = cores[j].as_str();
        let w = words[j];
        (c.starts_with(|ch: char| ch.is_ascii_digit()) && !is_year(c))
            || matches!(c, "vol" | "no" | "pp" | "p" | "n" | "nr" | "bd" | "v")
            || w.starts_with("n°")
    };
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let w = words[i];
        let c = cores[i].as_str();
        let (lead, trail) = (lead_of(w), trail_of(w));
        if lead.chars().any(|ch| ch == '“' || ch == '"' || ch == '‘') {
            quote_depth += 1;
        }
        if lead.contains('(') || lead.contains('[') {
            paren_depth += 1;
        }
        let mut f: Vec<u32> = Vec::with_capacity(40);
        let mut add = |parts: &[&str]| f.push(fnv(parts));
        let sh = shape(core(w));
        add(&["bias"]);
        add(&["w", c]);
        add(&["shape", &sh]);
        add(&["lead", lead]);
        add(&["trail", trail]);
        add(&["shape+trail", &sh, trail]);
        add(&["w+trail", c, trail]);
        let pos = if n <= 1 { 0 } else { i * 9 / (n - 1) };
        add(&["pos", &pos.to_string()]);
        if i < 3 {
            add(&["idx", &i.to_string()]);
        }
        if i == n - 1 {
            add(&["last"]);
        }
        if is_year(c) {
            add(&["year"]);
            add(&["year+lead+trail", lead, trail]);
        }
        if seen_year {
            add(&["after-year"]);
        }
        if is_page_range(c) {
            add(&["page-range"]);
        }
        if c.chars().all(|ch| ch.is_ascii_digit()) && !c.is_empty() {
            add(&["number", if c.len() > 4 { "long" } else { "short" }]);
        }
        let initial = {
            let mut chars = core(w).chars();
            matches!((chars.next(), chars.next()), (Some(a), None) if a.is_uppercase())
        };
        if initial {
            add(&["initial"]);
        }
        if MONTHS.contains(&c) {
            add(&["month"]);
        }
        if PUBLISHER_WORDS.contains(&c) {
            add(&["publisher-word"]);
        }
        if PLACE_WORDS.contains(&c) {
            add(&["place-word"]);
        }
        if w.contains("://") || c.starts_with("www") {
            add(&["url"]);
        }
        if c.starts_with("10.") || w.to_lowercase().starts_with("doi") {
            add(&["doi"]);
        }
        if quote_depth > 0 {
            add(&["in-quotes"]);
        }
        if paren_depth > 0 {
            add(&["in-parens"]);
        }
        if after_in {
            add(&["after-in"]);
        }
        if c.chars().count() >= 4 {
            let chars: Vec<char> = c.chars().collect();
            let prefix: String = chars[..3].iter().collect();
            let suffix: String = chars[chars.len() - 3..].iter().collect();
            add(&["prefix3", &prefix]);
            add(&["suffix3", &suffix]);
        }
        if JOURNAL_WORDS.contains(&c) {
            add(&["journal-word"]);
        }
        let from_end = match n - 1 - i {
            k @ 0..=3 => k.to_string(),
            4..=6 => "4-6".to_string(),
            _ => "7+".to_string(),
        };
        add(&["from-end", &from_end]);
        let prev_trail = if i > 0 {
            trail_of(words[i - 1])
        } else {
            "<start>"
        };
        add(&["prev-trail+shape", prev_trail, &sh]);
        add(&["prev-trail+lead", prev_trail, lead]);
        if i > 0 {
            add(&["bigram", &cores[i - 1], c]);
        }
        let seg = segment.min(5).to_string();
        add(&["seg", &seg]);
        add(&["seg+shape", &seg, &sh]);
        add(&["seg+year", &seg, if seen_year { "y" } else { "n" }]);
        add(&["seg-after-year", &seg_after_year.min(4).to_string()]);
        add(&["commas", &commas.min(6).to_string()]);
        add(&["quotes-closed", &quotes_closed.min(2).to_string()]);
        add(&["lead+trail", lead, trail]);
        for (d, name) in [(-2i32, "w-2"), (-1, "w-1"), (1, "w+1"), (2, "w+2")] {
            let j = i as i32 + d;
            if j < 0 || j >= n as i32 {
                add(&[name, "<edge>"]);
                continue;
            }
            let j = j as usize;
            add(&[name, &cores[j]]);
            if d.abs() == 1 {
                let other = words[j];
                add(&[name, "trail", trail_of(other)]);
                add(&[name, "shape", &shape(core(other))]);
                if is_year(&cores[j]) {
                    add(&[name, "year"]);
                }
            }
        }
        let ahead = (i + 1..n.min(i + 4)).find(|&j| numeric(j));
        match ahead {
            Some(j) => add(&["ahead-num", &(j - i).to_string()]),
            None => add(&["ahead-num", "none"]),
        }
        out.push(f);
        // State for the tokens that follow.

        if trail.chars().any(|ch| ch == '”' || ch == '"' || ch == '’') && quote_depth > 0 {
            quote_depth -= 1;
            quotes_closed += 1;
        }
        let core_len = core(w).chars().count();
        if trail.contains('.') && (core_len > 1 || c.chars().all(|ch| ch.is_ascii_digit())) {
            segment += 1;
            if seen_year {
                seg_after_year += 1;
            }
        }
        if trail.contains(',') {
            commas += 1;
        }
        if (trail.contains(')') || trail.contains(']')) && paren_depth > 0 {
            paren_depth -= 1;
        }
        after_in = c == "in" || (after_in && !trail.contains('.'));
        seen_year |= is_year(c);
    }
    out
}

/// Kinds of boundary before a token (the punctuation that ends the token before it): label
/// transitions are weighted per kind, since whether a field ends depends on it.
pub const BOUNDARIES: usize = 9 * 4;

/// The boundary kind before each token: the punctuation before it (0 none, 1 `,`, 2 `.`, 3 `:`,
/// 4 `;`, 5 a closing bracket, 6 a closing quote, 7 other, 8 the start) times the kind of the
/// token itself (0 lowercase word, 1 capitalised word, 2 number, 3 opening bracket or quote).
pub fn boundaries(text: &str, tokens: &[Token]) -> Vec<usize> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let word = &text[token.start..token.end];
        let kind = match word.chars().next() {
            Some(c) if is_open(c) => 3,
            Some(c) if c.is_ascii_digit() => 2,
            Some(c) if c.is_uppercase() => 1,
            _ => 0,
        };
        if i == 0 {
            out.push(8 * 4 + kind);
            continue;
        }
        // The mark that ends the previous token decides (`1969),` ends with a comma).
        let trail = trail_of(&text[tokens[i - 1].start..tokens[i - 1].end]);
        let class = if trail.is_empty() {
            0
        } else if trail.contains(['”', '"', '’', '\'']) {
            6
        } else if trail.contains([')', ']']) {
            5
        } else if trail.ends_with(',') {
            1
        } else if trail.ends_with('.') {
            2
        } else if trail.ends_with(':') {
            3
        } else if trail.ends_with(';') {
            4
        } else {
            7
        };
        out.push(class * 4 + kind);
    }
    out
}

/// A labelled or unlabelled sequence, ready for the model.
#[derive(Debug, Clone)]
pub struct Sequence {
    pub feats: Vec<Vec<u32>>,
    pub bounds: Vec<usize>,
    /// For each token and each bracket depth a field run has open before it (0, 1, 2 or more),
    /// the depth after it: what the decoder's bracket state steps through.
    pub depth_after: Vec<[u8; DEPTHS]>,
}

impl Sequence {
    pub fn of(text: &str) -> Self {
        let tokens = tokenize(text);
        let depth_after = tokens
            .iter()
            .map(|t| std::array::from_fn(|d| bracket_depth(&text[t.start..t.end], d)))
            .collect();
        Sequence {
            feats: features(text, &tokens),
            bounds: boundaries(text, &tokens),
            depth_after,
        }
    }
}

/// How many depths of unclosed bracket the decoder tells apart (0, 1, 2 or more).
pub const DEPTHS: usize = 3;

/// The depth of brackets a field has opened and not closed, after `word`, from `depth` before
/// it (a close with none open is a bracket opened before the field: it does not count).
fn bracket_depth(word: &str, depth: usize) -> u8 {
    let mut d = depth;
    for c in word.chars() {
        match c {
            '(' | '[' => d += 1,
            ')' | ']' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    d.min(DEPTHS - 1) as u8
}

/// Feature weights and label transitions.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub weights: HashMap<u32, [f32; L], FeatureHash>,
    /// `transitions[row(table, boundary, prev)][next]`; prev == L is the start. Table 0 holds
    /// for every state; table `1 + k` is added when flag `k` is set before the token.
    pub transitions: Vec<[f32; L]>,
}

impl Model {
    pub fn empty() -> Self {
        Model {
            weights: HashMap::default(),
            transitions: vec![[0.0; L]; ROWS],
        }
    }

    fn scores(&self, feats: &[u32]) -> [f32; L] {
        let mut s = [0.0; L];
        for f in feats {
            if let Some(w) = self.weights.get(f) {
                for (a, b) in s.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        s
    }

    /// The per-label bias of the states with `flags` set.
    fn flag_bias(&self, flags: usize) -> [f32; L] {
        let mut out = [0.0; L];
        for (k, f) in FLAG_BIAS.iter().enumerate() {
            if flags & (1 << k) != 0
                && let Some(w) = self.weights.get(f)
            {
                for (a, b) in out.iter_mut().zip(w) {
                    *a += b;
                }
            }
        }
        out
    }

    /// The best label sequence for the tokens' features, under two constraints the training
    /// data cannot teach: a field never ends inside a bracket it opened after its first token
    /// (`Bioinformatics (2. Aufl.` cannot be a title that ends there: the bracket starts what
    /// follows it), and a citation has one title (no title run after another field once a
    /// title has been seen). The bracket depth a field run has open is part of the decoder's
    /// state: a run's first token starts it at 0 (`(New York:` may open a place), a token of
    /// the same run moves it by its brackets, and a new run may start only from depth 0.
    pub fn decode(&self, seq: &Sequence) -> Vec<usize> {
        let feats = &seq.feats;
        let n = feats.len();
        if n == 0 {
            return Vec::new();
        }
        const ALL: usize = S * DEPTHS;
        let bias: Vec<[f32; L]> = (0..1 << FLAGS).map(|m| self.flag_bias(m)).collect();
        // Two rows of scores (the token before and this one), and every token's back pointers.
        let mut prev = [f32::NEG_INFINITY; ALL];
        let mut back = vec![[0u16; ALL]; n];
        let first = self.scores(&feats[0]);
        for y in 0..L {
            let m = flags_after(0, y);
            prev[y + L * m] =
                first[y] + transition_score(&self.transitions, seq.bounds[0], L, 0, y) + bias[m][y];
        }
        for i in 1..n {
            let emit = self.scores(&feats[i]);
            let b = seq.bounds[i];
            let depth = seq.depth_after.get(i).copied().unwrap_or([0; DEPTHS]);
            let mut score = [f32::NEG_INFINITY; ALL];
            let row = &mut back[i];
            for (from, &before_score) in prev.iter().enumerate() {
                if before_score == f32::NEG_INFINITY {
                    continue;
                }
                let (state, open) = (from % S, from / S);
                let (p, before) = (state % L, state / L);
                for y in 0..L {
                    let next = if y == p {
                        usize::from(depth[open])
                    } else if open > 0 || (y == TITLE && before & 1 != 0) {
                        continue;
                    } else {
                        0
                    };
                    let to = y + L * flags_after(before, y) + S * next;
                    let v = before_score + transition_score(&self.transitions, b, p, before, y);
                    if v > score[to] {
                        score[to] = v;
                        row[to] = from as u16;
                    }
                }
            }
            for (to, v) in score.iter_mut().enumerate() {
                let (y, m) = (to % L, to % S / L);
                *v += emit[y] + bias[m][y];
            }
            prev = score;
        }
        // The last field may not end inside its own bracket either, unless nothing else can.
        let best = |range: std::ops::Range<usize>| {
            range
                .filter(|&t| prev[t] > f32::NEG_INFINITY)
                .max_by(|&a, &b| prev[a].total_cmp(&prev[b]))
        };
        let mut at = best(0..S).or_else(|| best(0..ALL)).unwrap_or(0);
        let mut labels = vec![0; n];
        for i in (0..n).rev() {
            labels[i] = at % L;
            at = usize::from(back[i][at]);
        }
        labels
    }

    /// Train the model on (features, labels) sequences; see [`Training`].
    pub fn train(data: &[(Sequence, Vec<usize>)], options: &Training) -> Model {
        let (mut crf, mapped) = Crf::new(data);
        let lambda = options.l2 / data.len().max(1) as f64;
        let mut step = 0f64;
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = fastrand::Rng::with_seed(options.seed);
        let mut sum = crf.zeros();
        let mut snapshots = 0f64;
        for epoch in 0..options.epochs {
            if epoch >= options.average_from {
                crf.add_to(&mut sum);
                snapshots += 1.0;
            }
            rng.shuffle(&mut order);
            for &k in &order {
                // Bottou's schedule: the rate decays with the regularisation.
                let rate = options.rate / (1.0 + lambda * options.rate * step);
                step += 1.0;
                crf.shrink(1.0 - rate * lambda);
                crf.ascend(&data[k].0, &mapped[k], &data[k].1, rate);
            }
        }
        crf.add_to(&mut sum);
        snapshots += 1.0;
        let mut model = Model::empty();
        for (f, i) in &crf.index {
            let w = sum.0[*i].map(|x| (x / snapshots) as f32);
            let w = w.map(|x| if x.abs() < options.prune { 0.0 } else { x });
            if w.iter().any(|x| *x != 0.0) {
                model.weights.insert(*f, w);
            }
        }
        for (t, r) in model.transitions.iter_mut().zip(&sum.1) {
            *t = r.map(|x| (x / snapshots) as f32);
        }
        model
    }

    /// The compact binary form shipped in the crate: a scale, the transitions, then per feature
    /// its hash and its non-zero weights, each quantised to an `i16` step of `scale / 32767`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self
            .weights
            .values()
            .flatten()
            .chain(self.transitions.iter().flatten())
            .fold(0.0f32, |m, v| m.max(v.abs()))
            .max(1e-6);
        let quantise = |v: f32| (v / max * 32767.0).round().clamp(-32767.0, 32767.0) as i16;
        let mut out = Vec::new();
        out.extend_from_slice(b"CLT5");
        out.push(L as u8);
        out.extend_from_slice(&max.to_le_bytes());
        for row in &self.transitions {
            for v in row {
                out.extend_from_slice(&quantise(*v).to_le_bytes());
            }
        }
        let mut feats: Vec<(&u32, &[f32; L])> = self.weights.iter().collect();
        feats.sort_by_key(|(f, _)| **f);
        for (f, w) in feats {
            let nonzero: Vec<(usize, i16)> = w
                .iter()
                .enumerate()
                .map(|(y, v)| (y, quantise(*v)))
                .filter(|(_, q)| *q != 0)
                .collect();
            if nonzero.is_empty() {
                continue;
            }
            out.extend_from_slice(&f.to_le_bytes());
            out.push(nonzero.len() as u8);
            for (y, q) in nonzero {
                out.push(y as u8);
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Option<Model> {
        let mut model = Model::empty();
        let rest = bytes.strip_prefix(b"CLT5")?;
        let (&labels, rest) = rest.split_first()?;
        if labels as usize != L {
            return None;
        }
        let (scale, mut rest) = rest.split_at_checked(4)?;
        let scale = f32::from_le_bytes([scale[0], scale[1], scale[2], scale[3]]) / 32767.0;
        let i16_at = |r: &mut &[u8]| -> Option<f32> {
            let (v, tail) = r.split_at_checked(2)?;
            *r = tail;
            Some(f32::from(i16::from_le_bytes([v[0], v[1]])) * scale)
        };
        for p in 0..ROWS {
            for y in 0..L {
                model.transitions[p][y] = i16_at(&mut rest)?;
            }
        }
        while !rest.is_empty() {
            let (f, tail) = rest.split_at_checked(4)?;
            let f = u32::from_le_bytes([f[0], f[1], f[2], f[3]]);
            let (&k, tail) = tail.split_first()?;
            rest = tail;
            let mut w = [0.0; L];
            for _ in 0..k {
                let (&y, tail) = rest.split_first()?;
                rest = tail;
                *w.get_mut(y as usize)? = i16_at(&mut rest)?;
            }
            model.weights.insert(f, w);
        }
        Some(model)
    }
}

/// How the model is trained: a linear-chain conditional random field whose weights maximise the
/// L2-regularised log-likelihood of the gold labels, by stochastic gradient ascent (marginals
/// from the forward-backward algorithm over the same states the decoder uses), the weights
/// averaged over the snapshots taken at the start of each epoch from `average_from` on. The
/// defaults were chosen by the cross-validation of `cargo run --release --example
/// cite_accuracy`.
#[derive(Debug, Clone)]
pub struct Training {
    /// Passes over the data.
    pub epochs: usize,
    /// The shuffling seed.
    pub seed: u64,
    /// The L2 penalty (summed over the data, as in CRFsuite's `c2`).
    pub l2: f64,
    /// The initial learning rate.
    pub rate: f64,
    /// The first epoch whose starting weights join the average.
    pub average_from: usize,
    /// Weights smaller than this are dropped from the shipped model (no accuracy is lost at
    /// 0.01, and the model is a third of its unpruned size).
    pub prune: f32,
}

impl Default for Training {
    fn default() -> Self {
        Training {
            epochs: 30,
            seed: 1,
            l2: 1.0,
            rate: 0.05,
            average_from: 15,
            prune: 0.01,
        }
    }
}

/// Weights per feature index and transition rows, dense, for training.
type Dense = (Vec<[f64; L]>, Vec<[f64; L]>);

/// The training state: dense weights over the features of the training data, stored as
/// `scale * w` so that the L2 shrinkage of every weight at every step is one multiplication.
struct Crf {
    index: HashMap<u32, usize, FeatureHash>,
    w: Vec<[f64; L]>,
    tr: Vec<[f64; L]>,
    scale: f64,
}

/// The row of the transition table for boundary `b`, previous label `p`, and table `table`
/// (0 for every state, `1 + k` for states with flag `k` set).
fn row(table: usize, b: usize, p: usize) -> usize {
    (table * BOUNDARIES + b) * (L + 1) + p
}

/// The transition score into label `y` across boundary `b` from label `p` (`L` at the start)
/// with the flags `before`: the row every state shares plus the row of each flag set.
fn transition_score<T: Copy + std::ops::AddAssign>(
    tables: &[[T; L]],
    b: usize,
    p: usize,
    before: usize,
    y: usize,
) -> T {
    let mut v = tables[row(0, b, p)][y];
    for k in 0..FLAGS {
        if before & (1 << k) != 0 {
            v += tables[row(1 + k, b, p)][y];
        }
    }
    v
}

// Forward-backward indexes several state-sized arrays in step: index loops read clearest.
#[allow(clippy::needless_range_loop)]
impl Crf {
    /// A model at zero over the features of `data`, and each token's feature indices.
    fn new(data: &[(Sequence, Vec<usize>)]) -> (Crf, Vec<Vec<Vec<usize>>>) {
        let mut index: HashMap<u32, usize, FeatureHash> = HashMap::default();
        // The flag biases are features 0..FLAGS.
        for f in FLAG_BIAS {
            let next = index.len();
            index.entry(f).or_insert(next);
        }
        let mapped = data
            .iter()
            .map(|(seq, _)| {
                seq.feats
                    .iter()
                    .map(|fs| {
                        fs.iter()
                            .map(|f| {
                                let next = index.len();
                                *index.entry(*f).or_insert(next)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let w = vec![[0.0; L]; index.len()];
        let crf = Crf {
            index,
            w,
            tr: vec![[0.0; L]; ROWS],
            scale: 1.0,
        };
        (crf, mapped)
    }

    fn zeros(&self) -> Dense {
        (vec![[0.0; L]; self.w.len()], vec![[0.0; L]; self.tr.len()])
    }

    /// Add the current weights to a running sum.
    fn add_to(&self, sum: &mut Dense) {
        let pairs = sum.0.iter_mut().zip(&self.w);
        for (a, b) in pairs.chain(sum.1.iter_mut().zip(&self.tr)) {
            for y in 0..L {
                a[y] += b[y] * self.scale;
            }
        }
    }

    fn shrink(&mut self, by: f64) {
        self.scale *= by;
        if self.scale < 1e-6 {
            for v in self.w.iter_mut().chain(self.tr.iter_mut()).flatten() {
                *v *= self.scale;
            }
            self.scale = 1.0;
        }
    }

    /// The transition score from state `from` into label `y` across boundary `b`.
    fn transition(&self, b: usize, from: usize, y: usize) -> f64 {
        transition_score(&self.tr, b, from % L, from / L, y) * self.scale
    }

    /// The state potentials of each token: its emission plus the flag bias of the state.
    fn potentials(&self, feats: &[Vec<usize>]) -> Vec<[f64; S]> {
        let mut bias = [[0f64; L]; 1 << FLAGS];
        for (m, b) in bias.iter_mut().enumerate() {
            for k in 0..FLAGS {
                if m & (1 << k) != 0 {
                    for y in 0..L {
                        b[y] += self.w[k][y] * self.scale;
                    }
                }
            }
        }
        feats
            .iter()
            .map(|fs| {
                let mut e = [0f64; L];
                for &f in fs {
                    for y in 0..L {
                        e[y] += self.w[f][y];
                    }
                }
                std::array::from_fn(|to| e[to % L] * self.scale + bias[to / L][to % L])
            })
            .collect()
    }

    /// Forward-backward over the states of a sequence of at least one token.
    fn lattice(&self, seq: &Sequence, feats: &[Vec<usize>]) -> Lattice {
        let n = feats.len();
        let phi = self.potentials(feats);
        // Forward, scaled: alpha[i] sums to 1, c[i] is the factor taken out. m[i][from][y] is
        // exp(transition + potential of the state reached), shifted by the token's maximum.
        let mut m = vec![[[0f64; L]; S]; n];
        let mut alpha = vec![[0f64; S]; n];
        let mut c = vec![0f64; n];
        let mut first = [f64::NEG_INFINITY; S];
        for y in 0..L {
            let to = y + L * flags_after(0, y);
            first[to] =
                transition_score(&self.tr, seq.bounds[0], L, 0, y) * self.scale + phi[0][to];
        }
        let top = first.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for to in 0..S {
            alpha[0][to] = (first[to] - top).exp();
        }
        c[0] = alpha[0].iter().sum();
        alpha[0].iter_mut().for_each(|a| *a /= c[0]);
        for i in 1..n {
            let b = seq.bounds[i];
            let mut raw = [[f64::NEG_INFINITY; L]; S];
            let mut top = f64::NEG_INFINITY;
            for from in (0..S).filter(|&from| alpha[i - 1][from] > 0.0) {
                for y in 0..L {
                    let to = y + L * flags_after(from / L, y);
                    raw[from][y] = self.transition(b, from, y) + phi[i][to];
                    top = top.max(raw[from][y]);
                }
            }
            let mut next = [0f64; S];
            for from in 0..S {
                for y in 0..L {
                    m[i][from][y] = (raw[from][y] - top).exp();
                    next[y + L * flags_after(from / L, y)] += alpha[i - 1][from] * m[i][from][y];
                }
            }
            c[i] = next.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            for (a, v) in alpha[i].iter_mut().zip(next) {
                *a = v / c[i];
            }
        }
        let mut beta = vec![[1f64; S]; n];
        for i in (1..n).rev() {
            for from in 0..S {
                let mut v = 0.0;
                for y in 0..L {
                    v += m[i][from][y] * beta[i][y + L * flags_after(from / L, y)];
                }
                beta[i - 1][from] = v / c[i];
            }
        }
        Lattice { m, alpha, beta, c }
    }

    /// One gradient step on one sequence: the gold counts minus the expected counts.
    fn ascend(&mut self, seq: &Sequence, feats: &[Vec<usize>], gold: &[usize], rate: f64) {
        let n = feats.len();
        if n == 0 {
            return;
        }
        let lattice = self.lattice(seq, feats);
        // The step.
        let up = rate / self.scale;
        let mut g_flags = 0usize;
        for i in 0..n {
            let (g, g_before) = (gold[i], g_flags);
            g_flags = flags_after(g_flags, g);
            let mut p_label = [0f64; L];
            let mut p_flag = [[0f64; L]; FLAGS];
            for to in 0..S {
                let p = lattice.state(i, to);
                p_label[to % L] += p;
                for k in 0..FLAGS {
                    if (to / L) & (1 << k) != 0 {
                        p_flag[k][to % L] += p;
                    }
                }
            }
            let mut grad = p_label.map(|p| -p);
            grad[g] += 1.0;
            for &f in &feats[i] {
                for y in 0..L {
                    self.w[f][y] += up * grad[y];
                }
            }
            for k in 0..FLAGS {
                let mut grad = p_flag[k].map(|p| -p);
                if g_flags & (1 << k) != 0 {
                    grad[g] += 1.0;
                }
                for y in 0..L {
                    self.w[k][y] += up * grad[y];
                }
            }
            let b = seq.bounds[i];
            let gp = if i == 0 { L } else { gold[i - 1] };
            self.tr[row(0, b, gp)][g] += up;
            for k in 0..FLAGS {
                if g_before & (1 << k) != 0 {
                    self.tr[row(1 + k, b, gp)][g] += up;
                }
            }
            if i == 0 {
                for y in 0..L {
                    self.tr[row(0, b, L)][y] -= up * p_label[y];
                }
                continue;
            }
            for from in (0..S).filter(|&from| lattice.alpha[i - 1][from] > 0.0) {
                let (p, before) = (from % L, from / L);
                for y in 0..L {
                    let pair = lattice.pair(i, from, y);
                    self.tr[row(0, b, p)][y] -= up * pair;
                    for k in 0..FLAGS {
                        if before & (1 << k) != 0 {
                            self.tr[row(1 + k, b, p)][y] -= up * pair;
                        }
                    }
                }
            }
        }
    }
}

/// The result of forward-backward over one sequence's states (scaled, in probability space).
struct Lattice {
    m: Vec<[[f64; L]; S]>,
    alpha: Vec<[f64; S]>,
    beta: Vec<[f64; S]>,
    c: Vec<f64>,
}

impl Lattice {
    /// The probability that token `i` is in state `to`.
    fn state(&self, i: usize, to: usize) -> f64 {
        self.alpha[i][to] * self.beta[i][to]
    }

    /// The probability that token `i - 1` is in state `from` and token `i` has label `y`.
    fn pair(&self, i: usize, from: usize, y: usize) -> f64 {
        let to = y + L * flags_after(from / L, y);
        self.alpha[i - 1][from] * self.m[i][from][y] * self.beta[i][to] / self.c[i]
    }
}

/// The model shipped with the crate.
pub static MODEL: LazyLock<Model> = LazyLock::new(|| {
    Model::from_bytes(include_bytes!("tagger.model")).unwrap_or_else(Model::empty)
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_backward_marginals_match_enumeration() {
        // Three tokens, random weights: every one of the 18^3 label sequences scored one by one
        // gives the same marginals as the dynamic programme.
        let text = "Acheson, “Present,” 1969.";
        let seq = Sequence::of(text);
        let data = vec![(seq.clone(), vec![0; 3])];
        let (mut crf, mapped) = Crf::new(&data);
        let mut rng = fastrand::Rng::with_seed(3);
        for v in crf.w.iter_mut().chain(crf.tr.iter_mut()).flatten() {
            *v = rng.f64() * 4.0 - 2.0;
        }
        crf.scale = 0.5;
        let phi = crf.potentials(&mapped[0]);
        let lattice = crf.lattice(&seq, &mapped[0]);
        let mut z = 0.0;
        let mut state = vec![[0f64; S]; 3];
        let mut pair = vec![[0f64; L]; S];
        for path in 0..L * L * L {
            let labels = [path % L, path / L % L, path / (L * L)];
            let mut states = [0usize; 3];
            let mut flags = 0;
            let mut score = 0.0;
            for (i, &y) in labels.iter().enumerate() {
                score += if i == 0 {
                    transition_score(&crf.tr, seq.bounds[0], L, 0, y) * crf.scale
                } else {
                    crf.transition(seq.bounds[i], states[i - 1], y)
                };
                flags = flags_after(flags, y);
                states[i] = y + L * flags;
                score += phi[i][states[i]];
            }
            let p = score.exp();
            z += p;
            for (row, at) in state.iter_mut().zip(states) {
                row[at] += p;
            }
            pair[states[1]][labels[2]] += p;
        }
        for (i, row) in state.iter().enumerate() {
            for (to, p) in row.iter().enumerate() {
                let got = lattice.state(i, to);
                assert!((got - p / z).abs() < 1e-9, "token {i} state {to}");
            }
        }
        for (from, row) in pair.iter().enumerate() {
            for (y, p) in row.iter().enumerate() {
                let got = lattice.pair(2, from, y);
                assert!((got - p / z).abs() < 1e-9, "pair {from} {y}");
            }
        }
    }

    #[test]
    fn training_learns_the_labels_of_its_data() {
        // Two shapes of reference, each labelled consistently: a model that learns anything
        // reproduces them (a wrong gradient sign or marginal would not).
        let book = "Dean Acheson, Present at the Creation (New York: Norton, 1969), 363.";
        let article =
            "Shen Zhihua, “Sino-Soviet Relations,” Journal of Cold War Studies 2 (2000): 44.";
        let labels = |text: &str, of: &[(&str, &str)]| -> Vec<usize> {
            let mut out = Vec::new();
            for (words, label) in of {
                let n = words.split_whitespace().count();
                out.extend(std::iter::repeat_n(label_index(label), n));
            }
            assert_eq!(out.len(), tokenize(text).len());
            out
        };
        let book_labels = labels(
            book,
            &[
                ("Dean Acheson,", "author"),
                ("Present at the Creation", "title"),
                ("(New York:", "location"),
                ("Norton,", "publisher"),
                ("1969),", "date"),
                ("363.", "pages"),
            ],
        );
        let article_labels = labels(
            article,
            &[
                ("Shen Zhihua,", "author"),
                ("“Sino-Soviet Relations,”", "title"),
                ("Journal of Cold War Studies", "journal"),
                ("2", "volume"),
                ("(2000):", "date"),
                ("44.", "pages"),
            ],
        );
        let data = vec![
            (Sequence::of(book), book_labels.clone()),
            (Sequence::of(article), article_labels.clone()),
        ];
        let options = Training {
            epochs: 20,
            average_from: 10,
            ..Training::default()
        };
        let model = Model::train(&data, &options);
        assert_eq!(model.decode(&Sequence::of(book)), book_labels);
        assert_eq!(model.decode(&Sequence::of(article)), article_labels);
        // The same options give the same model.
        assert_eq!(Model::train(&data, &options).to_bytes(), model.to_bytes());
    }

    #[test]
    fn the_shipped_model_loads_and_round_trips() {
        let bytes = include_bytes!("tagger.model");
        let model = Model::from_bytes(bytes).expect("the shipped model parses");
        assert!(model.weights.len() > 1000);
        let again = Model::from_bytes(&model.to_bytes()).expect("round trip");
        let seq =
            Sequence::of("Dean Acheson, Present at the Creation (New York: Norton, 1969), 363.");
        assert_eq!(model.decode(&seq), again.decode(&seq));
    }
}
