#pragma once
// The sample data every user starts with: three customers and eight orders of the shop's twelve
// products (the products and policies themselves are the schema's second migration,
// returns_store.cpp). Delivery dates are counted back from today, so the same lines stay
// eligible (or not) whenever the demo runs:
//   1001 Jane, 40 days ago: a mug set (30 days: too late) and a T-shirt (apparel, 45 days: fine)
//   1002 Jane, 5 days ago: headphones (electronics, 14 days), clearance sunglasses (final sale), a lamp
//   1003 Jane, not delivered yet: running shoes
//   1004 Omar, 10 days ago: a keyboard and a mug set      1005 Omar, 20 days ago: a speaker (too late), a jacket
//   1006 Omar, 2 days ago: a gift card (final sale), a blanket
//   1007 Mei, 12 days ago: headphones, two T-shirts       1008 Mei, 31 days ago: a lamp (too late), a candle (final sale)
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace chatkit::use_cases::returns {

struct SeedCustomer {
  std::int64_t id;
  std::string_view name, email, phone;
};

struct SeedLine {
  std::int64_t id;
  std::string_view order_number, sku;
  int quantity;
};

struct SeedOrder {
  std::string_view number;
  std::int64_t customer_id;
  std::int64_t placed_days_ago;
  std::optional<std::int64_t> delivered_days_ago;  // none: on its way
};

std::span<const SeedCustomer> seed_customers();
std::span<const SeedOrder> seed_orders();
std::span<const SeedLine> seed_lines();

}  // namespace chatkit::use_cases::returns
