//! Funnel status: cold lead, warm lead, active client, loyal regular, lost lead.
//!
//! * **loyal regular**: `loyalOrders` (3) or more orders while the lifecycle calls the client
//!   new or active (so a regular is never sleeping or churned), or, when `loyalDays` is
//!   given, recency ≤ `loyalDays`;
//! * **active client**: any other client with orders (orders decide, whatever the status);
//! * **lost lead**: no orders, and the clients-table status says the CRM gave the lead up:
//!   refused, rejected, disqualified, junk or spam, a duplicate, not a target, "closed lost",
//!   or not reachable («нет контакта», «не дозвонились», "no answer"), or it is listed in
//!   `lostStatuses`. A lost lead is neither called as a warm lead nor nurtured as a cold one;
//! * **warm lead**: no orders, and a contact or activity within `warmDays` (90) of `asOf`, or
//!   a status naming a stage in progress (contacted, qualified, meeting, proposal / КП,
//!   negotiation, «в работе», …) or won in the CRM ("closed won", «успешно реализовано»: the
//!   order is not in this file yet, so the lead is worth a call), or listed in `warmStatuses`;
//! * **cold lead**: no orders and nothing of the above: a new, unassigned or not yet contacted
//!   lead, a status listed in `coldStatuses`, or a status naming no stage at all.
//!
//! A status is read by meaning, not by substring: it is folded (case, `ё`→`е`, punctuation,
//! spaces) and split into words; each word or phrase of the `TERMS` table has a meaning as
//! written and one when negated («не», «нет», «без», "not", "no", "never", … within two
//! words of the same clause, and the prefixes `не-`, `без-`, `un-`, `dis-`, `non-`), so
//! "qualified" is warm while "unqualified", «не квалифицирован» and "not interested" are lost,
//! and "not contacted" is cold. The meanings found combine as: lost > not reachable (lost, or
//! cold while the text says the attempts go on: «пока», «ещё», "yet", "attempted",
//! «перезвонить») > won > closed (lost) > warm > cold > a bare «клиент» / "customer" (won).
//! The options' lists, compared with the whole folded text, win over the table.
//!
//! The table test at the end of this file (`STATUSES`) pins the reading of the standard
//! statuses of Bitrix24, amoCRM, HubSpot, Salesforce, Pipedrive, Dynamics 365, 1C:CRM and
//! Megaplan and of hand-typed variants: a change of the vocabulary shows there.

use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::wording::named;
use super::Stage;
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::Error;
use crate::locale::{count, fmt_locale, Lang};
use crate::rules::{fast_lower, Schema};
use serde::{Deserialize, Serialize};

/// Funnel options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct FunnelOptions {
    /// Orders that make a regular. Default 3.
    pub loyal_orders: u32,
    /// A regular's recency must be at most this. Default: none, a regular is a client the
    /// lifecycle calls new or active (its recency within the active window).
    pub loyal_days: Option<u32>,
    /// A lead with contact within this many days is warm. Default 90.
    pub warm_days: u32,
    /// Statuses meaning "warm" (the whole text, compared ignoring case, `ё`/`е`,
    /// punctuation and spaces), whatever the built-in reading says.
    pub warm_statuses: Vec<String>,
    /// Statuses meaning "cold" (compared as `warmStatuses`): not worked yet. A contact within
    /// `warmDays` still makes the lead warm.
    pub cold_statuses: Vec<String>,
    /// Statuses meaning "lost" (compared as `warmStatuses`): refused, disqualified or
    /// unreachable.
    pub lost_statuses: Vec<String>,
}

impl Default for FunnelOptions {
    fn default() -> Self {
        FunnelOptions {
            loyal_orders: 3,
            loyal_days: None,
            warm_days: 90,
            warm_statuses: Vec::new(),
            cold_statuses: Vec::new(),
            lost_statuses: Vec::new(),
        }
    }
}

/// Funnel status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FunnelStatus {
    /// No orders, not worked yet: no recent contact, no status in progress.
    #[default]
    ColdLead,
    /// No orders, a recent contact or a status in progress (or won in the CRM).
    WarmLead,
    /// Has ordered.
    ActiveClient,
    /// Orders regularly.
    LoyalRegular,
    /// No orders, and the CRM's status says refused, disqualified or unreachable.
    LostLead,
}

impl FunnelStatus {
    /// All statuses: the funnel in order, then the leads it lost (a status's code in the
    /// typed column is its position here).
    pub const ALL: [FunnelStatus; 5] = [
        FunnelStatus::ColdLead,
        FunnelStatus::WarmLead,
        FunnelStatus::ActiveClient,
        FunnelStatus::LoyalRegular,
        FunnelStatus::LostLead,
    ];
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            FunnelStatus::ColdLead => "coldLead",
            FunnelStatus::WarmLead => "warmLead",
            FunnelStatus::ActiveClient => "customer",
            FunnelStatus::LoyalRegular => "regularCustomer",
            FunnelStatus::LostLead => "lostLead",
        }
    }
    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, FunnelStatus::ColdLead) => "Cold lead",
            (Lang::En, FunnelStatus::WarmLead) => "Warm lead",
            (Lang::En, FunnelStatus::ActiveClient) => "Customer",
            (Lang::En, FunnelStatus::LoyalRegular) => "Regular customer",
            (Lang::En, FunnelStatus::LostLead) => "Lost lead",
            (Lang::Ru, FunnelStatus::ColdLead) => "Холодный лид",
            (Lang::Ru, FunnelStatus::WarmLead) => "Тёплый лид",
            (Lang::Ru, FunnelStatus::ActiveClient) => "Покупатель",
            (Lang::Ru, FunnelStatus::LoyalRegular) => "Постоянный покупатель",
            (Lang::Ru, FunnelStatus::LostLead) => "Потерянный лид",
        }
    }
}

/// What a clients-table status says about a lead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StatusMeaning {
    /// Names no stage the table knows (read as cold unless a contact date says warm).
    Unknown,
    /// Not worked yet: new, unassigned, not contacted, postponed.
    Cold,
    /// In progress: contacted, qualified, meeting, proposal, negotiation.
    Warm,
    /// Won in the CRM: converted, closed won, paid.
    Won,
    /// Given up: refused, disqualified, junk, duplicate, not reachable, closed lost.
    Lost,
}

