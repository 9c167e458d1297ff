//! Column roles from header names, in English and Russian, for transactions and clients
//! tables.

use super::values::{is_blank, looks_like_date, looks_like_email, looks_like_number};
use super::{Role, TableKind};

/// Normalises a header name for matching: lowercase, `ё`→`е`, letters and digits only.
pub(super) fn normalize_header(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

struct Synonyms {
    role: Role,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
}

const TRANSACTION_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        role: Role::Date,
        exact: &[
            "orderdate",
            "date",
            "createdat",
            "created",
            "purchasedate",
            "transactiondate",
            "invoicedate",
            "paidat",
            "processedat",
            "datetime",
            "timestamp",
            "day",
            "дата",
            "датазаказа",
            "датапродажи",
            "датапокупки",
            "период",
            "датадокумента",
            "датаоплаты",
            "датасделки",
            "датасоздания",
            "датаивремя",
            "датачека",
            "день",
        ],
        contains: &["date", "дата", "период"],
    },
    Synonyms {
        role: Role::Client,
        exact: &[
            "customerid",
            "customer",
            "client",
            "clientid",
            "clientname",
            "customername",
            "userid",
            "user",
            "buyer",
            "buyerid",
            "contactid",
            "accountid",
            "account",
            "customercode",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "idклиента",
            "кодклиента",
            "клиентid",
            "фио",
            "фиоклиента",
            "наименованиеклиента",
            "партнер",
            "покупательid",
            "пользователь",
            "абонент",
            "контакт",
            "компания",
            "company",
            "companyname",
            "клиентфио",
            "имяклиента",
            "названиеклиента",
        ],
        contains: &[
            "клиент",
            "покупат",
            "контрагент",
            "customer",
            "client",
            "заказчик",
        ],
    },
    Synonyms {
        role: Role::Email,
        exact: &[
            "email",
            "emailaddress",
            "mail",
            "почта",
            "электроннаяпочта",
            "емейл",
            "имейл",
            "адресэлектроннойпочты",
        ],
        contains: &["email", "почт"],
    },
    Synonyms {
        role: Role::Phone,
        exact: &[
            "phone",
            "phonenumber",
            "telephone",
            "tel",
            "mobile",
            "mobilephone",
            "телефон",
            "тел",
            "мобильный",
            "мобильныйтелефон",
            "номертелефона",
            "контактныйтелефон",
        ],
        contains: &["phone", "телефон"],
    },
    Synonyms {
        role: Role::OrderId,
        exact: &[
            "orderid",
            "order",
            "ordernumber",
            "orderno",
            "invoice",
            "invoiceid",
            "invoiceno",
            "invoicenumber",
            "transactionid",
            "receipt",
            "receiptid",
            "заказ",
            "номерзаказа",
            "idзаказа",
            "номер",
            "номердокумента",
            "документ",
            "чек",
            "номерчека",
            "сделка",
            "idсделки",
            "счет",
            "номерсчета",
            "заказid",
        ],
        contains: &["заказ", "order", "invoice", "чек", "документ"],
    },
    Synonyms {
        role: Role::Amount,
        exact: &[
            "amount",
            "revenue",
            "total",
            "sum",
            "sales",
            "value",
            "totalprice",
            "ordertotal",
            "orderamount",
            "totalamount",
            "net",
            "netamount",
            "subtotal",
            "gmv",
            "linetotal",
            "сумма",
            "выручка",
            "суммапродажи",
            "суммазаказа",
            "стоимость",
            "итого",
            "суммадокумента",
            "суммасндс",
            "суммаруб",
            "оборот",
            "суммаоплаты",
            "доход",
            "суммапокупки",
            "суммачека",
        ],
        contains: &["amount", "сумм", "revenue", "выручк", "total"],
    },
    Synonyms {
        role: Role::Quantity,
        exact: &["quantity", "qty", "units", "количество", "колво", "кол"],
        contains: &["колич", "quantity", "qty"],
    },
    Synonyms {
        role: Role::Price,
        exact: &[
            "price",
            "unitprice",
            "цена",
            "ценазаединицу",
            "ценаруб",
            "ценасндс",
        ],
        contains: &["цена", "price"],
    },
];

