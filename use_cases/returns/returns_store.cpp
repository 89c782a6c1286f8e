#include "use_cases/returns/returns_store.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

#include "core/text.hpp"
#include "use_cases/returns/returns_seed.hpp"

namespace chatkit::use_cases {

namespace {

using returns::Customer;
using returns::Draft;
using returns::DraftStatus;
using returns::Order;
using returns::OrderLine;
using returns::ReturnRecord;
using server::SqlParams;
using server::SqlRows;
using server::SqlTransaction;

// Portable: TEXT and BIGINT on both engines, no NULLs (an empty text or -1 says "none").
constexpr std::array kMigrations = {
    server::SqlMigration{
        1,
        "CREATE TABLE returns_policies (id TEXT PRIMARY KEY, name TEXT NOT NULL, window_days BIGINT NOT NULL, "
        "restocking_percent BIGINT NOT NULL, returnable BIGINT NOT NULL);"
        "CREATE TABLE returns_products (sku TEXT PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, "
        "price_cents BIGINT NOT NULL, policy_id TEXT NOT NULL);"
        "CREATE TABLE returns_customers (user_id TEXT NOT NULL, id BIGINT NOT NULL, name TEXT NOT NULL, "
        "email TEXT NOT NULL, phone TEXT NOT NULL, PRIMARY KEY (user_id, id));"
        // Sample dates are kept as days before today: the demo's eligibility never drifts.
        "CREATE TABLE returns_orders (user_id TEXT NOT NULL, number TEXT NOT NULL, customer_id BIGINT NOT NULL, "
        "placed_days_ago BIGINT NOT NULL, delivered_days_ago BIGINT NOT NULL, PRIMARY KEY (user_id, number));"
        "CREATE TABLE returns_order_lines (user_id TEXT NOT NULL, id BIGINT NOT NULL, order_number TEXT NOT NULL, "
        "sku TEXT NOT NULL, quantity BIGINT NOT NULL, unit_price_cents BIGINT NOT NULL, PRIMARY KEY (user_id, id));"
        "CREATE TABLE returns_drafts (user_id TEXT NOT NULL, id BIGINT NOT NULL, thread_id TEXT NOT NULL, "
        "rev BIGINT NOT NULL, customer_id BIGINT NOT NULL, order_number TEXT NOT NULL, line_ids TEXT NOT NULL, "
        "items_confirmed BIGINT NOT NULL, reason TEXT NOT NULL, resolution TEXT NOT NULL, incentive TEXT NOT NULL, "
        "shipping TEXT NOT NULL, status TEXT NOT NULL, rma TEXT NOT NULL, PRIMARY KEY (user_id, id));"
        "CREATE INDEX returns_drafts_by_thread ON returns_drafts (user_id, thread_id, id);"
        "CREATE TABLE returns_returns (user_id TEXT NOT NULL, rma TEXT NOT NULL, draft_id BIGINT NOT NULL, "
        "order_number TEXT NOT NULL, reason TEXT NOT NULL, resolution TEXT NOT NULL, shipping TEXT NOT NULL, "
        "incentive_accepted BIGINT NOT NULL, amount_cents BIGINT NOT NULL, created_day BIGINT NOT NULL, "
        "PRIMARY KEY (user_id, rma));"
        "CREATE TABLE returns_return_lines (user_id TEXT NOT NULL, rma TEXT NOT NULL, line_id BIGINT NOT NULL, "
        "PRIMARY KEY (user_id, rma, line_id));"
        // A user's row here also says that their sample data was given.
        "CREATE TABLE returns_counters (user_id TEXT PRIMARY KEY, next_draft BIGINT NOT NULL, "
        "next_rma BIGINT NOT NULL)"},
    server::SqlMigration{
        2,
        "INSERT INTO returns_policies (id, name, window_days, restocking_percent, returnable) VALUES "
        "('standard', 'Standard: 30 days', 30, 0, 1), "
        "('electronics', 'Electronics: 14 days, 15% restocking fee when opened and unwanted', 14, 15, 1), "
        "('apparel', 'Apparel: 45 days', 45, 0, 1), "
        "('final_sale', 'Final sale: not returnable', 0, 0, 0);"
        "INSERT INTO returns_products (sku, name, category, price_cents, policy_id) VALUES "
        "('HP-100', 'Wireless Headphones', 'Electronics', 12900, 'electronics'), "
        "('SPK-200', 'Bluetooth Speaker', 'Electronics', 7900, 'electronics'), "
        "('KBD-300', 'Mechanical Keyboard', 'Electronics', 9900, 'electronics'), "
        "('MUG-01', 'Ceramic Mug Set', 'Home', 2400, 'standard'), "
        "('LMP-02', 'Desk Lamp', 'Home', 4500, 'standard'), "
        "('BLK-03', 'Wool Throw Blanket', 'Home', 6000, 'standard'), "
        "('JKT-10', 'Rain Jacket', 'Apparel', 8900, 'apparel'), "
        "('SNK-11', 'Running Shoes', 'Apparel', 11000, 'apparel'), "
        "('TEE-12', 'Cotton T-Shirt', 'Apparel', 1800, 'apparel'), "
        "('CLR-20', 'Clearance Sunglasses', 'Accessories', 1500, 'final_sale'), "
        "('GFT-21', 'Gift Card', 'Gift cards', 5000, 'final_sale'), "
        "('CND-22', 'Scented Candle (clearance)', 'Home', 1200, 'final_sale')"},
};
constexpr server::SqlSchema kSchema{
    .name = "returns schema", .version_table = "returns_schema_version", .steps = kMigrations};

constexpr std::string_view kClaimSeed =
    "INSERT INTO returns_counters (user_id, next_draft, next_rma) VALUES ($1, 1, 1001) "
    "ON CONFLICT (user_id) DO NOTHING RETURNING user_id";
constexpr std::string_view kSeedCustomer =
    "INSERT INTO returns_customers (user_id, id, name, email, phone) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kSeedOrder =
    "INSERT INTO returns_orders (user_id, number, customer_id, placed_days_ago, delivered_days_ago) "
    "VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kSeedLine =
    "INSERT INTO returns_order_lines (user_id, id, order_number, sku, quantity, unit_price_cents) "
    "SELECT $1, $2, $3, sku, $5, price_cents FROM returns_products WHERE sku = $4";

constexpr std::string_view kCustomers =
    "SELECT id, name, email, phone FROM returns_customers WHERE user_id = $1 ORDER BY id";
constexpr std::string_view kOrders =
    "SELECT number, customer_id, placed_days_ago, delivered_days_ago FROM returns_orders WHERE user_id = $1 "
    "AND customer_id = $2 ORDER BY placed_days_ago, number";
constexpr std::string_view kOrder =
    "SELECT number, customer_id, placed_days_ago, delivered_days_ago FROM returns_orders WHERE user_id = $1 "
    "AND number = $2";
constexpr std::string_view kLines =
    "SELECT l.id, l.order_number, p.sku, p.name, p.category, p.price_cents, l.quantity, l.unit_price_cents, "
    "c.id, c.name, c.window_days, c.restocking_percent, c.returnable FROM returns_order_lines l "
    "JOIN returns_products p ON p.sku = l.sku JOIN returns_policies c ON c.id = p.policy_id "
    "WHERE l.user_id = $1 AND l.order_number = $2 ORDER BY l.id";
constexpr std::string_view kReturnedLines = "SELECT line_id FROM returns_return_lines WHERE user_id = $1";

constexpr std::string_view kDraftColumns =
    "id, rev, customer_id, order_number, line_ids, items_confirmed, reason, resolution, incentive, shipping, "
    "status, rma";
constexpr std::string_view kNextDraft =
    "UPDATE returns_counters SET next_draft = next_draft + 1 WHERE user_id = $1 RETURNING next_draft - 1";
constexpr std::string_view kInsertDraft =
    "INSERT INTO returns_drafts (user_id, id, thread_id, rev, customer_id, order_number, line_ids, items_confirmed, "
    "reason, resolution, incentive, shipping, status, rma) VALUES ($1, $2, $3, 1, 0, '', '', 0, '', '', '', '', "
    "'open', '')";
constexpr std::string_view kSaveDraft =
    "UPDATE returns_drafts SET rev = rev + 1, customer_id = $4, order_number = $5, line_ids = $6, "
    "items_confirmed = $7, reason = $8, resolution = $9, incentive = $10, shipping = $11, status = $12, rma = $13 "
    "WHERE user_id = $1 AND id = $2 AND rev = $3 RETURNING rev";
constexpr std::string_view kNextRma =
    "UPDATE returns_counters SET next_rma = next_rma + 1 WHERE user_id = $1 RETURNING next_rma - 1";
constexpr std::string_view kInsertReturn =
    "INSERT INTO returns_returns (user_id, rma, draft_id, order_number, reason, resolution, shipping, "
    "incentive_accepted, amount_cents, created_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kInsertReturnLine =
    "INSERT INTO returns_return_lines (user_id, rma, line_id) VALUES ($1, $2, $3)";
constexpr std::string_view kReturns =
    "SELECT rma, order_number, reason, resolution, shipping, incentive_accepted, amount_cents, created_day "
    "FROM returns_returns WHERE user_id = $1 ORDER BY created_day DESC, rma DESC";
constexpr std::string_view kReturnLines =
    "SELECT r.line_id, p.name FROM returns_return_lines r JOIN returns_order_lines l ON l.user_id = r.user_id "
    "AND l.id = r.line_id JOIN returns_products p ON p.sku = l.sku WHERE r.user_id = $1 AND r.rma = $2 "
    "ORDER BY r.line_id";

std::string_view status_text(DraftStatus status) {
  switch (status) {
    case DraftStatus::open: return "open";
    case DraftStatus::created: return "created";
    case DraftStatus::cancelled: return "cancelled";
  }
  return "open";
}

DraftStatus status_of(std::string_view text) {
  if (text == "created") return DraftStatus::created;
  if (text == "cancelled") return DraftStatus::cancelled;
  return DraftStatus::open;
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (const auto id : ids) text += (text.empty() ? "" : ",") + std::to_string(id);
  return text;
}

std::vector<std::int64_t> split_ids(std::string_view text) {
  std::vector<std::int64_t> ids;
  std::int64_t value = 0;
  bool any = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      any = true;
    } else if (any) {
      ids.push_back(value);
      value = 0;
      any = false;
    }
  }
  if (any) ids.push_back(value);
  return ids;
}

