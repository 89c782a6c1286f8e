#include "use_cases/returns/returns_seed.hpp"

#include <array>

namespace chatkit::use_cases::returns {

namespace {

constexpr std::array kCustomers = {
    SeedCustomer{1, "Jane Cooper", "jane@example.com", "+1 555 0101"},
    SeedCustomer{2, "Omar Haddad", "omar@example.com", "+1 555 0102"},
    SeedCustomer{3, "Mei Tanaka", "mei@example.com", "+1 555 0103"},
};

constexpr std::array kOrders = {
    SeedOrder{"1001", 1, 44, 40},  SeedOrder{"1002", 1, 8, 5},   SeedOrder{"1003", 1, 1, std::nullopt},
    SeedOrder{"1004", 2, 13, 10},  SeedOrder{"1005", 2, 24, 20}, SeedOrder{"1006", 2, 5, 2},
    SeedOrder{"1007", 3, 15, 12},  SeedOrder{"1008", 3, 35, 31},
};

constexpr std::array kLines = {
    SeedLine{1, "1001", "MUG-01", 1},  SeedLine{2, "1001", "TEE-12", 1},  SeedLine{3, "1002", "HP-100", 1},
    SeedLine{4, "1002", "CLR-20", 1},  SeedLine{5, "1002", "LMP-02", 1},  SeedLine{6, "1003", "SNK-11", 1},
    SeedLine{7, "1004", "KBD-300", 1}, SeedLine{8, "1004", "MUG-01", 1},  SeedLine{9, "1005", "SPK-200", 1},
    SeedLine{10, "1005", "JKT-10", 1}, SeedLine{11, "1006", "GFT-21", 1}, SeedLine{12, "1006", "BLK-03", 1},
    SeedLine{13, "1007", "HP-100", 1}, SeedLine{14, "1007", "TEE-12", 2}, SeedLine{15, "1008", "LMP-02", 1},
    SeedLine{16, "1008", "CND-22", 1},
};

}  // namespace

std::span<const SeedCustomer> seed_customers() { return kCustomers; }
std::span<const SeedOrder> seed_orders() { return kOrders; }
std::span<const SeedLine> seed_lines() { return kLines; }

}  // namespace chatkit::use_cases::returns
