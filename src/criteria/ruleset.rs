//! The compiled rules of the catalogue (rule segments, plays) and the evaluation of those
//! that read only labels once per combination of labels.

use super::fields::RuleSchema;
use super::Client;
use crate::rules::Compiled;
use std::cell::RefCell;

/// Rules that read only labels, at most: their results fit one `u128` per combination.
const MAX_CATEGORICAL: usize = 128;

/// Every compiled rule of the catalogue, by id.
pub struct RuleSet {
    rules: Vec<Compiled>,
    /// Per rule: its bit among the label-only rules.
    slot: Vec<Option<u8>>,
    /// Label-only rules, by bit.
    categorical: Vec<usize>,
    /// Per schema field: whether it follows from the labels alone.
    label_only: Vec<bool>,
    /// Results of the label-only rules per combination of labels.
    cache: RefCell<hashbrown::HashMap<u64, u128>>,
}

impl RuleSet {
    /// An empty set for rules over `schema`.
    pub(crate) fn new(schema: &RuleSchema) -> RuleSet {
        RuleSet {
            rules: Vec::new(),
            slot: Vec::new(),
            categorical: Vec::new(),
            label_only: (0..schema.schema.len())
                .map(|i| schema.is_label(i))
                .collect(),
            cache: Default::default(),
        }
    }

    /// Adds a compiled rule; its id.
    pub fn add(&mut self, rule: Compiled) -> usize {
        let id = self.rules.len();
        let labels_only = rule
            .fields_used()
            .iter()
            .all(|f| self.label_only.get(*f).copied().unwrap_or(false));
        let slot = (labels_only && self.categorical.len() < MAX_CATEGORICAL).then(|| {
            self.categorical.push(id);
            (self.categorical.len() - 1) as u8
        });
        self.rules.push(rule);
        self.slot.push(slot);
        id
    }

    /// Whether rule `id` holds for the client.
    pub fn matches(&self, id: usize, c: &Client<'_>) -> bool {
        match self.slot[id] {
            Some(k) => {
                let bits = match c.bits.get() {
                    Some(b) => b,
                    None => {
                        let b = self.categorical_bits(c);
                        c.bits.set(Some(b));
                        b
                    }
                };
                bits & (1 << k) != 0
            }
            None => self.rules[id].eval(c),
        }
    }

    /// The results of every label-only rule for the client's labels.
    fn categorical_bits(&self, c: &Client<'_>) -> u128 {
        let key = c.engine.label_key(c.labels);
        let mut cache = self.cache.borrow_mut();
        if cache.len() > 1 << 16 {
            cache.clear();
        }
        *cache.entry(key).or_insert_with(|| {
            self.categorical
                .iter()
                .enumerate()
                .filter(|(_, &id)| self.rules[id].eval(c))
                .fold(0u128, |bits, (k, _)| bits | 1 << k)
        })
    }
}
