//! The package's TypeScript declarations (`src/wasm/types.d.ts`) checked against the Rust
//! types, so they cannot drift: every value the module returns (summaries, audits, models,
//! explanations, scores, sniffs, presets, columns) is read on real files and must conform to
//! its declared type, with no key missing or undeclared; every option, CSV option and
//! client input key the Rust side accepts is declared, and every declared one accepted.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::criteria::ColumnSink;
use segmenta::{analyze_with_clients, ClientInput, CsvOptions, Options, Scorer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const DTS: &str = include_str!("../src/wasm/types.d.ts");
const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

// ------------------------------------------------------------------ a small TypeScript reader

/// A TypeScript type, as far as the declarations use them.
#[derive(Clone, Debug)]
enum Ty {
    Prim(&'static str),
    Lit(String),
    Union(Vec<Ty>),
    Array(Box<Ty>),
    Tuple(Vec<Ty>),
    Object(Vec<Member>),
    Named(String, Vec<Ty>),
}

#[derive(Clone, Debug)]
struct Member {
    name: String,
    optional: bool,
    ty: Ty,
}

/// Tokens: identifiers, string literals, numbers and punctuation; comments dropped.
fn tokens(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if ch == '"' {
            let mut s = String::from("\"");
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                    s.push(match c[i] {
                        't' => '\t',
                        'n' => '\n',
                        x => x,
                    });
                } else {
                    s.push(c[i]);
                }
                i += 1;
            }
            i += 1;
            out.push(s);
        } else if ch.is_alphanumeric() || ch == '_' || ch == '$' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '$') {
                i += 1;
            }
            out.push(c[start..i].iter().collect());
        } else {
            out.push(ch.to_string());
            i += 1;
        }
    }
    out
}

struct Parser {
    t: Vec<String>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> &str {
        self.t.get(self.i).map_or("", String::as_str)
    }

    fn next(&mut self) -> String {
        self.i += 1;
        self.t[self.i - 1].clone()
    }

    fn eat(&mut self, s: &str) -> bool {
        let ok = self.peek() == s;
        if ok {
            self.i += 1;
        }
        ok
    }

    fn expect(&mut self, s: &str) {
        assert!(
            self.eat(s),
            "expected {s:?} at {:?}",
            &self.t[self.i..self.i + 5]
        );
    }

    fn union(&mut self) -> Ty {
        self.eat("|");
        let mut alts = vec![self.postfix()];
        while self.eat("|") {
            alts.push(self.postfix());
        }
        if alts.len() == 1 {
            alts.pop().unwrap()
        } else {
            Ty::Union(alts)
        }
    }

    fn postfix(&mut self) -> Ty {
        let mut ty = self.primary();
        while self.peek() == "[" && self.t.get(self.i + 1).map(String::as_str) == Some("]") {
            self.i += 2;
            ty = Ty::Array(Box::new(ty));
        }
        ty
    }

    fn primary(&mut self) -> Ty {
        let tok = self.next();
        match tok.as_str() {
            "(" => {
                let t = self.union();
                self.expect(")");
                t
            }
            "{" => Ty::Object(self.members()),
            "[" => {
                let mut items = Vec::new();
                while !self.eat("]") {
                    items.push(self.union());
                    self.eat(",");
                }
                Ty::Tuple(items)
            }
            "string" => Ty::Prim("string"),
            "number" => Ty::Prim("number"),
            "boolean" => Ty::Prim("boolean"),
            "null" => Ty::Prim("null"),
            "undefined" => Ty::Prim("undefined"),
            "unknown" => Ty::Prim("unknown"),
            s if s.starts_with('"') => Ty::Lit(s[1..].to_string()),
            name => {
                let mut args = Vec::new();
                if self.eat("<") {
                    while !self.eat(">") {
                        args.push(self.union());
                        self.eat(",");
                    }
                }
                Ty::Named(name.to_string(), args)
            }
        }
    }

    /// Members up to the closing brace.
    fn members(&mut self) -> Vec<Member> {
        let mut out = Vec::new();
        while !self.eat("}") {
            let name = self.next();
            let optional = self.eat("?");
            self.expect(":");
            let ty = self.union();
            self.eat(";");
            self.eat(",");
            out.push(Member { name, optional, ty });
        }
        out
    }
}