/// What one word or phrase of a status says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sense {
    /// Nothing.
    Neutral,
    /// Not worked yet.
    Cold,
    /// In progress.
    Warm,
    /// In progress, with another attempt planned («перезвонить», "follow up").
    Retry,
    /// Won.
    Won,
    /// Already a client (weaker than any stage: «потенциальный клиент» is cold).
    Customer,
    /// Given up.
    Lost,
    /// Not reachable: lost, unless the text says the attempts go on.
    Unreached,
    /// An attempt to reach the lead, not yet a contact ("attempted to contact").
    Attempt,
    /// Closed (lost unless won).
    Closed,
    /// The attempts go on: «пока», «ещё», "yet" (does not end a negation).
    Yet,
}

/// Words or phrases of statuses (`|`-separated alternatives of space-separated folded words;
/// a trailing `*` matches any ending), what they mean as written and what they mean negated.
#[derive(Debug)]
struct Term(&'static str, Sense, Sense);

use Sense::{Attempt, Closed, Cold, Customer, Lost, Neutral, Retry, Unreached, Warm, Won, Yet};

/// The status vocabulary. At each word the longest matching term wins (most words, then
/// the longest pattern), so «потенциальный клиент» is cold although «клиент» is a client.
#[rustfmt::skip]
const TERMS: &[Term] = &[
    // Not worked yet.
    Term("new|нов*|open|открыт*|неразобранн*", Cold, Neutral),
    Term("incoming|inbound|входящ*|inquiry|enquiry|заявк*|обращени*", Cold, Neutral),
    Term("prospect*|nurtur*|прогрев*|обзвон*|cold|холодн*|inactive", Cold, Neutral),
    Term("postpon*|deferred|отлож*|later|позже|пауз*|hold", Cold, Neutral),
    Term("bad timing|not now|не сейчас", Cold, Neutral),
    Term("potential|потенциальн*|potential customer*|potential client*", Cold, Neutral),
    Term("prospective customer*|prospective client*", Cold, Neutral),
    Term("потенциальн* клиент*|потенциальн* покупател*", Cold, Neutral),
    Term("subscri*", Cold, Lost),
    Term("assign*|назнач*|распредел*|ответствен*|responsib*", Cold, Cold),
    // In progress.
    Term("warm|тепл*|hot|горяч*", Warm, Neutral),
    Term("contacted|contacting|звон*|call*", Warm, Cold),
    Term("contact|contacts|контакт*|связ*|connect*|созвон*", Warm, Unreached),
    Term("reach*|answer*|respon*|reply|replied|ответ*|отвеч*|дозвон*", Warm, Unreached),
    Term("доступ*", Neutral, Unreached),
    Term("callback|call back|перезвон*|follow*", Retry, Neutral),
    Term("позвон*", Retry, Cold),
    Term("qualif*|квалиф*|mql|sql|interest*|интерес*|заинтерес*", Warm, Lost),
    Term("need*|потребн*|budget*|бюджет*|fit|target*|целев*", Warm, Lost),
    Term("relevant|релевантн*|актуальн*", Warm, Lost),
    Term("подход*|денег|деньг*", Neutral, Lost),
    Term("engag*|ready|готов*|active|активн*", Warm, Cold),
    Term("work*|работ*|progress*|process*|обработ*", Warm, Cold),
    Term("negotiat*|переговор*|discuss*|обсужд*|decision*|решени*", Warm, Neutral),
    Term("propos*|предложени*|кп|коммерческ*|quot*|offer*", Warm, Neutral),
    Term("meeting*|встреч*|appointment*|booked", Warm, Neutral),
    Term("demo*|демо*|presentation*|презентац*", Warm, Neutral),
    Term("execut*|prepar*|подготов*|document*|документ*|contract*|договор*", Warm, Neutral),
    Term("согласован*|invoice*|счет*|prepay*|предоплат*|payment*|оплат*", Warm, Neutral),
    Term("review*|trial|pilot|пилот*|discover*|opportunit*|open deal|closing", Warm, Neutral),
    Term("уточн*|clarif*|analys*|analyz*|анализ*", Warm, Neutral),
    Term("дума*|consider*|ожида*|ждем|ждет|waiting", Warm, Neutral),
    // Won.
    Term("won|win|convert*|успешн*|реализован*|выигр*|качествен*|quality", Won, Lost),
    Term("оплачен*|paid", Won, Warm),
    Term("signed|подписан*|purchas*|купил*|выполнен*|заказ*|evangelist*", Won, Neutral),
    Term("closed deal|deal closed", Won, Neutral),
    Term("customer*|client*|клиент*|покупател*|заказчик*", Customer, Neutral),
    // Given up.
    Term("lost|lose|loss|потерян*|проигр*|провал*|неудач*|fail*", Lost, Neutral),
    Term("отказ*|отклон*|reject*|declin*|refus*|cancel*|отмен*", Lost, Neutral),
    Term("disqualif*|дисквалиф*|junk|spam|спам|мусор*|trash|garbage|fake|фейк*", Lost, Neutral),
    Term("dead|low quality|poor quality|дубл*|duplicat*|wrong*|invalid|irrelevant", Lost, Neutral),
    Term("некорректн*|неверн*|ошиб*|apology|архив*|archiv*", Lost, Neutral),
    Term("dnc|do not call|do not contact|не звонить|не беспокоить", Lost, Neutral),
    Term("blacklist*|черн* списк*|отписал*|opt* out", Lost, Neutral),
    Term("ушел|ушла|ушли|конкурент*|competitor*|не наш*", Lost, Neutral),
    // Not reachable.
    Term("no show|не удал*|не состоял*|не бер* трубк*|бросил* трубк*|сбросил*", Unreached, Neutral),
    Term("молчит|пропал*|ghost*|switched off|выключен*|вне зоны", Unreached, Neutral),
    Term("attempt*|попытк*", Attempt, Neutral),
    // Closed, and modifiers.
    Term("closed|закрыт*|завершен*", Closed, Neutral),
    Term("yet|пока|еще", Yet, Yet),
];

/// Words negating the next term within two words of the same clause.
const NEGATORS: &str = "не нет без ни невозможно нельзя not no non un dis never without cannot \
    unable impossible can't couldn't didn't doesn't don't isn't wasn't won't hasn't haven't";

/// Prefixes negating the rest of the word when the rest is a term («неквалифицирован»,
/// "unqualified", "non-responsive" written as one word).
const NEGATING_PREFIXES: &[&str] = &["не", "без", "un", "dis", "non"];

/// Folded bytes a status is read from; longer texts are read up to here.
const MAX_BYTES: usize = 256;
/// Words a status is read from.
const MAX_WORDS: usize = 32;

/// A status text folded into words on the stack (no allocation): lowercase, `ё`→`е`,
/// split at anything but letters, digits and apostrophes inside a word. The words are
/// joined by single spaces in `buf`; each remembers whether a punctuation mark other than
/// one hyphen or underscore comes before it (a clause break: «Закрыт - не реализован»).
struct Words {
    buf: [u8; MAX_BYTES],
    len: usize,
    spans: [(u16, u16, bool); MAX_WORDS],
    n: usize,
    truncated: bool,
}

impl Words {
    fn new(text: &str) -> Words {
        let mut w = Words {
            buf: [0; MAX_BYTES],
            len: 0,
            spans: [(0, 0, false); MAX_WORDS],
            n: 0,
            truncated: false,
        };
        // The word being read: where it starts, and whether a clause break precedes it.
        let mut word: Option<(usize, bool)> = None;
        let mut apostrophe = false;
        // The marks between two words: how many, whether one is not a hyphen or an
        // underscore, whether white space is among them.
        let (mut marks, mut hard, mut space) = (0u32, false, false);
        // Whether the last char was a lowercase letter: an uppercase one after it starts a
        // word ("NotInterested", "CallBackLater").
        let mut lower = false;
        for c in text.chars() {
            if is_word_char(c) {
                if lower && is_upper(c) {
                    w.end_word(word.take());
                    apostrophe = false;
                }
                lower = is_lower(c);
                if word.is_none() {
                    if w.n == MAX_WORDS || (w.n > 0 && !w.push(' ')) {
                        w.truncated = true;
                        break;
                    }
                    // One hyphen or underscore joins words ("OPEN_DEAL", «не-целевой»); any
                    // other mark, or a hyphen among spaces ("Closed - Lost"), breaks a clause.
                    let brk = w.n > 0 && marks > 0 && (hard || space || marks > 1);
                    word = Some((w.len, brk));
                    (marks, hard, space) = (0, false, false);
                } else if apostrophe && !w.push('\'') {
                    break;
                }
                apostrophe = false;
                if !w.push_lower(c) {
                    break;
                }
            } else if word.is_some() && !apostrophe && matches!(c, '\'' | '’' | 'ʼ') {
                lower = false;
                // Kept if a letter follows ("didn't"), a mark otherwise ("'new'").
                apostrophe = true;
            } else {
                lower = false;
                w.end_word(word.take());
                if apostrophe {
                    (marks, hard) = (marks + 1, true);
                    apostrophe = false;
                }
                if c.is_whitespace() {
                    space = true;
                } else {
                    marks += 1;
                    hard |= !matches!(c, '-' | '_');
                }
            }
        }
        w.end_word(word);
        w
    }

    /// Appends `c`; false (and truncated) when it does not fit.
    fn push(&mut self, c: char) -> bool {
        let n = c.len_utf8();
        if self.len + n > MAX_BYTES {
            self.truncated = true;
            return false;
        }
        c.encode_utf8(&mut self.buf[self.len..self.len + n]);
        self.len += n;
        true
    }

    fn push_lower(&mut self, c: char) -> bool {
        match fast_lower(c) {
            Some(l) => self.push(l),
            None => c
                .to_lowercase()
                .all(|l| self.push(if l == 'ё' { 'е' } else { l })),
        }
    }

    /// Ends the word being read, if any.
    fn end_word(&mut self, word: Option<(usize, bool)>) {
        if let Some((start, brk)) = word {
            if let Some(span) = self.spans.get_mut(self.n) {
                *span = (start as u16, self.len as u16, brk);
                self.n += 1;
            }
        }
    }

    fn word(&self, i: usize) -> &[u8] {
        let (s, e, _) = self.spans[i];
        &self.buf[s as usize..e as usize]
    }

    /// Whether a clause break comes before word `i`.
    fn breaks_before(&self, i: usize) -> bool {
        self.spans[i].2
    }

    /// The folded text (words joined by single spaces), unless it was too long to read whole.
    fn joined(&self) -> Option<&str> {
        let end = self.spans[..self.n].last().map_or(0, |s| s.1 as usize);
        (!self.truncated)
            .then(|| std::str::from_utf8(&self.buf[..end]).ok())
            .flatten()
    }
}

/// Letters and digits, without the Unicode tables for ASCII and Cyrillic.
#[inline]
fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x400..=0x45F => true,
        _ => c.is_alphanumeric(),
    }
}