const CLIENT_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        role: Role::LastContact,
        exact: &[
            "lastcontact",
            "lastactivity",
            "lastcontactdate",
            "lastactivitydate",
            "lastseen",
            "последнийконтакт",
            "датапоследнегоконтакта",
            "последняяактивность",
            "датаактивности",
            "датапоследнейактивности",
        ],
        contains: &["lastcontact", "lastactiv", "последн", "активност"],
    },
    Synonyms {
        role: Role::Client,
        exact: &[
            "customerid",
            "customer",
            "client",
            "clientid",
            "clientname",
            "customername",
            "userid",
            "id",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "idклиента",
            "кодклиента",
            "клиентid",
            "фио",
            "наименование",
            "компания",
            "company",
            "accountid",
            "contactid",
        ],
        contains: &["клиент", "покупат", "контрагент", "customer", "client"],
    },
    Synonyms {
        role: Role::Email,
        exact: &["email", "emailaddress", "mail", "почта", "электроннаяпочта"],
        contains: &["email", "почт"],
    },
    Synonyms {
        role: Role::Phone,
        exact: &[
            "phone",
            "phonenumber",
            "telephone",
            "mobile",
            "телефон",
            "тел",
        ],
        contains: &["phone", "телефон"],
    },
    Synonyms {
        role: Role::Region,
        exact: &[
            "region",
            "city",
            "location",
            "регион",
            "город",
            "область",
            "населенныйпункт",
            "местоположение",
            "country",
            "страна",
        ],
        contains: &["регион", "город", "region", "city"],
    },
    Synonyms {
        role: Role::ClientType,
        exact: &[
            "type",
            "clienttype",
            "customertype",
            "segmenttype",
            "b2bb2c",
            "тип",
            "типклиента",
            "типконтрагента",
            "юрфиз",
        ],
        contains: &["типклиент", "clienttype", "customertype", "b2b"],
    },
    Synonyms {
        role: Role::CompanySize,
        exact: &[
            "companysize",
            "size",
            "employees",
            "headcount",
            "размеркомпании",
            "размер",
            "численность",
            "сотрудников",
            "количествосотрудников",
        ],
        contains: &["размер", "size", "сотрудник", "численн"],
    },
    Synonyms {
        role: Role::RevenueBand,
        exact: &[
            "revenueband",
            "revenue",
            "annualrevenue",
            "оборот",
            "выручка",
            "оборотгод",
        ],
        contains: &["оборот", "выручк", "revenue"],
    },
    Synonyms {
        role: Role::ContactRole,
        exact: &[
            "role",
            "jobtitle",
            "position",
            "title",
            "роль",
            "должность",
            "рольконтакта",
            "лпр",
        ],
        contains: &["должн", "роль", "jobtitle", "position"],
    },
    Synonyms {
        role: Role::Source,
        exact: &[
            "source",
            "acquisitionsource",
            "channel",
            "utmsource",
            "источник",
            "канал",
            "источникпривлечения",
            "каналпривлечения",
        ],
        contains: &["источник", "source", "канал", "channel"],
    },
    Synonyms {
        role: Role::Status,
        exact: &[
            "status",
            "stage",
            "funnelstatus",
            "funnelstage",
            "leadstatus",
            "статус",
            "стадия",
            "этап",
            "статусклиента",
            "этапворонки",
            "стадиясделки",
        ],
        contains: &["статус", "стади", "этап", "status", "stage"],
    },
    Synonyms {
        role: Role::Segments,
        exact: &[
            "segment",
            "segments",
            "сегмент",
            "сегменты",
            "группа",
            "group",
        ],
        contains: &["сегмент", "segment"],
    },
    Synonyms {
        role: Role::Tags,
        exact: &["tags", "tag", "labels", "теги", "тег", "метки", "метка"],
        contains: &["тег", "tag", "метк"],
    },
    Synonyms {
        role: Role::Gone,
        exact: &[
            "gone",
            "churned",
            "closed",
            "inactive",
            "archived",
            "ушел",
            "архив",
            "неактивен",
            "отток",
            "закрыт",
        ],
        contains: &["ушел", "отток", "churn"],
    },
];

fn synonyms(kind: TableKind) -> &'static [Synonyms] {
    match kind {
        TableKind::Transactions => TRANSACTION_SYNONYMS,
        TableKind::Clients => CLIENT_SYNONYMS,
    }
}

/// The role a header name suggests, with a confidence.
pub(super) fn role_from_header(name: &str, kind: TableKind) -> Option<(Role, f32)> {
    let n = normalize_header(name);
    if n.is_empty() {
        return None;
    }
    for s in synonyms(kind) {
        if s.exact.contains(&n.as_str()) {
            return Some((s.role, 0.95));
        }
    }
    for s in synonyms(kind) {
        if s.contains.iter().any(|k| n.contains(k)) {
            return Some((s.role, 0.7));
        }
    }
    None
}

/// Whether a record looks like a header, and how sure that is.
pub(super) fn header_like(fields: &[String], kind: TableKind) -> (bool, f32) {
    let nonblank: Vec<&String> = fields.iter().filter(|f| !is_blank(f)).collect();
    if nonblank.is_empty() {
        return (false, 0.0);
    }
    let synonyms = fields
        .iter()
        .filter(|f| role_from_header(f, kind).is_some())
        .count();
    let data_like = nonblank
        .iter()
        .filter(|f| looks_like_number(f) || looks_like_date(f).is_some() || looks_like_email(f))
        .count();
    if synonyms > 0 && data_like == 0 {
        return (true, 0.95);
    }
    if data_like == 0 && nonblank.len() == fields.len() {
        return (true, 0.6);
    }
    (false, if data_like > 0 { 0.9 } else { 0.5 })
}