/// Every `export type` and `export interface` of the declarations.
fn declarations() -> BTreeMap<String, Ty> {
    let mut p = Parser {
        t: tokens(DTS),
        i: 0,
    };
    let mut out = BTreeMap::new();
    while p.i < p.t.len() {
        p.expect("export");
        match p.next().as_str() {
            "type" => {
                let name = p.next();
                p.expect("=");
                out.insert(name, p.union());
                p.expect(";");
            }
            "interface" => {
                let name = p.next();
                if p.eat("extends") {
                    p.next();
                }
                p.expect("{");
                out.insert(name, Ty::Object(p.members()));
            }
            other => panic!("unexpected {other}"),
        }
    }
    out
}

// ------------------------------------------------------------------ conformance

/// Checks values against the declarations, and records which keys were seen.
struct Checker {
    decls: BTreeMap<String, Ty>,
    /// Whether a `null` may stand for an optional member (options and inputs, where
    /// Rust's `None` is absent for JavaScript).
    input: bool,
    errors: Vec<String>,
    /// (type path, key) of every member present in some value.
    seen: BTreeSet<(String, String)>,
}

impl Checker {
    fn new(input: bool) -> Checker {
        Checker {
            decls: declarations(),
            input,
            errors: Vec::new(),
            seen: BTreeSet::new(),
        }
    }

    fn check(&mut self, v: &Value, name: &str) {
        let ty = Ty::Named(name.to_string(), Vec::new());
        self.conform(v, &ty, name);
    }

    /// Whether `v` conforms (errors of the best attempt are kept).
    fn conform(&mut self, v: &Value, ty: &Ty, path: &str) -> bool {
        let ok = match ty {
            Ty::Prim("string") => v.is_string(),
            Ty::Prim("number") => v.is_number(),
            Ty::Prim("boolean") => v.is_boolean(),
            Ty::Prim("null") => v.is_null(),
            Ty::Prim("unknown") => true,
            Ty::Prim(_) => false,
            Ty::Lit(s) => v.as_str() == Some(s),
            Ty::Union(alts) => {
                let before = self.errors.len();
                let ok = alts.iter().any(|a| {
                    let mark = self.errors.len();
                    let ok = self.conform(v, a, path);
                    if !ok {
                        self.errors.truncate(mark);
                    }
                    ok
                });
                self.errors.truncate(before);
                ok
            }
            Ty::Array(t) => match v.as_array() {
                Some(items) => items
                    .iter()
                    .enumerate()
                    .all(|(i, x)| self.conform(x, t, &format!("{path}[{i}]"))),
                None => false,
            },
            Ty::Tuple(ts) => match v.as_array() {
                Some(items) if items.len() == ts.len() => {
                    items.iter().zip(ts).all(|(x, t)| self.conform(x, t, path))
                }
                _ => false,
            },
            Ty::Object(members) => return self.object(v, members, path),
            Ty::Named(name, args) => return self.named(v, name, args, path),
        };
        if !ok {
            self.errors.push(format!("{path}: {v} is not {ty:?}"));
        }
        ok
    }

    fn named(&mut self, v: &Value, name: &str, args: &[Ty], path: &str) -> bool {
        match (name, args) {
            ("IsoDate", _) => self.conform(v, &Ty::Prim("string"), path),
            ("Record", [_, t]) => match v.as_object() {
                Some(m) => m.values().all(|x| self.conform(x, t, path)),
                None => false,
            },
            _ => match self.decls.get(name).cloned() {
                Some(ty) => self.conform(v, &ty, name),
                None => {
                    self.errors
                        .push(format!("{path}: type {name} is not declared"));
                    false
                }
            },
        }
    }

    fn object(&mut self, v: &Value, members: &[Member], path: &str) -> bool {
        let Some(obj) = v.as_object() else {
            self.errors.push(format!("{path}: {v} is not an object"));
            return false;
        };
        let mut ok = true;
        for key in obj.keys() {
            if !members.iter().any(|m| &m.name == key) {
                self.errors
                    .push(format!("{path}: key {key:?} is not declared"));
                ok = false;
            }
        }
        for m in members {
            match obj.get(&m.name) {
                None if m.optional => {}
                None => {
                    self.errors
                        .push(format!("{path}: declared key {:?} is missing", m.name));
                    ok = false;
                }
                Some(Value::Null) if m.optional && self.input => {}
                Some(x) => {
                    self.seen.insert((path.to_string(), m.name.clone()));
                    ok &= self.conform(x, &m.ty, &format!("{path}.{}", m.name));
                }
            }
        }
        ok
    }