/// Uppercase letters, without the Unicode tables for ASCII and Cyrillic.
#[inline]
fn is_upper(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_uppercase(),
        0x400..=0x42F => true,
        0x430..=0x45F => false,
        _ => c.is_uppercase(),
    }
}

/// Lowercase letters, without the Unicode tables for ASCII and Cyrillic.
#[inline]
fn is_lower(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_lowercase(),
        0x400..=0x42F => false,
        0x430..=0x45F => true,
        _ => c.is_lowercase(),
    }
}

/// Whether folded `word` matches `pattern` (a trailing `*` matches any ending).
fn word_matches(word: &[u8], pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(stem) => word.starts_with(stem.as_bytes()),
        None => word == pattern.as_bytes(),
    }
}

/// The words term `t` spans from word `i` on (a phrase does not cross a clause break).
fn term_at(words: &Words, i: usize, t: &Term) -> Option<usize> {
    let mut k = 0;
    for p in t.0.split(' ') {
        let j = i + k;
        if j >= words.n || (k > 0 && words.breaks_before(j)) || !word_matches(words.word(j), p) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// The bytes of the first char of folded text (0 when empty), to index terms by.
fn head(bytes: &[u8]) -> u16 {
    match bytes {
        [] => 0,
        [b, ..] if *b < 0x80 => *b as u16,
        [b, c, ..] => (*b as u16) << 8 | *c as u16,
        [b] => (*b as u16) << 8,
    }
}

/// The `TERMS` table, one alternative a term, indexed by first char once per model: a word
/// is only compared with the terms starting as it does.
#[derive(Debug)]
struct TermIndex {
    /// Terms sorted by their first char.
    terms: Vec<Term>,
    /// Each first char and where its terms start in `terms`.
    heads: Vec<(u16, usize)>,
}

impl TermIndex {
    fn new() -> TermIndex {
        let mut terms: Vec<Term> = TERMS
            .iter()
            .flat_map(|t| t.0.split('|').map(|alt| Term(alt, t.1, t.2)))
            .collect();
        terms.sort_by_key(|t| head(t.0.as_bytes()));
        let mut heads: Vec<(u16, usize)> = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            let h = head(t.0.as_bytes());
            if heads.last().is_none_or(|&(last, _)| last != h) {
                heads.push((h, i));
            }
        }
        TermIndex { terms, heads }
    }

    /// The terms whose first word starts as `word` does.
    fn starting_as(&self, word: &[u8]) -> &[Term] {
        let h = head(word);
        let Ok(k) = self.heads.binary_search_by_key(&h, |&(h, _)| h) else {
            return &[];
        };
        let start = self.heads[k].1;
        let end = self.heads.get(k + 1).map_or(self.terms.len(), |&(_, e)| e);
        self.terms.get(start..end).unwrap_or(&[])
    }

    /// The longest term at word `i`: most words, then the longest pattern.
    fn best_at(&self, words: &Words, i: usize) -> Option<(usize, &Term)> {
        let mut best: Option<(usize, &Term)> = None;
        for t in self.starting_as(words.word(i)) {
            if let Some(k) = term_at(words, i, t) {
                if best.is_none_or(|(bk, bt)| (k, t.0.len()) > (bk, bt.0.len())) {
                    best = Some((k, t));
                }
            }
        }
        best
    }

    /// The one-word term a negating prefix is glued to («неквалифицирован», "unqualified").
    fn glued(&self, word: &[u8]) -> Option<&Term> {
        let rest = NEGATING_PREFIXES
            .iter()
            .find_map(|p| word.strip_prefix(p.as_bytes()).filter(|r| r.len() >= 4))?;
        self.starting_as(rest)
            .iter()
            .filter(|t| t.2 != Neutral && !t.0.contains(' ') && word_matches(rest, t.0))
            .max_by_key(|t| t.0.len())
    }

    /// Reads folded words.
    fn meaning_of(&self, words: &Words) -> StatusMeaning {
        let mut signals = Signals::default();
        // Words left for a pending negation to reach its term.
        let mut negation = 0u8;
        let mut i = 0;
        while i < words.n {
            if words.breaks_before(i) {
                negation = 0;
            }
            if let Some((k, t)) = self.best_at(words, i) {
                signals.add(if negation > 0 { t.2 } else { t.1 });
                if t.1 != Yet {
                    negation = 0;
                }
                i += k;
                continue;
            }
            let w = words.word(i);
            if NEGATORS.split(' ').any(|n| n.as_bytes() == w) {
                negation = 2;
            } else if let Some(t) = self.glued(w) {
                signals.add(if negation > 0 { t.1 } else { t.2 });
                negation = 0;
            } else {
                negation = negation.saturating_sub(1);
            }
            i += 1;
        }
        signals.meaning()
    }
}

/// The senses found in a status.
#[derive(Default)]
struct Signals {
    cold: bool,
    warm: bool,
    won: bool,
    customer: bool,
    lost: bool,
    unreached: bool,
    closed: bool,
    yet: bool,
}

impl Signals {
    fn add(&mut self, s: Sense) {
        match s {
            Neutral => {}
            Cold => self.cold = true,
            Warm => self.warm = true,
            Retry => (self.warm, self.yet) = (true, true),
            Won => self.won = true,
            Customer => self.customer = true,
            Lost => self.lost = true,
            Unreached => self.unreached = true,
            Attempt => (self.unreached, self.yet) = (true, true),
            Closed => self.closed = true,
            Yet => self.yet = true,
        }
    }

    /// Lost > not reachable (lost, or cold while the attempts go on) > won > closed (lost)
    /// > warm > cold > a client.
    fn meaning(&self) -> StatusMeaning {
        if self.lost {
            StatusMeaning::Lost
        } else if self.unreached {
            if self.yet {
                StatusMeaning::Cold
            } else {
                StatusMeaning::Lost
            }
        } else if self.won {
            StatusMeaning::Won
        } else if self.closed {
            StatusMeaning::Lost
        } else if self.warm {
            StatusMeaning::Warm
        } else if self.cold {
            StatusMeaning::Cold
        } else if self.customer {
            StatusMeaning::Won
        } else {
            StatusMeaning::Unknown
        }
    }
}

/// How a status was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct StatusReading {
    /// What it means.
    pub(super) meaning: StatusMeaning,
    /// Whether an option's list said so (rather than the `TERMS` table).
    pub(super) listed: bool,
}

