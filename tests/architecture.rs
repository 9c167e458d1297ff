//! The rules of the road of `ARCHITECTURE.md`, checked: a top-level module of `src/` names
//! (`crate::x`, in code or docs) only the modules below it in the layering, so there is no
//! import cycle between them.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each layer may use the layers after it (modules of one layer do not use each other).
const LAYERS: &[&[&str]] = &[
    &["wasm"],
    &["dynamic"],
    &["analyze"],
    &["report"],
    &["model", "parallel"],
    &["options"],
    &["criteria"],
    &["ingest"],
    &["sample"],
    &["clv"],
    &["error"],
    &["rules", "calendar", "money"],
    &["locale"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Top-level module → the crate modules its files name outside `#[cfg(test)] mod` blocks.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap();
            let first = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let top = first.trim_end_matches(".rs").to_string();
            if top == "lib" || top == "bin" {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let body = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let names = out.entry(top.clone()).or_default();
            for (i, _) in body.match_indices("crate::") {
                let name: String = body[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let is_module = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                if is_module && name != top {
                    names.insert(name);
                }
            }
        }
    }
    out
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let mut wrong = Vec::new();
    for (module, names) in uses() {
        let Some(own) = layer_of(&module) else {
            wrong.push(format!("{module} is in no layer of the architecture"));
            continue;
        };
        for name in names {
            // Functions re-exported at the crate root (`crate::analyze_with_clients`).
            let Some(other) = layer_of(&name) else {
                continue;
            };
            if other <= own {
                wrong.push(format!("{module} uses {name}"));
            }
        }
    }
    assert!(wrong.is_empty(), "against the layering: {wrong:?}");
}