Draft read_draft(const SqlRows& rows, std::size_t row) {
  return Draft{.id = rows.integer(row, 0),
               .rev = rows.integer(row, 1),
               .customer_id = rows.integer(row, 2),
               .order_number = rows.text(row, 3),
               .line_ids = split_ids(rows.text(row, 4)),
               .items_confirmed = rows.integer(row, 5) != 0,
               .reason = rows.text(row, 6),
               .resolution = rows.text(row, 7),
               .incentive = rows.text(row, 8),
               .shipping = rows.text(row, 9),
               .status = status_of(rows.text(row, 10)),
               .rma = rows.text(row, 11)};
}

std::optional<Draft> first_draft(const SqlRows& rows) {
  if (rows.size() == 0) return std::nullopt;
  return read_draft(rows, 0);
}

std::vector<Customer> read_customers(const SqlRows& rows) {
  std::vector<Customer> customers;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    customers.push_back(Customer{.id = rows.integer(row, 0),
                                 .name = rows.text(row, 1),
                                 .email = rows.text(row, 2),
                                 .phone = rows.text(row, 3)});
  }
  return customers;
}

std::string digits_of(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
  }
  return digits;
}

SqlParams draft_params(const std::string& user, const Draft& draft) {
  return {user,
          draft.id,
          draft.rev,
          draft.customer_id,
          draft.order_number,
          join_ids(draft.line_ids),
          std::int64_t{draft.items_confirmed ? 1 : 0},
          draft.reason,
          draft.resolution,
          draft.incentive,
          draft.shipping,
          std::string(status_text(draft.status)),
          draft.rma};
}

}  // namespace