/// The funnel compiled: the options' status lists, folded once, and the `TERMS` table
/// indexed.
#[derive(Debug)]
pub struct FunnelStatuses {
    /// Folded texts and their meanings, sorted by text.
    listed: Vec<(String, StatusMeaning)>,
    terms: TermIndex,
}

impl FunnelStatuses {
    /// Folds the options' lists; a text in two lists is an error.
    fn new(o: &FunnelOptions) -> Result<FunnelStatuses, Error> {
        let lists = [
            ("warmStatuses", &o.warm_statuses, StatusMeaning::Warm),
            ("coldStatuses", &o.cold_statuses, StatusMeaning::Cold),
            ("lostStatuses", &o.lost_statuses, StatusMeaning::Lost),
        ];
        let mut listed: Vec<(String, StatusMeaning, &str, &str)> = Vec::new();
        for (key, texts, meaning) in lists {
            for text in texts {
                let words = Words::new(text);
                let Some(folded) = words.joined() else {
                    return Err(Error::option(format!(
                        "option `funnel`: a status in `{key}` is longer than {MAX_BYTES} bytes"
                    ))
                    .ru(format!(
                        "воронка: статус в `{key}` длиннее {MAX_BYTES} байт"
                    )));
                };
                if !folded.is_empty() {
                    listed.push((folded.to_string(), meaning, key, text));
                }
            }
        }
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        for pair in listed.windows(2) {
            if let [(a, ma, ka, ta), (b, mb, kb, _)] = pair {
                if a == b && ma != mb {
                    return Err(Error::option(format!(
                        "option `funnel`: \"{ta}\" is in both `{ka}` and `{kb}`"
                    ))
                    .ru(format!(
                        "воронка: статус «{ta}» указан и в `{ka}`, и в `{kb}`"
                    )));
                }
            }
        }
        let mut listed: Vec<_> = listed.into_iter().map(|(t, m, _, _)| (t, m)).collect();
        listed.dedup();
        Ok(FunnelStatuses {
            listed,
            terms: TermIndex::new(),
        })
    }

    /// Reads a status: the options' lists first, then the `TERMS` table.
    pub(super) fn read(&self, status: &str) -> StatusReading {
        let words = Words::new(status);
        let listed = words.joined().and_then(|t| {
            self.listed
                .binary_search_by(|(s, _)| s.as_str().cmp(t))
                .ok()
                .map(|i| self.listed[i].1)
        });
        match listed {
            Some(meaning) => StatusReading {
                meaning,
                listed: true,
            },
            None => StatusReading {
                meaning: self.terms.meaning_of(&words),
                listed: false,
            },
        }
    }
}

