#pragma once
// What the Returns use case talks about, as plain data: the shop's policies and products, a
// user's sample customers and their orders, the return being made in a thread (the draft, which
// clicks and chat move forward alike) and the returns already created. Money is in cents, days are
// days since 1970-01-01 (UTC).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chatkit::use_cases::returns {

struct Policy {
  std::string id;    // "standard", "electronics", "apparel", "final_sale"
  std::string name;  // "Electronics: 14 days"
  int window_days = 0;
  int restocking_percent = 0;  // of the price, when the customer changed their mind
  bool returnable = true;
};

struct Product {
  std::string sku;
  std::string name;
  std::string category;
  std::int64_t price_cents = 0;
  Policy policy;
};

struct Customer {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string phone;
};

struct OrderLine {
  std::int64_t id = 0;  // unique among the user's lines
  std::string order_number;
  Product product;
  int quantity = 1;
  std::int64_t unit_price_cents = 0;
};

struct Order {
  std::string number;  // "1002"
  std::int64_t customer_id = 0;
  std::int64_t placed_day = 0;
  std::optional<std::int64_t> delivered_day;  // none: still on its way
  std::vector<OrderLine> lines;
};

// Where a draft stands: the step whose card is shown and whose question the agent asks.
enum class Step { customer, order, items, reason, resolution, incentive, shipping, summary, created, cancelled };

enum class DraftStatus { open, created, cancelled };

// The return being made in one thread. `rev` grows with every change: a card shows one revision,
// and a click from an older one is stale.
struct Draft {
  std::int64_t id = 0;  // unique among the user's drafts, never reused
  std::int64_t rev = 0;
  std::int64_t customer_id = 0;  // 0: none yet
  std::string order_number;      // "": none yet
  std::vector<std::int64_t> line_ids;
  bool items_confirmed = false;
  std::string reason;      // a reason id, "" for none yet
  std::string resolution;  // "refund", "exchange", "store_credit", ""
  std::string incentive;   // "accepted", "declined", ""
  std::string shipping;    // a shipping option id, ""
  DraftStatus status = DraftStatus::open;
  std::string rma;  // the return's number once created
};

// A created return.
struct ReturnRecord {
  std::string rma;  // "R-1001"
  std::string order_number;
  std::vector<std::int64_t> line_ids;
  std::string item_names;  // "Wireless Headphones, Desk Lamp"
  std::string reason;
  std::string resolution;
  std::string shipping;
  bool incentive_accepted = false;
  std::int64_t amount_cents = 0;
  std::int64_t created_day = 0;
};

}  // namespace chatkit::use_cases::returns