    /// Declared members of named interfaces that no checked value had.
    fn unseen(&self, interfaces: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for name in interfaces {
            if let Some(Ty::Object(members)) = self.decls.get(*name) {
                for m in members {
                    if !self.seen.contains(&(name.to_string(), m.name.clone())) {
                        out.push(format!("{name}.{}", m.name));
                    }
                }
            }
        }
        out
    }

    fn assert_clean(&self) {
        assert!(self.errors.is_empty(), "{}", self.errors.join("\n"));
    }
}

fn json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

// ------------------------------------------------------------------ the values

fn cdnow_clients() -> Vec<u8> {
    let r = segmenta::analyze(CDNOW, &Options::default()).unwrap();
    let ids: Vec<&str> = (0..r.len()).map(|i| r.ids().get(i)).collect();
    segmenta::sample::clients_for(&ids, 300, 7)
}

/// Options that use every kind of option there is.
const EVERYTHING: &str = r#"{
  "lang": "ru", "bins": 4, "direction": "oneIsBest", "monetary": "average",
  "thresholds": {"recency": [30, 90, 180], "frequency": [2, 3, 5], "monetary": [10, 50, 100]},
  "segments": [{"key": "best", "name": "Best", "nameRu": "Лучшие", "description": "d",
                "descriptionRu": "о", "r": [1, 2], "f": 1, "m": [1, 4]}],
  "ruleSegments": [{"name": "Slipping", "nameRu": "Ускользают", "description": "x",
                    "rule": "recency_days > 60"},
                   {"name": "B2B", "rule": {"cmp": {"field": "type", "op": "==", "value": "B2B"}}}],
  "points": {"parameters": [{"field": "frequency", "label": "F", "labelRu": "Ч", "weight": 2,
                             "ranges": [{"min": 5, "max": 100, "points": 40}], "default": 1},
                            {"field": "type", "categories": [{"values": ["B2B"], "points": 10}]}],
             "tiers": [{"key": "a", "name": "A", "nameRu": "А", "min": 0}, {"name": "B", "min": 30}]},
  "playbook": [{"key": "call", "when": "frequency > 3", "channel": "call", "priority": 1,
                "offer": "Call", "offerRu": "Звонок", "message": "{client}", "messageRu": "{client}"}],
  "lifecycle": {"relative": true, "newDays": 45, "sleepDays": 40, "churnDays": 200,
                "sleepFactor": 2.5, "churnFactor": 7},
  "valueTiers": {"by": "average", "method": "quantile", "vipShare": 0.05, "middleShare": 0.3},
  "funnel": {"loyalOrders": 2, "loyalDays": 200, "warmDays": 60, "warmStatuses": ["думает"]},
  "xyz": {"period": "quarter", "x": 0.2, "y": 0.5, "minPeriods": 2},
  "abc": {"a": 0.7, "b": 0.9}
}"#;

