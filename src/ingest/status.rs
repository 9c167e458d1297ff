//! What an order's status (or a document's kind) says about the row: a purchase, an order
//! that did not happen, or a return.
//!
//! * **Cancelled** — the order was cancelled, voided, failed or undone as a whole
//!   (`«Отменён»`, `«Аннулирован»`, `«Возвращён»`, `«Сделка провалена»`,
//!   `«Закрыто и не реализовано»`, `"Cancelled"`, `"Voided"`, `"Failed"`, `"Refunded"`,
//!   `"Returned"`, `"Closed lost"`): the row is left out and counted in the audit.
//! * **Return** — a document that gives money back (`«Возврат»`, `«Возврат от покупателя»`,
//!   `«Сторно»`, `"Return"`, `"Refund"`, `"Credit note"`): a return, netted out of the
//!   client's revenue whatever the sign of its amount.
//! * Anything else (`«Выполнен»`, `"Paid"`, `"Partially refunded"`, a negated word such as
//!   `«Не отменён»`, an empty cell) is a purchase.
//!
//! Words are compared after folding case and `ё`, ignoring punctuation; a word matches by
//! its stem (`отмен` matches `отменён`, `отмена`, `отменено`).

/// What a status says about its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OrderStatus {
    /// A purchase (or nothing is known).
    Purchase,
    /// The order did not happen.
    Cancelled,
    /// Money given back.
    Return,
}

/// Stems of cancelled orders. Whole words: "returned" and "refunded" are statuses of an
/// order undone; "return" and "refund" are documents.
const CANCELLED: &[&str] = &[
    "cancel",
    "void",
    "failed",
    "fail",
    "declined",
    "rejected",
    "refunded",
    "returned",
    "chargeback",
    "lost",
    "abandoned",
    "отмен",
    "аннулир",
    "возвращен",
    "провал",
    "отказ",
];

/// Stems of return documents.
const RETURNS: &[&str] = &["return", "refund", "creditnote", "возврат", "сторно"];

/// Words that negate the next one.
const NEGATIONS: &[&str] = &["не", "not", "no", "non", "без"];

/// Words that make a status partial (the order stands).
const PARTIAL: &[&str] = &["partial", "partially", "частичн"];

/// The meaning of a status cell.
pub(crate) fn classify(status: &str) -> OrderStatus {
    let folded: String = status
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    if words.is_empty() {
        return OrderStatus::Purchase;
    }
    // «Закрыто и не реализовано» (amoCRM's lost deal) is the one negation that cancels.
    let joined = words.concat();
    if joined.contains("нереализ") {
        return OrderStatus::Cancelled;
    }
    if words
        .iter()
        .any(|w| PARTIAL.iter().any(|p| w.starts_with(p)))
    {
        return OrderStatus::Purchase;
    }
    if joined.contains("creditnote") || joined.contains("creditmemo") {
        return OrderStatus::Return;
    }
    let mut negated = false;
    for w in &words {
        if NEGATIONS.contains(w) {
            negated = true;
            continue;
        }
        let stem = |list: &[&str]| {
            list.iter().any(|s| {
                if s.is_ascii() {
                    // English: the word itself or a suffix of it ("cancelled", "voided").
                    w.starts_with(s)
                        && !(*s == "return" && w.starts_with("returned"))
                        && !(*s == "refund" && w.starts_with("refunded"))
                } else {
                    w.starts_with(s)
                }
            })
        };
        if !negated && stem(CANCELLED) {
            return OrderStatus::Cancelled;
        }
        if !negated && stem(RETURNS) {
            return OrderStatus::Return;
        }
        negated = false;
    }
    OrderStatus::Purchase
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_table() {
        use OrderStatus::*;
        let cases = [
            ("Отменён", Cancelled),
            ("отменен клиентом", Cancelled),
            ("Отмена", Cancelled),
            ("Аннулирован", Cancelled),
            ("Возвращён", Cancelled),
            ("Сделка провалена", Cancelled),
            ("Закрыто и не реализовано", Cancelled),
            ("Отказ", Cancelled),
            ("Cancelled", Cancelled),
            ("canceled", Cancelled),
            ("CANCELLED BY CUSTOMER", Cancelled),
            ("voided", Cancelled),
            ("Payment failed", Cancelled),
            ("refunded", Cancelled),
            ("Returned", Cancelled),
            ("Closed lost", Cancelled),
            ("Возврат", Return),
            ("Возврат товаров от покупателя", Return),
            ("Сторно", Return),
            ("Return", Return),
            ("Refund", Return),
            ("Credit note", Return),
            ("Выполнен", Purchase),
            ("Оплачен", Purchase),
            ("Доставлен", Purchase),
            ("Completed", Purchase),
            ("paid", Purchase),
            ("Partially refunded", Purchase),
            ("Частично возвращён", Purchase),
            ("Не отменён", Purchase),
            ("not cancelled", Purchase),
            ("Успешно реализовано", Purchase),
            ("Сделка успешна", Purchase),
            ("Реализация товаров", Purchase),
            ("", Purchase),
            ("—", Purchase),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text), want, "{text}");
        }
    }
}
