//! Manuscripts for the benchmarks, made to a size: the seed manuscript repeated, and the
//! note-dense shape of issue 9.
//!
//! The note-dense shape is what `pdftotext` prints for a long thesis whose every page ends in
//! notes: a running header, body paragraphs with markers glued to words, years and quotes
//! (`years.12`, `1950.13`, `hire.”14`), then three to six notes (full citations of many
//! different works, short forms of works cited earlier, `Ibid.`, archival notes, web pages), a
//! page number and a form feed. Numbering runs on across pages and restarts with each chapter
//! (a marker has at most three digits). Works are made by combining word lists, so a 64 MB
//! manuscript cites tens of thousands of distinct works by tens of thousands of surnames, a few
//! of them common to many authors. Everything is drawn from a seeded generator: the same seed
//! and size give the same text.

#![allow(dead_code)]

/// The seed manuscript repeated to at least `bytes` (each copy a new chapter whose numbering
/// restarts).
pub fn seed_repeated(bytes: usize) -> String {
    let seed = include_str!("../../fixtures/korean-war-thesis.txt");
    let mut text = String::with_capacity(bytes + seed.len());
    while text.len() < bytes {
        text.push_str(seed);
        text.push('\n');
    }
    text
}

/// The note-dense shape, at least `bytes` long (whole pages), from `seed`.
pub fn note_dense(bytes: usize, seed: u64) -> String {
    let mut g = Generator {
        rng: fastrand::Rng::with_seed(seed),
        works: Vec::new(),
        text: String::with_capacity(bytes + 8_192),
        next_note: 1,
        chapter: 1,
        page: 1,
        last_cited: None,
    };
    while g.text.len() < bytes {
        g.page();
    }
    g.text
}

const WIDTH: usize = 88;
/// Notes per chapter before the numbering restarts.
const NOTES_PER_CHAPTER: u32 = 600;

const GIVEN: &[&str] = &[
    "Dean",
    "Bruce",
    "Kathryn",
    "William",
    "Sergei",
    "Shen",
    "Chen",
    "Allan",
    "Rosemary",
    "John",
    "Mary",
    "James",
    "Odd Arne",
    "Melvyn",
    "Robert",
    "Anne",
    "Charles",
    "Hyun-su",
    "Ji-young",
    "Min-ho",
    "Akira",
    "Yuko",
    "Hans",
    "Ingrid",
    "Pierre",
    "Claire",
    "Vladislav",
    "Natalia",
    "Ernest",
    "Marguerite",
    "Stueck",
    "Philip",
    "Elizabeth",
    "David",
    "Susan",
    "Michael",
    "Laura",
    "Thomas",
    "Helen",
    "Richard",
    "Ruth",
    "Peter",
    "Grace",
    "Daniel",
    "Hannah",
    "Walter",
    "Margaret",
    "Samuel",
    "Esther",
    "Andrei",
    "Olga",
    "Li",
    "Wei",
];

/// Surnames common to many authors.
const COMMON: &[&str] = &[
    "Kim", "Lee", "Park", "Smith", "Chen", "Wang", "Brown", "Zhang", "Jones", "Choi",
];

const SYLLABLE_1: &[&str] = &[
    "Ach", "Bar", "Cum", "Dal", "Eck", "Fal", "Gor", "Hal", "Ing", "Jen", "Kal", "Lind", "Mar",
    "Nor", "Ost", "Pen", "Quil", "Ros", "Stu", "Thal", "Ul", "Ves", "Wen", "Yor", "Zan", "Bren",
    "Crom", "Dro", "Frei", "Grun",
];
const SYLLABLE_2: &[&str] = &[
    "e", "a", "in", "er", "o", "an", "el", "is", "un", "ol", "ar", "en", "u", "ith", "ov", "ast",
    "ing", "ell", "ow", "ey", "am", "id", "or", "ent", "ul", "ab", "im", "et", "og", "us",
];
const SYLLABLE_3: &[&str] = &[
    "son", "berg", "ley", "ton", "stein", "ford", "ski", "ova", "mann", "ham", "wood", "field",
    "ing", "er", "ard", "bury", "well", "combe", "ov", "enko", "thorpe", "ridge", "by", "gate",
];