#[test]
fn returned_values_conform_to_their_declarations() {
    let table = cdnow_clients();
    let mut c = Checker::new(false);
    // The scenarios' files with an events table: behaviour in the summary and explanations.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dynamic");
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).unwrap();
    let ev = segmenta::analyze_with_events(
        &read("orders.csv"),
        Some(&read("clients.csv")),
        &read("events.csv"),
        &Options::from_json(r#"{"asOf":"2024-03-31","playbook":"behaviour"}"#).unwrap(),
    )
    .unwrap();
    c.check(&json(&ev.summary()), "Summary");
    c.check(&json(ev.events_audit().unwrap()), "EventsAudit");
    for i in 0..ev.len() {
        c.check(&json(&ev.explain_row(i)), "Explanation");
    }
    for opts in ["{}", EVERYTHING] {
        let o = Options::from_json(opts).unwrap();
        let r = analyze_with_clients(CDNOW, Some(&table), &o).unwrap();
        c.check(&json(&r.summary()), "Summary");
        c.check(&json(r.audit()), "Audit");
        c.check(&json(r.sniff()), "SniffResult");
        c.check(&json(r.model()), "Model");
        let scorer = Scorer::new(r.model().clone()).unwrap();
        for i in [0, 1, 2, 100, r.len() - 1] {
            c.check(&json(&r.explain_row(i)), "Explanation");
            c.check(&json(&r.score_row(i)), "ScoreResult");
        }
        let lead = ClientInput::default();
        c.check(&json(&scorer.score(&lead).unwrap()), "ScoreResult");
        let dated = segmenta::ScoreOptions {
            as_of: Some("1998-08-01".into()),
            stale_after_days: Some(10),
            event_window: None,
        };
        c.check(
            &json(&scorer.score_with(&lead, &dated).unwrap()),
            "ScoreResult",
        );
    }
    // Rows with every kind of issue, a late format fix and a progress report.
    let messy = "client,date,amount,order\nA,2024-01-05,10,1\nA,2024-01-05,10,1\n,2024-01-06,5,2\nB,2024-13-01,5,3\nB,2024-02-01,-3,4\nC,2024-02-02,x,5\n";
    let r = segmenta::analyze(messy.as_bytes(), &Options::default()).unwrap();
    c.check(&json(r.audit()), "Audit");
    c.check(&json(&r.summary()), "Summary");
    let mut late = String::from("client,date,amount\n");
    for i in 0..20_000 {
        late.push_str(&format!("c{i},0{}/0{}/2024,1\n", 1 + i % 9, 1 + i % 9));
    }
    late.push_str("late,04/25/2024,1\n");
    let mut a = segmenta::Analyzer::new(&Options::default(), None).unwrap();
    a.push(late.as_bytes()).unwrap();
    c.check(&json(&a.progress()), "Progress");
    let updated = segmenta::update(&r, b"D,2024-03-01,7,6\n").unwrap();
    c.check(&json(&updated.update_note().unwrap()), "UpdateNote");
    c.check(&json(&updated.summary()), "Summary");
    let bought =
        "client,date,order_id,category,amount\na,2024-01-05,1,Tea,10\na,2024-01-05,1,Cups,5\n";
    let bought = segmenta::analyze(bought.as_bytes(), &Options::default()).unwrap();
    c.check(&json(&bought.summary()), "Summary");
    c.check(&json(bought.sniff()), "SniffResult");
    assert!(matches!(a.end().unwrap(), segmenta::Outcome::ReadAgain));
    for f in a.fixes() {
        c.check(&json(f), "AppliedFix");
    }
    let csv = std::fs::read("tests/data/cdnow.csv").unwrap();
    let before = Options::from_json(r#"{"asOf": "1998-03-31"}"#).unwrap();
    let before = segmenta::analyze(&csv, &before).unwrap();
    let after = segmenta::analyze(&csv, &Options::default()).unwrap();
    let cmp = segmenta::Report::compare(&before, &after);
    c.check(&json(&cmp.summary()), "ComparisonSummary");
    c.check(&json(&segmenta::criteria::presets(Some(3))), "Presets");
    let loyalty: Vec<segmenta::criteria::AttributeRef> =
        serde_json::from_str(r#"[{"name": "NPS", "type": "number"}, "Покупает у конкурентов"]"#)
            .unwrap();
    let p = json(&segmenta::criteria::presets_with(None, loyalty));
    assert_eq!(
        p["ruleSegments"]["loyalty"].as_array().map(Vec::len),
        Some(3)
    );
    c.check(&p, "Presets");
    // Marks set by hand, on a report with a clients table of tags.
    let (orders, clients) = segmenta::sample::demo(60, "2026-06-30", 3);
    let r = analyze_with_clients(&orders, Some(&clients), &Options::default()).unwrap();
    let first = r.ids().get(0).to_string();
    let r = r
        .assign(&[&first], &segmenta::Mark::tag("Партнёр"))
        .and_then(|r| r.assign(&[&first], &segmenta::Mark::segment("Ключевые")))
        .unwrap();
    c.check(&json(&r.summary()), "Summary");
    c.check(&json(&r.explain_row(0)), "Explanation");
    c.check(&json(&r.manual_marks()), "ManualMarks");
    // Predictions: in an explanation and from the scorer of the model that carries them.
    let predicted = Options::from_json(r#"{"clv":{"backtest":false}}"#).unwrap();
    let r = segmenta::analyze(&csv, &predicted).unwrap();
    c.check(&json(&r.explain_row(0)), "Explanation");
    c.check(&json(r.model()), "Model");
    let scorer = Scorer::new(r.model().clone()).unwrap();
    let buyer: ClientInput = serde_json::from_str(
        r#"{"firstOrderDate":"1997-01-05","lastOrderDate":"1998-03-01","frequency":4,"revenue":120,"firstOrderValue":20}"#,
    )
    .unwrap();
    c.check(&json(&scorer.score(&buyer).unwrap()), "ScoreResult");
    c.assert_clean();
    let unseen = c.unseen(&[
        "Summary",
        "Audit",
        "SniffResult",
        "Model",
        "Explanation",
        "ScoreResult",
        "Presets",
        "ComparisonSummary",
        "ManualMarks",
    ]);
    assert!(unseen.is_empty(), "declared but never returned: {unseen:?}");
}

/// Records the typed columns a report writes.
struct Kinds(BTreeMap<String, &'static str>);

impl ColumnSink for Kinds {
    fn u8s(&mut self, name: &str, _: &[u8]) {
        self.0.insert(name.into(), "Uint8Array");
    }
    fn i16s(&mut self, name: &str, _: &[i16]) {
        self.0.insert(name.into(), "Int16Array");
    }
    fn i32s(&mut self, name: &str, _: &[i32]) {
        self.0.insert(name.into(), "Int32Array");
    }
    fn u32s(&mut self, name: &str, _: &[u32]) {
        self.0.insert(name.into(), "Uint32Array");
    }
    fn f64s(&mut self, name: &str, _: &[f64]) {
        self.0.insert(name.into(), "Float64Array");
    }
    fn names(&mut self, name: &str, _: &[&str]) {
        self.0.insert(name.into(), "string[]");
    }
}

#[test]
fn columns_are_the_declared_typed_arrays() {
    let predicted = Options::from_json(r#"{"clv":{"backtest":false}}"#).unwrap();
    let r = segmenta::analyze(CDNOW, &predicted).unwrap();
    let mut kinds = Kinds(BTreeMap::new());
    kinds.0.insert("length".into(), "number");
    r.write_columns(&mut kinds);
    let Some(Ty::Object(members)) = declarations().get("ClientColumns").cloned() else {
        panic!("ClientColumns is not declared");
    };
    let declared: BTreeMap<String, String> = members
        .iter()
        .map(|m| {
            let t = match &m.ty {
                Ty::Named(n, _) => n.clone(),
                Ty::Prim(p) => p.to_string(),
                Ty::Array(t) if matches!(**t, Ty::Prim("string")) => "string[]".into(),
                other => format!("{other:?}"),
            };
            (m.name.clone(), t)
        })
        .collect();
    let written: BTreeMap<String, String> = kinds
        .0
        .into_iter()
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    assert_eq!(written, declared);
}

/// The keys of a default value, as serde writes them (every field: none is skipped).
fn keys<T: serde::Serialize>(v: &T) -> BTreeSet<String> {
    json(v).as_object().unwrap().keys().cloned().collect()
}

fn declared_keys(name: &str) -> BTreeSet<String> {
    match declarations().get(name) {
        Some(Ty::Object(members)) => members.iter().map(|m| m.name.clone()).collect(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn accepted_inputs_are_the_declared_ones() {
    assert_eq!(keys(&Options::default()), declared_keys("AnalyzeOptions"));
    assert_eq!(keys(&CsvOptions::default()), declared_keys("CsvOptions"));
    assert_eq!(keys(&ClientInput::default()), declared_keys("ClientInput"));
    assert_eq!(
        keys(&segmenta::ScoreOptions::default()),
        declared_keys("ScoreOptions")
    );
    // A value using every option conforms, nested options included.
    let mut c = Checker::new(true);
    let everything = Options::from_json(EVERYTHING).unwrap();
    c.check(&json(&everything), "AnalyzeOptions");
    let read = Options::from_json(
        r#"{"encoding": "windows-1251", "delimiter": ";", "headerRow": 2,
            "columns": {"client": "Клиент", "date": 1, "amount": "Сумма", "orderId": "N",
                        "quantity": "q", "price": "p", "email": "e", "phone": "t"},
            "dateFormat": "DD.MM.YYYY", "decimalSeparator": ",", "onBadRow": "fail",
            "duplicates": "keep", "minDate": "2000-01-01", "today": "2026-01-01",
            "maxExamples": 5, "historyWindow": 0, "clientIds": "caseInsensitive",
            "mergeBy": ["email", "phone"], "phoneCountry": "7", "asOf": "2025-12-31",
            "clients": "id\n1\n",
            "clientsColumns": {"client": 0, "region": "r", "type": "t", "companySize": "s",
                               "revenueBand": "b", "contactRole": "c", "source": "src",
                               "status": "st", "segments": "sg", "tags": "tg",
                               "lastContact": "lc", "gone": "g", "email": "e", "phone": "p",
                               "encoding": "utf-8", "delimiter": ","}}"#,
    )
    .unwrap();
    c.check(&json(&read), "AnalyzeOptions");
    c.check(&json(&CsvOptions::excel(segmenta::Lang::Ru)), "CsvOptions");
    c.assert_clean();
}

#[test]
fn automation_and_pilots_conform_to_their_declarations() {
    use segmenta::dynamic::{automate, AutomationSpec, Journal, Pilot, PilotSpec};
    let orders = "client,date,amount,email\nA,2024-01-05,1200,a@x.ru\nA,2024-01-20,800,a@x.ru\nB,2024-01-10,500,\nB,2024-02-10,700,\nC,2024-02-20,300,c@x.ru\n";
    let at = |d: &str| {
        let o = Options::from_json(&format!(r#"{{"asOf":"{d}"}}"#)).unwrap();
        segmenta::analyze(orders.as_bytes(), &o).unwrap()
    };
    let (before, now, later) = (at("2024-02-15"), at("2024-02-25"), at("2024-03-30"));
    let spec = AutomationSpec::from_json(
        r#"{ "triggers": [
            { "key": "sleeping", "when": { "noOrderDays": 30 }, "then": { "status": "Sleeping", "play": "reactivation", "tag": "sleeping",
              "task": { "title": "Call {client}", "priority": "high" } }, "reentry": false },
            { "key": "risk", "when": { "left": { "criterion": "lifecycle", "label": "active" } }, "then": { "action": "Ask why", "channel": "call" } }
        ], "tasks": { "defaultAssignee": "Anna" }, "plan": { "cap": { "contacts": 1, "days": 30 } } }"#,
    )
    .unwrap();
    let first = automate(Some(&before), &now, &spec, &Journal::default()).unwrap();
    let second = automate(Some(&now), &later, &spec, &first.journal).unwrap();
    let mut c = Checker::new(false);
    for run in [&first, &second] {
        c.check(&json(&run.summary()), "AutomationSummary");
        let each = |c: &mut Checker, v: Value, ty: &str| {
            for x in v.as_array().unwrap() {
                c.check(x, ty);
            }
        };
        each(&mut c, json(&run.firings), "Firing");
        each(&mut c, json(&run.tasks), "Task");
        each(&mut c, json(&run.contacts), "Contact");
        each(&mut c, json(&run.held), "Held");
        each(&mut c, json(&run.suppressed), "Suppressed");
        c.check(&json(&run.journal), "Journal");
    }
    c.check(&json(&spec), "AutomationSpec");
    let pspec: PilotSpec =
        serde_json::from_str(r#"{ "name": "p", "seed": 3, "channels": ["email", "call"] }"#)
            .unwrap();
    c.check(&json(&pspec), "PilotSpec");
    let pilot = Pilot::new(&now, &pspec).unwrap();
    for m in &pilot.members {
        c.check(&json(m), "PilotMember");
    }
    c.check(&json(&pilot.evaluate(&later).unwrap()), "PilotResult");
    c.assert_clean();
    assert!(!first.firings.is_empty() && !first.tasks.is_empty() && !first.contacts.is_empty());
}