/// The funnel status of a client.
pub(super) fn funnel(
    o: &FunnelOptions,
    statuses: &FunnelStatuses,
    orders: u32,
    recent: bool,
    days_since_contact: Option<f64>,
    status: Option<&str>,
) -> FunnelStatus {
    if orders > 0 {
        return if orders >= o.loyal_orders && recent {
            FunnelStatus::LoyalRegular
        } else {
            FunnelStatus::ActiveClient
        };
    }
    let meaning = status.map_or(StatusMeaning::Unknown, |s| statuses.read(s).meaning);
    match meaning {
        StatusMeaning::Lost => FunnelStatus::LostLead,
        StatusMeaning::Warm | StatusMeaning::Won => FunnelStatus::WarmLead,
        _ if days_since_contact.is_some_and(|d| d <= o.warm_days as f64) => FunnelStatus::WarmLead,
        _ => FunnelStatus::ColdLead,
    }
}

/// Why a lead without orders has its status: how its status was read, and its last contact.
fn lead_reason(c: &Client<'_>, lang: Lang) -> String {
    let o = &c.engine.catalogue.funnel;
    let mut out = String::from(match lang {
        Lang::Ru => "заказов нет",
        Lang::En => "no orders",
    });
    match c.facts.status.filter(|s| !s.trim().is_empty()) {
        Some(s) => {
            let r = c.engine.compiled.funnel.read(s);
            let meaning = match (lang, r.meaning) {
                (Lang::Ru, StatusMeaning::Lost) => "потерян (отказ, дисквалификация или нет связи)",
                (Lang::Ru, StatusMeaning::Won) => "успешно закрыт в CRM, заказа в данных ещё нет",
                (Lang::Ru, StatusMeaning::Warm) => "в работе",
                (Lang::Ru, StatusMeaning::Cold) => "ещё не в работе",
                (Lang::Ru, StatusMeaning::Unknown) => "стадия не распознана",
                (Lang::En, StatusMeaning::Lost) => "lost (refused, disqualified or unreachable)",
                (Lang::En, StatusMeaning::Won) => "won in the CRM, no order in the data yet",
                (Lang::En, StatusMeaning::Warm) => "in progress",
                (Lang::En, StatusMeaning::Cold) => "not worked yet",
                (Lang::En, StatusMeaning::Unknown) => "no stage known",
            };
            let list = match (r.listed, r.meaning, lang) {
                (false, _, _) => "",
                (true, StatusMeaning::Lost, Lang::En) => " (lostStatuses)",
                (true, StatusMeaning::Cold, Lang::En) => " (coldStatuses)",
                (true, _, Lang::En) => " (warmStatuses)",
                (true, StatusMeaning::Lost, Lang::Ru) => " (по списку статусов потерянных лидов)",
                (true, StatusMeaning::Cold, Lang::Ru) => " (по списку статусов холодных лидов)",
                (true, _, Lang::Ru) => " (по списку статусов тёплых лидов)",
            };
            out.push_str(&match lang {
                Lang::Ru => format!("; статус «{s}»: {meaning}{list}"),
                Lang::En => format!("; status \"{s}\": {meaning}{list}"),
            });
            if !matches!(r.meaning, StatusMeaning::Cold | StatusMeaning::Unknown) {
                // The status decides; a contact date would not change it.
                return out;
            }
        }
        None => out.push_str(match lang {
            Lang::Ru => "; статуса нет",
            Lang::En => "; no status",
        }),
    }
    let w = o.warm_days;
    out.push_str(&match (c.facts.days_since_contact, lang) {
        (Some(d), Lang::Ru) => {
            format!(
                "; последний контакт {} дн. назад (тёплый ≤ {w})",
                fmt_locale(d, lang)
            )
        }
        (Some(d), Lang::En) => {
            format!(
                "; last contact {} days ago (warm ≤ {w})",
                fmt_locale(d, lang)
            )
        }
        (None, Lang::Ru) => "; даты контакта нет".into(),
        (None, Lang::En) => "; no contact date".into(),
    });
    out
}

/// The funnel status: the criterion.
pub struct Funnel;

/// The funnel's summary entry.
#[derive(Clone, Debug, Serialize)]
pub struct FunnelSummary {
    /// Funnel statuses.
    pub funnel: Vec<LabelStats>,
}

/// What the scorer returns for the funnel.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunnelScore {
    /// Funnel status key.
    pub funnel: String,
}

