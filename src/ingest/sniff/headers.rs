//! Column roles from header names, in English and Russian, for transactions and clients
//! tables.

use super::values::{is_blank, looks_like_date, looks_like_email, looks_like_number};
use super::{Role, TableKind};

/// Normalises a header name for matching: lowercase, `ё`→`е`, letters and digits only.
pub(crate) fn normalize_header(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

struct Synonyms {
    role: Role,
    /// How sure an exact match is: an id column beats a name that could also be the key.
    sure: f32,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
}

/// Stems of header names of free text (notes, comments), never a key nor a role, wherever
/// they stand in the name: «Комментарий к заказу» is not an order id, "Customer note" not a
/// client.
const FREE_TEXT: &[&str] = &[
    "note",
    "comment",
    "remark",
    "descript",
    "memo",
    "коммент",
    "примечан",
    "описан",
    "заметк",
];

const TRANSACTION_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.97,
        role: Role::Client,
        exact: &[
            "customerid",
            "clientid",
            "userid",
            "buyerid",
            "contactid",
            "accountid",
            "customercode",
            "customerno",
            "customernumber",
            "idклиента",
            "кодклиента",
            "клиентid",
            "idпокупателя",
            "покупательid",
            "кодпокупателя",
            "кодконтрагента",
            "idконтрагента",
            "инн",
            "иннклиента",
            "иннконтрагента",
            "иннпокупателя",
            "иннкпп",
            "инназаказчика",
            "иннзаказчика",
            "inn",
            "taxid",
            "vatid",
            "vatnumber",
            "унп",
            "бин",
        ],
        contains: &[],
    },
    Synonyms {
        sure: 0.92,
        role: Role::Name,
        exact: &[
            "clientname",
            "customername",
            "buyername",
            "contactname",
            "fullname",
            "name",
            "billingname",
            "фио",
            "фиоклиента",
            "клиентфио",
            "фиопокупателя",
            "имя",
            "имяклиента",
            "наименованиеклиента",
            "наименованиеконтрагента",
            "наименованиепокупателя",
            "названиеклиента",
            "названиекомпании",
            "companyname",
        ],
        contains: &[],
    },
    Synonyms {
        sure: 0.9,
        role: Role::Client,
        exact: &[
            "customer",
            "client",
            "user",
            "buyer",
            "account",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "партнер",
            "пользователь",
            "абонент",
            "контакт",
            "основнойконтакт",
            "контактноелицо",
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
    // A company beside a contact (amoCRM's «Компания» next to «Основной контакт») is the
    // contact's company: the contact is the client.
    Synonyms {
        sure: 0.85,
        role: Role::Client,
        exact: &["компания", "company", "организация"],
        contains: &[],
    },
    // A bare «Наименование» is the client's name only when each client has one (it is an
    // item's name in a line-item export): see `table::names`.
    Synonyms {
        sure: 0.75,
        role: Role::Name,
        exact: &[
            "наименование",
            "название",
            "полноенаименование",
            "краткоенаименование",
            "наименованиеорганизации",
            "названиеорганизации",
        ],
        contains: &[],
    },
    Synonyms {
        sure: 0.95,
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
        sure: 0.95,
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
            "бюджет",
            "budget",
            "dealamount",
            "dealvalue",
        ],
        contains: &["amount", "сумм", "revenue", "выручк", "total"],
    },
    // The total before shipping and taxes: the amount when there is no total.
    Synonyms {
        sure: 0.9,
        role: Role::Amount,
        exact: &["subtotal"],
        contains: &[],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Quantity,
        exact: &["quantity", "qty", "units", "количество", "колво", "кол"],
        contains: &["колич", "quantity", "qty"],
    },
    Synonyms {
        sure: 0.95,
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
    Synonyms {
        sure: 0.95,
        role: Role::Status,
        exact: &[
            "status",
            "orderstatus",
            "state",
            "financialstatus",
            "paymentstatus",
            "stage",
            "dealstage",
            "transactiontype",
            "doctype",
            "статус",
            "статусзаказа",
            "статусоплаты",
            "состояние",
            "стадия",
            "стадиясделки",
            "этап",
            "этапсделки",
            "видоперации",
            "типоперации",
            "операция",
            "виддокумента",
            "типдокумента",
        ],
        contains: &["статус", "status", "стади", "этап"],
    },
    // What was bought: a category beats an item (a product, a service, a SKU) when a file
    // has both. Last, so that the names of other roles that contain these words («Цена
    // товара», «Количество товара») keep their role.
    Synonyms {
        sure: 0.95,
        role: Role::Category,
        exact: &[
            "category",
            "productcategory",
            "itemcategory",
            "categoryname",
            "productgroup",
            "producttype",
            "producttypes",
            "servicetype",
            "категория",
            "категориятовара",
            "категориятоваров",
            "категорияпродукта",
            "категорияуслуги",
            "группатоваров",
            "группатовара",
            "товарнаягруппа",
            "группаноменклатуры",
            "номенклатурнаягруппа",
            "видноменклатуры",
            "видтовара",
            "типтовара",
            "типпродукта",
            "видуслуги",
            "типуслуги",
            "разделкаталога",
        ],
        contains: &[
            "категор",
            "category",
            "группатовар",
            "товарнаягрупп",
            "видуслуг",
        ],
    },
    Synonyms {
        sure: 0.85,
        role: Role::Category,
        exact: &[
            "product",
            "productname",
            "producttitle",
            "item",
            "itemname",
            "lineitemname",
            "sku",
            "stockcode",
            "service",
            "servicename",
            "товар",
            "товары",
            "наименованиетовара",
            "названиетовара",
            "номенклатура",
            "продукт",
            "продукция",
            "услуга",
            "наименованиеуслуги",
            "артикул",
            "позиция",
        ],
        contains: &["товар", "номенклатур", "product"],
    },
];

const CLIENT_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        sure: 0.95,
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
        sure: 0.97,
        role: Role::Client,
        exact: &[
            "customerid",
            "clientid",
            "userid",
            "id",
            "idклиента",
            "кодклиента",
            "клиентid",
            "кодконтрагента",
            "accountid",
            "contactid",
            "инн",
            "иннклиента",
            "иннконтрагента",
            "inn",
            "taxid",
            "vatid",
            "унп",
            "бин",
        ],
        contains: &[],
    },
    Synonyms {
        sure: 0.92,
        role: Role::Name,
        exact: &[
            "clientname",
            "customername",
            "contactname",
            "fullname",
            "name",
            "фио",
            "имя",
            "наименование",
            "наименованиеклиента",
            "наименованиеконтрагента",
            "названиеклиента",
            "названиекомпании",
            "companyname",
        ],
        contains: &[],
    },
    Synonyms {
        sure: 0.9,
        role: Role::Client,
        exact: &[
            "customer",
            "client",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "контакт",
            "основнойконтакт",
            "компания",
            "company",
        ],
        contains: &["клиент", "покупат", "контрагент", "customer", "client"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Email,
        exact: &["email", "emailaddress", "mail", "почта", "электроннаяпочта"],
        contains: &["email", "почт"],
    },
    Synonyms {
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
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
        sure: 0.95,
        role: Role::Tags,
        exact: &["tags", "tag", "labels", "теги", "тег", "метки", "метка"],
        contains: &["тег", "tag", "метк"],
    },
    Synonyms {
        sure: 0.95,
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

const EVENT_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        sure: 0.97,
        role: Role::Client,
        exact: &[
            "customerid",
            "clientid",
            "userid",
            "visitorid",
            "contactid",
            "customer",
            "client",
            "user",
            "visitor",
            "contact",
            "клиент",
            "idклиента",
            "кодклиента",
            "покупатель",
            "пользователь",
            "посетитель",
            "контакт",
        ],
        contains: &["customer", "client", "клиент", "покупател", "пользовател"],
    },
    Synonyms {
        sure: 0.9,
        role: Role::Email,
        exact: &["email", "emailaddress", "mail", "почта", "электроннаяпочта"],
        contains: &["email", "почт"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Date,
        exact: &[
            "timestamp",
            "time",
            "datetime",
            "date",
            "eventtime",
            "eventdate",
            "createdat",
            "occurredat",
            "дата",
            "время",
            "датавремя",
            "датасобытия",
            "времясобытия",
        ],
        contains: &["timestamp", "date", "time", "дата", "время"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Event,
        exact: &[
            "event",
            "eventtype",
            "eventname",
            "type",
            "action",
            "событие",
            "типсобытия",
            "тип",
            "действие",
        ],
        contains: &["event", "событ", "действ", "action"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Category,
        exact: &[
            "category",
            "section",
            "productcategory",
            "page",
            "категория",
            "раздел",
            "категориятовара",
            "страница",
        ],
        contains: &["categor", "категор", "раздел", "section"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Item,
        exact: &[
            "item",
            "product",
            "sku",
            "productid",
            "itemid",
            "товар",
            "артикул",
            "продукт",
            "услуга",
        ],
        contains: &["product", "товар", "артикул", "sku"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Campaign,
        exact: &[
            "campaign",
            "utmcampaign",
            "mailing",
            "newsletter",
            "кампания",
            "рассылка",
            "акция",
        ],
        contains: &["campaign", "кампани", "рассылк"],
    },
    Synonyms {
        sure: 0.95,
        role: Role::Source,
        exact: &["channel", "source", "utmsource", "канал", "источник"],
        contains: &["channel", "канал", "источник"],
    },
];

fn synonyms(kind: TableKind) -> &'static [Synonyms] {
    match kind {
        TableKind::Transactions => TRANSACTION_SYNONYMS,
        TableKind::Clients => CLIENT_SYNONYMS,
        TableKind::Events => EVENT_SYNONYMS,
    }
}

/// The role a header name suggests, with a confidence.
pub(super) fn role_from_header(name: &str, kind: TableKind) -> Option<(Role, f32)> {
    let n = normalize_header(name);
    if n.is_empty() {
        return None;
    }
    if free_text(&n) {
        return None;
    }
    for s in synonyms(kind) {
        if s.exact.contains(&n.as_str()) {
            return Some((s.role, s.sure));
        }
    }
    for s in synonyms(kind) {
        if s.contains.iter().any(|k| n.contains(k)) {
            return Some((s.role, 0.7));
        }
    }
    None
}

/// Whether a header names free text (notes, comments), which is never a key.
pub(super) fn is_free_text(name: &str) -> bool {
    free_text(&normalize_header(name))
}

/// [`is_free_text`] of a normalised name.
fn free_text(normalized: &str) -> bool {
    FREE_TEXT.iter().any(|stem| normalized.contains(stem))
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