std::int64_t ReturnsStore::system_today() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return now.time_since_epoch().count();
}

Result<std::unique_ptr<ReturnsStore>> ReturnsStore::open(const server::kit::TablesPlace& place, Today today) {
  auto tables = server::kit::UseCaseTables::open(place, kSchema);
  if (!tables) return tables.error();
  return std::unique_ptr<ReturnsStore>(new ReturnsStore(std::move(*tables), std::move(today)));
}

Status ReturnsStore::seed(const std::string& user) {
  return db().transaction([&](SqlTransaction& tx) -> Status {
    auto claimed = tx.execute(kClaimSeed, {user});
    if (!claimed) return claimed.error();
    if (claimed->size() == 0) return ok_status();  // given before
    for (const auto& c : returns::seed_customers()) {
      auto done = tx.execute(kSeedCustomer, {user, c.id, std::string(c.name), std::string(c.email), std::string(c.phone)});
      if (!done) return done.error();
    }
    for (const auto& o : returns::seed_orders()) {
      auto done = tx.execute(kSeedOrder, {user, std::string(o.number), o.customer_id, o.placed_days_ago,
                                          o.delivered_days_ago.value_or(-1)});
      if (!done) return done.error();
    }
    for (const auto& l : returns::seed_lines()) {
      auto done = tx.execute(kSeedLine, {user, l.id, std::string(l.order_number), std::string(l.sku),
                                         std::int64_t{l.quantity}});
      if (!done) return done.error();
    }
    return ok_status();
  });
}

