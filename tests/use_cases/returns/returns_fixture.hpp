#pragma once
// A Returns store on a SQLite file of its own with a fixed today, for the unit tests.
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "use_cases/returns/returns_store.hpp"

namespace chatkit::use_cases::testing {

// 2024-10-04: the day the tests' deliveries are counted back from.
inline constexpr std::int64_t kToday = 20000;

inline std::filesystem::path returns_test_dir() {
  static const struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("chatkit_returns_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } dir;
  return dir.path;
}

inline std::unique_ptr<ReturnsStore> open_test_store() {
  static std::atomic<int> counter{0};
  const auto path = (returns_test_dir() / ("returns_" + std::to_string(counter++) + ".db")).string();
  auto store = ReturnsStore::open(path, [] { return kToday; });
  EXPECT_TRUE(store.ok()) << describe(store.error());
  return store ? std::move(*store) : nullptr;
}

}  // namespace chatkit::use_cases::testing