const ADJECTIVES: &[&str] = &[
    "Forgotten",
    "Coldest",
    "Uncertain",
    "Divided",
    "Hidden",
    "Reluctant",
    "Limited",
    "Fragile",
    "Contested",
    "Silent",
    "Unfinished",
    "Bitter",
    "Distant",
    "Armed",
    "Troubled",
    "Improbable",
    "Secret",
    "Broken",
    "Lasting",
    "Dangerous",
    "Quiet",
    "Imperial",
    "Anxious",
    "Unending",
    "Fateful",
    "Precarious",
    "Entangled",
    "Shattered",
    "Northern",
    "Southern",
    "Revolutionary",
    "Strategic",
    "Delicate",
    "Mistaken",
    "Costly",
    "Unwanted",
    "Rival",
    "Restless",
    "Ambiguous",
    "Decisive",
];
const NOUNS: &[&str] = &[
    "Winter",
    "Alliance",
    "Peninsula",
    "Frontier",
    "Partition",
    "Crusade",
    "Bargain",
    "Armistice",
    "Decision",
    "Diplomacy",
    "Intervention",
    "Containment",
    "Revolution",
    "Occupation",
    "Settlement",
    "Stalemate",
    "Escalation",
    "Compromise",
    "Rivalry",
    "Friendship",
    "Brotherhood",
    "Mission",
    "Encounter",
    "Legacy",
    "Gamble",
    "Threshold",
    "Crossroads",
    "Reckoning",
    "Memory",
    "Origins",
    "Empire",
    "Patronage",
    "Dilemma",
    "Illusion",
    "Victory",
    "Defeat",
    "Truce",
    "Borderland",
    "Covenant",
    "Partnership",
];
const TOPICS: &[&str] = &[
    "Diplomacy",
    "War",
    "Intelligence",
    "Propaganda",
    "Nationalism",
    "Communism",
    "Reconstruction",
    "Migration",
    "Memory",
    "Strategy",
    "Trade",
    "Labour",
    "Religion",
    "Education",
    "Famine",
    "Industry",
    "Espionage",
    "Refugees",
    "Aid",
    "Law",
    "Nuclear Policy",
    "Public Opinion",
    "Military Planning",
    "Land Reform",
    "Mobilisation",
    "Decolonisation",
    "Security",
    "Development",
    "Humanitarianism",
    "Censorship",
];
const REGIONS: &[&str] = &[
    "Korea",
    "East Asia",
    "Manchuria",
    "Northeast Asia",
    "the Pacific",
    "China",
    "Japan",
    "the Soviet Union",
    "the United States",
    "Europe",
    "Indochina",
    "the Korean Peninsula",
    "Pyongyang",
    "Seoul",
    "Washington",
    "Moscow",
    "Beijing",
    "Tokyo",
    "the Far East",
    "Asia",
];
const PLACES: &[&str] = &[
    "New York",
    "London",
    "Cambridge",
    "Oxford",
    "Princeton",
    "Stanford",
    "Seoul",
    "Tokyo",
    "Chicago",
    "Ithaca",
    "Berkeley",
    "Washington, DC",
    "Lawrence",
    "Honolulu",
    "Moscow",
];
const PUBLISHERS: &[&str] = &[
    "Norton",
    "Oxford University Press",
    "Princeton University Press",
    "Cambridge University Press",
    "Columbia University Press",
    "Stanford University Press",
    "Cornell University Press",
    "University of California Press",
    "Routledge",
    "Penguin",
    "Macmillan",
    "Hyperion",
    "University of North Carolina Press",
    "Harvard University Press",
    "Yale University Press",
];
const JOURNALS: &[&str] = &[
    "Journal of Cold War Studies",
    "Diplomatic History",
    "International Security",
    "The China Quarterly",
    "Journal of Korean Studies",
    "Cold War History",
    "Journal of Strategic Studies",
    "Pacific Affairs",
    "Modern Asian Studies",
    "Journal of Asian Studies",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WORDS: &[&str] = &[
    "the",
    "war",
    "policy",
    "of",
    "and",
    "in",
    "a",
    "leaders",
    "government",
    "army",
    "that",
    "was",
    "to",
    "their",
    "for",
    "with",
    "it",
    "on",
    "as",
    "by",
    "had",
    "which",
    "not",
    "an",
    "border",
    "officials",
    "decision",
    "Soviet",
    "American",
    "Korean",
    "Chinese",
    "Stalin",
    "Truman",
    "Mao",
    "Kim",
    "Washington",
    "Moscow",
    "Beijing",
    "Seoul",
    "Pyongyang",
    "this",
    "after",
    "before",
    "during",
    "forces",
    "troops",
    "peninsula",
    "agreement",
    "aid",
    "plan",
    "invasion",
    "support",
    "archives",
    "documents",
    "memorandum",
    "considered",
    "believed",
    "argued",
    "feared",
    "demanded",
    "refused",
    "accepted",
    "historians",
    "negotiations",
    "armistice",
    "military",
    "political",
    "economic",
    "strategic",
    "Communist",
    "regime",
    "alliance",
    "tension",
    "conflict",
    "victory",
    "defeat",
    "offensive",
    "retreat",
    "front",
    "north",
    "south",
    "parallel",
    "divisions",
    "conference",
    "envoy",
    "telegram",
    "reply",
    "instructions",
    "approval",
    "request",
    "weapons",
    "supplies",
    "advisers",
    "committee",
];
const ORGS: &[&str] = &[
    "Wilson Center Digital Archive",
    "CIA Reading Room",
    "Truman Library",
    "Foreign Relations of the United States",
    "National Security Archive",
];

/// A work cited in full once, and in short form (or `Ibid.`) afterwards.
struct Work {
    surname: String,
    short_title: String,
}

struct Generator {
    rng: fastrand::Rng,
    works: Vec<Work>,
    text: String,
    next_note: u32,
    chapter: u32,
    page: u32,
    /// Whether the last note cited one work, so that `Ibid.` may follow.
    last_cited: Option<usize>,
}

impl Generator {
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.usize(..list.len())]
    }

    fn surname(&mut self) -> String {
        if self.rng.u8(..100) < 12 {
            return self.pick(COMMON).to_string();
        }
        format!(
            "{}{}{}",
            self.pick(SYLLABLE_1),
            self.pick(SYLLABLE_2),
            self.pick(SYLLABLE_3)
        )
    }

    fn date(&mut self) -> String {
        let day = self.rng.u32(1..=28);
        let month = self.pick(MONTHS);
        let year = self.rng.u32(1945..=1953);
        format!("{day} {month} {year}")
    }

    /// One page: header, body with markers, notes, page number, form feed.
    fn page(&mut self) {
        let notes = self.rng.u32(3..=6);
        if self.next_note + notes > NOTES_PER_CHAPTER {
            self.chapter += 1;
            self.next_note = 1;
        }
        let first = self.next_note;
        self.next_note += notes;
        if self.page.is_multiple_of(2) {
            self.text.push_str("The Origins of the Korean War\n");
        } else {
            let header = format!("CHAPTER {}. THE ORIGINS OF THE CONFLICT\n", self.chapter);
            self.text.push_str(&header);
        }
        self.text.push('\n');
        if first == 1 {
            let heading = format!("Chapter {}\n\n", self.chapter);
            self.text.push_str(&heading);
        }
        let body = self.body(first, notes);
        wrap_into(&mut self.text, &body);
        self.text.push('\n');
        for number in first..first + notes {
            let note = self.note();
            wrap_note_into(&mut self.text, number, &note);
        }
        let footer = format!("\n{}\n\x0c", self.page);
        self.text.push_str(&footer);
        self.page += 1;
    }

    fn sentence(&mut self) -> String {
        let n = self.rng.usize(8..22);
        let mut s = String::new();
        for k in 0..n {
            let mut w = self.pick(WORDS);
            // A sentence ends on a word, not on `a` (read as an initial before a marker).
            while k == n - 1 && w.len() < 4 {
                w = self.pick(WORDS);
            }
            if k == 0 {
                let mut chars = w.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('T');
                s.push(first);
                s.push_str(chars.as_str());
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s
    }

    /// Body paragraphs carrying the markers `first..first + notes`, glued in the ways PDFs
    /// glue them.
    fn body(&mut self, first: u32, notes: u32) -> String {
        let mut body = String::new();
        for number in first..first + notes {
            for _ in 0..self.rng.usize(1..3) {
                body.push_str(&self.sentence());
                body.push_str(". ");
            }
            let s = self.sentence();
            let glued = match self.rng.u8(..4) {
                0 => format!("{s} in {}.{number} ", self.rng.u32(1945..=1953)),
                1 => format!("{s} “{}.”{number} ", self.sentence().to_lowercase()),
                2 => format!("{s},{number} {}. ", self.sentence().to_lowercase()),
                _ => format!("{s}.{number} "),
            };
            body.push_str(&glued);
        }
        body.push_str(&self.sentence());
        body.push('.');
        body
    }

    fn note(&mut self) -> String {
        let roll = self.rng.u8(..100);
        match roll {
            0..=29 => self.full(),
            30..=54 => self.short(),
            55..=66 => match self.last_cited {
                Some(_) if self.rng.bool() => "Ibid.".to_string(),
                Some(_) => format!("Ibid., {}.", self.rng.u32(2..400)),
                None => self.full(),
            },
            67..=76 => self.archival(),
            77..=86 => self.web(),
            _ => {
                // Two citations in one note: `See Short; Full.`
                let short = self.short();
                let full = self.full();
                self.last_cited = None;
                format!("See {}; {}", short.trim_end_matches('.'), full)
            }
        }
    }

    /// A full citation of a new work: a book, an article or a chapter.
    fn full(&mut self) -> String {
        let given = self.pick(GIVEN);
        let surname = self.surname();
        let adjective = self.pick(ADJECTIVES);
        let noun = self.pick(NOUNS);
        let topic = self.pick(TOPICS);
        let region = self.pick(REGIONS);
        let start = self.rng.u32(1900..1950);
        let title = format!(
            "The {adjective} {noun}: {topic} in {region}, {start}–{}",
            start + self.rng.u32(3..40)
        );
        let year = self.rng.u32(1955..2024);
        let page = self.rng.u32(1..600);
        let note = match self.rng.u8(..3) {
            0 => {
                let place = self.pick(PLACES);
                let publisher = self.pick(PUBLISHERS);
                format!("{given} {surname}, {title} ({place}: {publisher}, {year}), {page}.")
            }
            1 => {
                let journal = self.pick(JOURNALS);
                let volume = self.rng.u32(1..40);
                let issue = self.rng.u32(1..5);
                format!(
                    "{given} {surname}, “{title},” {journal} {volume}, no. {issue} ({year}): {page}–{}.",
                    page + self.rng.u32(1..30)
                )
            }
            _ => {
                let editor_given = self.pick(GIVEN);
                let editor = self.surname();
                let book = format!("{} {}", self.pick(ADJECTIVES), self.pick(NOUNS));
                let place = self.pick(PLACES);
                let publisher = self.pick(PUBLISHERS);
                format!(
                    "{given} {surname}, “{title},” in {book}, ed. {editor_given} {editor} ({place}: {publisher}, {year}), {page}."
                )
            }
        };
        self.works.push(Work {
            surname,
            short_title: format!("{adjective} {noun}"),
        });
        self.last_cited = Some(self.works.len() - 1);
        note
    }

    /// A short form of a work cited earlier (one in fifty of a work never cited in full).
    fn short(&mut self) -> String {
        let page = self.rng.u32(1..600);
        if self.works.is_empty() || self.rng.u8(..50) == 0 {
            let surname = self.surname();
            let title = format!("{} {}", self.pick(ADJECTIVES), self.pick(NOUNS));
            self.last_cited = None;
            return format!("{surname}, {title}, {page}.");
        }
        // Mostly recent works, sometimes any earlier one.
        let n = self.works.len();
        let k = if self.rng.bool() {
            n - 1 - self.rng.usize(..n.min(40))
        } else {
            self.rng.usize(..n)
        };
        self.last_cited = Some(k);
        let work = &self.works[k];
        format!("{}, {}, {page}.", work.surname, work.short_title)
    }

    fn archival(&mut self) -> String {
        self.last_cited = None;
        let date = self.date();
        match self.rng.u8(..3) {
            0 => format!(
                "{} to {}, {date}, RGASPI, f. 558, op. 11, d. {}, l. {}–{}.",
                self.surname(),
                self.surname(),
                self.rng.u32(1..400),
                self.rng.u32(1..90),
                self.rng.u32(90..120)
            ),
            1 => format!(
                "Memorandum of conversation, {date}, RG 59, Box {}, National Archives, College Park.",
                self.rng.u32(1000..5000)
            ),
            _ => format!(
                "Central Intelligence Agency, “{} {},” {date}, CIA-RDP78-01617A00{}, CIA Reading Room.",
                self.pick(ADJECTIVES),
                self.pick(NOUNS),
                self.rng.u32(1000..9999)
            ),
        }
    }

    fn web(&mut self) -> String {
        self.last_cited = None;
        let org = self.pick(ORGS);
        let date = self.date();
        let id = self.rng.u32(100_000..200_000);
        let title = format!("{} {}", self.pick(ADJECTIVES), self.pick(NOUNS));
        let accessed = if self.rng.u8(..4) == 0 {
            String::new()
        } else {
            format!(" (accessed {} March 2019)", self.rng.u32(1..=28))
        };
        format!(
            "“{title},” {date}, {org}, https://digitalarchive.wilsoncenter.org/document/{id}{accessed}."
        )
    }
}

/// Append `words` wrapped at [`WIDTH`], each line ending in a line break.
fn wrap_into(out: &mut String, words: &str) {
    let mut line = 0;
    for word in words.split_whitespace() {
        if line > 0 && line + 1 + word.len() > WIDTH {
            out.push('\n');
            line = 0;
        }
        if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.len();
    }
    out.push('\n');
}

/// Append a note, `number` and its text, wrapped at [`WIDTH`].
fn wrap_note_into(out: &mut String, number: u32, note: &str) {
    wrap_into(out, &format!("{number} {note}"));
}