Result<std::vector<Customer>> ReturnsStore::customers(const std::string& user) {
  if (auto seeded = seed(user); !seeded) return seeded.error();
  auto rows = db().read(kCustomers, {user});
  if (!rows) return rows.error();
  return read_customers(*rows);
}

Result<std::optional<Customer>> ReturnsStore::customer(const std::string& user, std::int64_t id) {
  auto all = customers(user);
  if (!all) return all.error();
  const auto found = std::find_if(all->begin(), all->end(), [&](const Customer& c) { return c.id == id; });
  if (found == all->end()) return std::optional<Customer>();
  return std::optional<Customer>(*found);
}

Result<std::optional<Customer>> ReturnsStore::find_customer(const std::string& user, const std::string& raw_query) {
  auto all = customers(user);
  if (!all) return all.error();
  const std::string query = ascii_lowercase(trim(raw_query));
  const std::string digits = digits_of(query);
  for (const auto& c : *all) {
    if (!query.empty() && ascii_lowercase(c.email) == query) return std::optional<Customer>(c);
    if (digits.size() >= 7 && digits_of(c.phone).ends_with(digits)) return std::optional<Customer>(c);
  }
  // An order number ("1002", "#1002", "order 1002").
  if (!digits.empty() && digits.size() <= 6) {
    auto found = order(user, digits);
    if (!found) return found.error();
    if (*found) return customer(user, (*found)->customer_id);
  }
  return std::optional<Customer>();
}

Result<std::vector<OrderLine>> ReturnsStore::lines_of(const std::string& user, const std::string& order_number) {
  auto rows = db().read(kLines, {user, order_number});
  if (!rows) return rows.error();
  std::vector<OrderLine> lines;
  for (std::size_t r = 0; r < rows->size(); ++r) {
    const returns::Policy policy{.id = rows->text(r, 8),
                                 .name = rows->text(r, 9),
                                 .window_days = static_cast<int>(rows->integer(r, 10)),
                                 .restocking_percent = static_cast<int>(rows->integer(r, 11)),
                                 .returnable = rows->integer(r, 12) != 0};
    lines.push_back(OrderLine{.id = rows->integer(r, 0),
                              .order_number = rows->text(r, 1),
                              .product = {.sku = rows->text(r, 2),
                                          .name = rows->text(r, 3),
                                          .category = rows->text(r, 4),
                                          .price_cents = rows->integer(r, 5),
                                          .policy = policy},
                              .quantity = static_cast<int>(rows->integer(r, 6)),
                              .unit_price_cents = rows->integer(r, 7)});
  }
  return lines;
}

Result<std::vector<Order>> ReturnsStore::orders(const std::string& user, std::int64_t customer_id) {
  if (auto seeded = seed(user); !seeded) return seeded.error();
  auto rows = db().read(kOrders, {user, customer_id});
  if (!rows) return rows.error();
  std::vector<Order> orders;
  const std::int64_t now = today();
  for (std::size_t r = 0; r < rows->size(); ++r) {
    Order order{.number = rows->text(r, 0),
                .customer_id = rows->integer(r, 1),
                .placed_day = now - rows->integer(r, 2),
                .delivered_day = std::nullopt,
                .lines = {}};
    if (rows->integer(r, 3) >= 0) order.delivered_day = now - rows->integer(r, 3);
    auto lines = lines_of(user, order.number);
    if (!lines) return lines.error();
    order.lines = std::move(*lines);
    orders.push_back(std::move(order));
  }
  return orders;
}

Result<std::optional<Order>> ReturnsStore::order(const std::string& user, const std::string& number) {
  if (auto seeded = seed(user); !seeded) return seeded.error();
  auto rows = db().read(kOrder, {user, number});
  if (!rows) return rows.error();
  if (rows->size() == 0) return std::optional<Order>();
  auto all = orders(user, rows->integer(0, 1));
  if (!all) return all.error();
  for (auto& order : *all) {
    if (order.number == number) return std::optional<Order>(std::move(order));
  }
  return std::optional<Order>();
}

Result<std::vector<std::int64_t>> ReturnsStore::returned_line_ids(const std::string& user) {
  auto rows = db().read(kReturnedLines, {user});
  if (!rows) return rows.error();
  std::vector<std::int64_t> ids;
  for (std::size_t r = 0; r < rows->size(); ++r) ids.push_back(rows->integer(r, 0));
  return ids;
}