impl Criterion for Funnel {
    type Options = FunnelOptions;
    type Fitted = FunnelOptions;
    type Compiled = FunnelStatuses;
    type Label = FunnelStatus;
    type Column = Vec<u8>;
    type Summary = FunnelSummary;
    type Score = FunnelScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::label("funnel", &[])];
    const CSV: &'static [&'static str] = &["funnel"];
    const CODE_BITS: u32 = 3;

    fn validate(o: &FunnelOptions) -> Result<(), Error> {
        FunnelStatuses::new(o).map(|_| ())
    }

    fn fit(o: Option<&FunnelOptions>, _: &Population<'_>) -> Result<FunnelOptions, Error> {
        Ok(o.cloned().unwrap_or_default())
    }

    fn compile(
        o: &mut FunnelOptions,
        _: &Schema,
        _: &mut RuleSet,
    ) -> Result<FunnelStatuses, Error> {
        FunnelStatuses::new(o)
    }

    fn label(c: &Client<'_>, out: &mut FunnelStatus) {
        let f = c.facts;
        let o = &c.engine.catalogue.funnel;
        // Recent enough for a regular: within `loyalDays`, or new or active in the lifecycle
        // (labelled before the funnel).
        let recent = match o.loyal_days {
            Some(days) => f.recency.is_some_and(|r| r <= days as f64),
            None => matches!(c.labels.lifecycle, Stage::New | Stage::Active),
        };
        *out = funnel(
            o,
            &c.engine.compiled.funnel,
            f.orders,
            recent,
            f.days_since_contact,
            f.status,
        );
    }

    fn code(l: &FunnelStatus) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.funnel.name(Lang::En))
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        let f = c.labels.funnel;
        // The former keys and names, before they were renamed apart from the lifecycle's.
        let former = match f {
            FunnelStatus::ActiveClient => ["activeClient", "Active client"],
            FunnelStatus::LoyalRegular => ["loyalRegular", "Loyal regular"],
            _ => ["", ""],
        };
        [f.key(), f.name(Lang::Ru), former[0], former[1]]
            .get(n)
            .copied()
            .filter(|s| !s.is_empty())
    }

    fn value_name(_e: &Engine<'_>, _k: usize, value: &str, lang: Lang) -> Option<String> {
        let names = |f: FunnelStatus| [f.key(), f.name(Lang::En), f.name(Lang::Ru)];
        named(FunnelStatus::ALL, value, names).map(|f| f.name(lang).to_string())
    }

    fn push(col: &mut Vec<u8>, l: &FunnelStatus) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut FunnelStatus) {
        *out = FunnelStatus::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let o = &c.engine.catalogue.funnel;
        let orders = c.facts.orders;
        let n = o.loyal_orders;
        let stage = c.labels.lifecycle.name(lang);
        let orders_n = count(
            orders as u64,
            lang,
            ["order", "orders"],
            ["заказ", "заказа", "заказов"],
        );
        let reason = match (orders, o.loyal_days, lang) {
            (0, _, _) => lead_reason(c, lang),
            (_, Some(days), Lang::Ru) => format!(
                "{}; постоянный — от {n} заказов при давности ≤ {days}",
                orders_n
            ),
            (_, Some(days), Lang::En) => format!(
                "{}; a regular has ≥ {n} orders and recency ≤ {days}",
                orders_n
            ),
            (_, None, Lang::Ru) => format!(
                "{}, этап «{stage}»; постоянный — от {n} заказов, пока клиент новый или активный",
                orders_n
            ),
            (_, None, Lang::En) => format!(
                "{}, stage {stage}; a regular has ≥ {n} orders while new or active",
                orders_n
            ),
        };
        out.labels.push(ExplainedLabel {
            criterion: "funnel",
            value: c.labels.funnel.name(lang).into(),
            reason,
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.funnel.name(lang));
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("funnel", &cols.funnel);
        let keys: Vec<&str> = FunnelStatus::ALL.iter().map(|s| s.key()).collect();
        let names: Vec<&str> = FunnelStatus::ALL.iter().map(|s| s.name(lang)).collect();
        sink.names("funnelKeys", &keys);
        sink.names("funnelNames", &names);
    }

    fn summary(_: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, lang: Lang) -> FunnelSummary {
        let legend = FunnelStatus::ALL.iter().map(|s| (s.key(), s.name(lang)));
        FunnelSummary {
            funnel: t.labels(legend, Among::All, |i| cols.funnel[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> FunnelScore {
        FunnelScore {
            funnel: c.labels.funnel.key().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StatusMeaning as M;

    /// Common CRM statuses and the meaning each must get. Sources: the standard stages of
    /// Bitrix24 (leads: «Не обработан» … «Качественный лид» / «Некачественный лид», codes
    /// `IN_PROCESS`, `CONVERTED`, `JUNK`; deals: «Новая» … «Сделка успешна» / «Сделка
    /// провалена», codes `PREPAYMENT_INVOICE`, `WON`, `LOSE`, `APOLOGY`), amoCRM / Kommo
    /// («Неразобранное» … «Успешно реализовано» / «Закрыто и не реализовано»), HubSpot (lead
    /// status `NEW` … `BAD_TIMING`, lifecycle and deal stages), Salesforce (lead status and
    /// opportunity stages), Pipedrive (default pipeline), Zoho CRM (lead status), Dynamics
    /// 365 (status reasons), 1C:CRM and Megaplan, then hand-typed variants.
    const STATUSES: &[(&str, StatusMeaning)] = &[
        // What a substring match of warm words read as warm.
        ("unqualified", M::Lost),
        ("disqualified", M::Lost),
        ("не квалифицирован", M::Lost),
        ("нет контакта", M::Lost),
        ("отклонил предложение", M::Lost),
        // Bitrix24 leads.
        ("Не обработан", M::Cold),
        ("Назначение ответственного", M::Cold),
        ("В работе", M::Warm),
        ("Обработан", M::Warm),
        ("Качественный лид", M::Won),
        ("Некачественный лид", M::Lost),
        ("Not processed", M::Cold),
        ("Unassigned", M::Cold),
        ("In progress", M::Warm),
        ("Junk lead", M::Lost),
        ("Low quality lead", M::Lost),
        ("IN_PROCESS", M::Warm),
        ("PROCESSED", M::Warm),
        ("CONVERTED", M::Won),
        ("JUNK", M::Lost),
        ("Уточнение информации", M::Warm),
        ("Clarifying information", M::Warm),
        // Bitrix24 deals.
        ("Новая", M::Cold),
        ("Подготовка документов", M::Warm),
        ("Счёт на предоплату", M::Warm),
        ("Финальный счёт", M::Warm),
        ("Сделка успешна", M::Won),
        ("Сделка провалена", M::Lost),
        ("Анализ причины провала", M::Lost),
        ("PREPAYMENT_INVOICE", M::Warm),
        ("EXECUTING", M::Warm),
        ("WON", M::Won),
        ("LOSE", M::Lost),
        ("APOLOGY", M::Lost),
        // amoCRM / Kommo.
        ("Неразобранное", M::Cold),
        ("Первичный контакт", M::Warm),
        ("Переговоры", M::Warm),
        ("Принимают решение", M::Warm),
        ("Согласование договора", M::Warm),
        ("Успешно реализовано", M::Won),
        ("Закрыто и не реализовано", M::Lost),
        ("Incoming leads", M::Cold),
        ("Initial contact", M::Warm),
        ("Discussions", M::Warm),
        ("Decision making", M::Warm),
        ("Contract discussion", M::Warm),
        ("Closed - won", M::Won),
        ("Closed - lost", M::Lost),
        // HubSpot lead status, as shown and as exported.
        ("New", M::Cold),
        ("Open", M::Cold),
        ("In Progress", M::Warm),
        ("Open Deal", M::Warm),
        ("Unqualified", M::Lost),
        ("Attempted to Contact", M::Cold),
        ("Connected", M::Warm),
        ("Bad Timing", M::Cold),
        ("ATTEMPTED_TO_CONTACT", M::Cold),
        ("OPEN_DEAL", M::Warm),
        ("BAD_TIMING", M::Cold),
        // HubSpot lifecycle and deal stages.
        ("Subscriber", M::Cold),
        ("Marketing qualified lead", M::Warm),
        ("Sales Qualified Lead", M::Warm),
        ("MQL", M::Warm),
        ("Opportunity", M::Warm),
        ("Customer", M::Won),
        ("Evangelist", M::Won),
        ("Other", M::Unknown),
        ("Appointment scheduled", M::Warm),
        ("Qualified to buy", M::Warm),
        ("Presentation scheduled", M::Warm),
        ("Decision maker bought-in", M::Warm),
        ("Contract sent", M::Warm),
        ("Closed won", M::Won),
        ("Closed lost", M::Lost),
        // Salesforce lead status and opportunity stages.
        ("Open - Not Contacted", M::Cold),
        ("Working - Contacted", M::Warm),
        ("Closed - Converted", M::Won),
        ("Closed - Not Converted", M::Lost),
        ("Prospecting", M::Cold),
        ("Qualification", M::Warm),
        ("Needs Analysis", M::Warm),
        ("Value Proposition", M::Warm),
        ("Id. Decision Makers", M::Warm),
        ("Perception Analysis", M::Warm),
        ("Proposal/Price Quote", M::Warm),
        ("Negotiation/Review", M::Warm),
        // Pipedrive.
        ("Lead In", M::Unknown),
        ("Contact Made", M::Warm),
        ("Needs Defined", M::Warm),
        ("Proposal Made", M::Warm),
        ("Negotiations Started", M::Warm),
        ("Won", M::Won),
        ("Lost", M::Lost),
        ("Hot", M::Warm),
        ("Cold", M::Cold),
        // Zoho CRM lead status.
        ("Not Contacted", M::Cold),
        ("Contacted", M::Warm),
        ("Pre-Qualified", M::Warm),
        ("Contact in Future", M::Warm),
        ("Junk Lead", M::Lost),
        ("Lost Lead", M::Lost),
        // Dynamics 365 status reasons.
        ("Cannot contact", M::Lost),
        ("No longer interested", M::Lost),
        ("Canceled", M::Lost),
        ("Not qualified", M::Lost),
        // 1C:CRM and Megaplan.
        ("Выявление потребностей", M::Warm),
        ("Коммерческое предложение", M::Warm),
        ("Выиграно", M::Won),
        ("Проиграно", M::Lost),
        ("Отказ", M::Lost),
        ("Завершена успешно", M::Won),
        ("Завершена неудачно", M::Lost),
        ("Отложена", M::Cold),
        // Negated: a warm word under «не», "not", un-, dis-, non- is not warm.
        ("Не заинтересован", M::Lost),
        ("незаинтересован", M::Lost),
        ("not interested", M::Lost),
        ("Нет потребности", M::Lost),
        ("нет бюджета", M::Lost),
        ("не целевой", M::Lost),
        ("нецелевой", M::Lost),
        ("Non-target", M::Lost),
        ("Dis-qualified", M::Lost),
        ("not a fit", M::Lost),
        ("неактуально", M::Lost),
        ("Не подходит", M::Lost),
        ("Нет денег", M::Lost),
        ("Не позвонили", M::Cold),
        ("not contacted", M::Cold),
        ("uncontacted", M::Cold),
        ("Не звонили", M::Cold),
        ("не в работе", M::Cold),
        ("Не готов", M::Cold),
        // Not reachable: lost, unless the attempts go on.
        ("не дозвонились", M::Lost),
        ("недозвон", M::Lost),
        ("не отвечает", M::Lost),
        ("Клиент не отвечает", M::Lost),
        ("No answer", M::Lost),
        ("didn't answer", M::Lost),
        ("unresponsive", M::Lost),
        ("абонент недоступен", M::Lost),
        ("Вне зоны доступа", M::Lost),
        ("Бросил трубку", M::Lost),
        ("не удалось связаться", M::Lost),
        ("невозможно дозвониться", M::Lost),
        ("No answer yet", M::Cold),
        ("Not yet contacted", M::Cold),
        ("Пока не дозвонились", M::Cold),
        ("Ещё не связались", M::Cold),
        ("Недозвон, перезвонить позже", M::Cold),
        ("1 попытка дозвона", M::Cold),
        // Codes written in camel case.
        ("NotInterested", M::Lost),
        ("NotAnswered", M::Lost),
        ("WrongNumber", M::Lost),
        ("SwitchedOff", M::Lost),
        ("CallBackLater", M::Warm),
        ("Interested", M::Warm),
        // Given up, hand-typed.
        ("Спам", M::Lost),
        ("Дубль", M::Lost),
        ("duplicate", M::Lost),
        ("Не звонить", M::Lost),
        ("Do not call", M::Lost),
        ("wrong number", M::Lost),
        ("Клиент отказался", M::Lost),
        ("Отказ: дорого", M::Lost),
        ("Ушёл к конкуренту", M::Lost),
        ("В архиве", M::Lost),
        ("Закрыт", M::Lost),
        ("rejected", M::Lost),
        ("Declined", M::Lost),
        ("unsubscribed", M::Lost),
        // Case, ё/е, punctuation and spaces.
        ("Тёплый", M::Warm),
        ("ТЁПЛЫЙ!!!", M::Warm),
        ("теплый", M::Warm),
        ("contacted.", M::Warm),
        ("  in   PROGRESS  ", M::Warm),
        ("«Квалифицирован»", M::Warm),
        ("'qualified'", M::Warm),
        // In progress or not yet worked, hand-typed.
        ("Горячий", M::Warm),
        ("Холодный", M::Cold),
        ("КП отправлено", M::Warm),
        ("кп отправлено, ждём ответа", M::Warm),
        ("Перезвонить", M::Warm),
        ("Call back later", M::Warm),
        ("Встреча назначена", M::Warm),
        ("Думает", M::Warm),
        ("Оплачено", M::Won),
        ("Договор подписан", M::Won),
        ("Потенциальный клиент", M::Cold),
        ("Новый лид", M::Cold),
        ("Новая заявка с сайта", M::Cold),
        ("Заказ оформлен", M::Won),
        ("Позвонить ещё раз", M::Warm),
        ("Созвонились", M::Warm),
        ("В обзвон", M::Cold),
        ("Assigning responsible person", M::Cold),
        // None of these.
        ("", M::Unknown),
        ("—", M::Unknown),
        ("N/A", M::Unknown),
        ("Не указан", M::Unknown),
        ("Нет", M::Unknown),
        ("Лид", M::Unknown),
        ("lead", M::Unknown),
        ("Москва", M::Unknown),
        ("12345", M::Unknown),
        ("не спам", M::Unknown),
    ];

    #[test]
    fn status_table() {
        let statuses = FunnelStatuses::new(&FunnelOptions::default()).unwrap();
        let wrong: Vec<String> = STATUSES
            .iter()
            .filter_map(|&(text, want)| {
                let got = statuses.read(text).meaning;
                (got != want).then(|| format!("{text:?}: {got:?}, want {want:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        assert!(STATUSES.len() >= 150, "{}", STATUSES.len());
    }

    #[test]
    fn terms_are_written_folded() {
        let folded = |w: &str| {
            let words = Words::new(w);
            words.n == 1 && words.word(0) == w.as_bytes()
        };
        for t in TERMS.iter().flat_map(|t| t.0.split('|')) {
            for w in t.split(' ') {
                let stem = w.strip_suffix('*').unwrap_or(w);
                assert!(!stem.is_empty() && folded(stem), "term {t:?}");
            }
        }
        for w in NEGATORS.split(' ').chain(NEGATING_PREFIXES.iter().copied()) {
            assert!(folded(w), "negation {w:?}");
        }
    }

    #[test]
    fn words_table() {
        // text, folded words joined, words after a clause break
        let cases: &[(&str, &str, &[usize])] = &[
            ("Closed - Lost", "closed lost", &[1]),
            ("Closed-Lost", "closed lost", &[]),
            ("OPEN_DEAL", "open deal", &[]),
            ("Отказ:  дорого", "отказ дорого", &[1]),
            ("  Ёлка\u{a0}ЗЕЛЁНАЯ ", "елка зеленая", &[]),
            ("didn’t answer", "didn't answer", &[]),
            ("'new'", "new", &[]),
            ("NotInterested", "not interested", &[]),
            ("MQL", "mql", &[]),
            ("КлиентОтказ", "клиент отказ", &[]),
            ("КП, потом (звонок)", "кп потом звонок", &[1, 2]),
            ("", "", &[]),
        ];
        for &(text, joined, breaks) in cases {
            let w = Words::new(text);
            assert_eq!(w.joined(), Some(joined), "{text:?}");
            let got: Vec<usize> = (0..w.n).filter(|&i| w.breaks_before(i)).collect();
            assert_eq!(got, breaks, "{text:?}");
        }
        let long = "слово ".repeat(100);
        let w = Words::new(&long);
        assert_eq!(w.joined(), None);
        assert!(w.n > 0);
    }

    #[test]
    fn funnel_table() {
        let o = FunnelOptions::default();
        let s = FunnelStatuses::new(&o).unwrap();
        use FunnelStatus::*;
        let cases = [
            (5, Some(10.0), None, None, LoyalRegular),
            (5, Some(400.0), None, None, ActiveClient),
            (1, Some(1.0), None, None, ActiveClient),
            // Orders decide, whatever the status says.
            (1, Some(1.0), None, Some("Отказ"), ActiveClient),
            (0, None, Some(10.0), None, WarmLead),
            (0, None, Some(100.0), None, ColdLead),
            (0, None, None, Some("В работе"), WarmLead),
            (0, None, None, Some("Тёплый"), WarmLead),
            (0, None, None, Some("new"), ColdLead),
            // A recent contact makes a new or unknown status warm, not a lost one.
            (0, None, Some(10.0), Some("new"), WarmLead),
            (0, None, Some(10.0), Some("что-то своё"), WarmLead),
            (0, None, Some(100.0), Some("что-то своё"), ColdLead),
            (0, None, Some(10.0), Some("Отказ"), LostLead),
            (0, None, None, Some("unqualified"), LostLead),
            (0, None, None, Some("нет контакта"), LostLead),
            // Won in the CRM without an order here: worth a call.
            (0, None, None, Some("Closed won"), WarmLead),
        ];
        for (orders, rec, contact, status, want) in cases {
            assert_eq!(
                funnel(
                    &o,
                    &s,
                    orders,
                    rec.is_some_and(|r| r <= 180.0),
                    contact,
                    status
                ),
                want,
                "{orders} {contact:?} {status:?}"
            );
        }
    }

    #[test]
    fn option_lists_win_over_the_table() {
        let o: FunnelOptions = serde_json::from_str(
            r#"{"warmStatuses": ["Спящий"], "coldStatuses": ["В работе (бот)"],
                "lostStatuses": ["Бронза", "не звонить"]}"#,
        )
        .unwrap();
        let s = FunnelStatuses::new(&o).unwrap();
        let cases = [
            ("спящий", M::Warm, true),
            ("СПЯЩИЙ.", M::Warm, true),
            ("спящий клиент", M::Won, false),
            ("в  работе, бот", M::Cold, true),
            ("В работе", M::Warm, false),
            ("бронза", M::Lost, true),
            ("Не звонить!", M::Lost, true),
        ];
        for (text, meaning, listed) in cases {
            assert_eq!(s.read(text), StatusReading { meaning, listed }, "{text:?}");
        }
        let both: FunnelOptions =
            serde_json::from_str(r#"{"warmStatuses": ["Думает"], "lostStatuses": ["думает!"]}"#)
                .unwrap();
        let err = Funnel::validate(&both).unwrap_err().to_string();
        assert!(err.contains("`warmStatuses` and `lostStatuses`"), "{err}");
        assert!(serde_json::from_str::<FunnelOptions>(r#"{"lostStatus": []}"#).is_err());
    }

    #[test]
    fn explanations_table() {
        let orders = "client,date,amount\nbuyer,2024-06-01,100\n";
        let clients = "client_id,status,last_contact\nbuyer,Отказ,\n\
            lost,Не квалифицирован,2024-06-20\nrecent,new,2024-06-20\nsilent,,\n\
            won,Closed won,\nlisted,Думает,\n";
        let cases = [
            ("buyer", "Customer", "1 order, stage Churned; a regular has ≥ 3 orders while new or active"),
            ("lost", "Lost lead", "no orders; status \"Не квалифицирован\": lost (refused, disqualified or unreachable)"),
            ("recent", "Warm lead", "no orders; status \"new\": not worked yet; last contact 10 days ago (warm ≤ 90)"),
            ("silent", "Cold lead", "no orders; no status; no contact date"),
            ("won", "Warm lead", "no orders; status \"Closed won\": won in the CRM, no order in the data yet"),
            ("listed", "Cold lead", "no orders; status \"Думает\": not worked yet (coldStatuses); no contact date"),
        ];
        let opts = crate::Options::from_json(
            r#"{"asOf": "2024-06-30", "funnel": {"coldStatuses": ["думает"]}}"#,
        )
        .unwrap();
        let r = crate::analyze_with_clients(orders.as_bytes(), Some(clients.as_bytes()), &opts)
            .unwrap();
        for (id, value, reason) in cases {
            let e = r
                .explain(id)
                .unwrap_or_else(|| panic!("{id} is not in the report"));
            let f = e.labels.iter().find(|l| l.criterion == "funnel").unwrap();
            assert_eq!(
                (f.value.as_str(), f.reason.as_str()),
                (value, reason),
                "{id}"
            );
        }
    }
}