Result<Draft> ReturnsStore::insert_draft(const std::string& user, const std::string& thread_id) {
  Draft draft;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto counter = tx.execute(kNextDraft, {user});
    if (!counter) return counter.error();
    draft.id = counter->integer(0, 0);
    draft.rev = 1;
    auto inserted = tx.execute(kInsertDraft, {user, draft.id, thread_id});
    if (!inserted) return inserted.error();
    return ok_status();
  });
  if (!status) return status.error();
  return draft;
}

Result<Draft> ReturnsStore::current_draft(const std::string& user, const std::string& thread_id) {
  if (auto seeded = seed(user); !seeded) return seeded.error();
  const std::string sql = "SELECT " + std::string(kDraftColumns) +
                          " FROM returns_drafts WHERE user_id = $1 AND thread_id = $2 ORDER BY id DESC LIMIT 1";
  auto rows = db().read(sql, {user, thread_id});
  if (!rows) return rows.error();
  if (auto found = first_draft(*rows)) return *found;
  return insert_draft(user, thread_id);
}

Result<Draft> ReturnsStore::start_draft(const std::string& user, const std::string& thread_id) {
  if (auto seeded = seed(user); !seeded) return seeded.error();
  return insert_draft(user, thread_id);
}

Result<std::optional<Draft>> ReturnsStore::draft_by_id(const std::string& user, std::int64_t id) {
  const std::string sql = "SELECT " + std::string(kDraftColumns) + " FROM returns_drafts WHERE user_id = $1 AND id = $2";
  auto rows = db().read(sql, {user, id});
  if (!rows) return rows.error();
  return first_draft(*rows);
}

Result<std::optional<Draft>> ReturnsStore::save_draft(const std::string& user, const Draft& changed) {
  std::optional<Draft> saved;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto rows = tx.execute(kSaveDraft, draft_params(user, changed));
    if (!rows) return rows.error();
    if (rows->size() == 0) return ok_status();  // moved on meanwhile
    saved = changed;
    saved->rev = rows->integer(0, 0);
    return ok_status();
  });
  if (!status) return status.error();
  return saved;
}

Result<std::optional<ReturnRecord>> ReturnsStore::create_return(const std::string& user, const Draft& draft,
                                                                ReturnRecord record) {
  bool created = false;
  auto status = db().transaction([&](SqlTransaction& tx) -> Status {
    auto counter = tx.execute(kNextRma, {user});
    if (!counter) return counter.error();
    record.rma = "R-" + std::to_string(counter->integer(0, 0));
    record.created_day = today();
    Draft done = draft;
    done.status = DraftStatus::created;
    done.rma = record.rma;
    auto saved = tx.execute(kSaveDraft, draft_params(user, done));
    if (!saved) return saved.error();
    if (saved->size() == 0) return ok_status();  // moved on: the counter's step is rolled back with the rest
    auto inserted = tx.execute(kInsertReturn, {user, record.rma, draft.id, record.order_number, record.reason,
                                               record.resolution, record.shipping,
                                               std::int64_t{record.incentive_accepted ? 1 : 0}, record.amount_cents,
                                               record.created_day});
    if (!inserted) return inserted.error();
    for (const auto line : record.line_ids) {
      auto line_done = tx.execute(kInsertReturnLine, {user, record.rma, line});
      if (!line_done) return line_done.error();
    }
    created = true;
    return ok_status();
  });
  if (!status) return status.error();
  if (!created) return std::optional<ReturnRecord>();
  return std::optional<ReturnRecord>(std::move(record));
}

Result<std::vector<ReturnRecord>> ReturnsStore::returns_of(const std::string& user) {
  auto rows = db().read(kReturns, {user});
  if (!rows) return rows.error();
  std::vector<ReturnRecord> records;
  for (std::size_t r = 0; r < rows->size(); ++r) {
    ReturnRecord record{.rma = rows->text(r, 0),
                        .order_number = rows->text(r, 1),
                        .line_ids = {},
                        .item_names = {},
                        .reason = rows->text(r, 2),
                        .resolution = rows->text(r, 3),
                        .shipping = rows->text(r, 4),
                        .incentive_accepted = rows->integer(r, 5) != 0,
                        .amount_cents = rows->integer(r, 6),
                        .created_day = rows->integer(r, 7)};
    auto lines = db().read(kReturnLines, {user, record.rma});
    if (!lines) return lines.error();
    for (std::size_t l = 0; l < lines->size(); ++l) {
      record.line_ids.push_back(lines->integer(l, 0));
      record.item_names += (record.item_names.empty() ? "" : ", ") + lines->text(l, 1);
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace chatkit::use_cases
