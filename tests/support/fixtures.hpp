#pragma once
// Access to the shared golden fixtures in tests/fixtures/ (read by the C++, node and browser suites).
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace chatkit::testing {

std::filesystem::path fixtures_dir();
std::string read_file(const std::filesystem::path& path);
nlohmann::json read_json(const std::filesystem::path& path);

// Every regular file under `fixtures_dir()/relative` whose name ends with `suffix`, sorted.
std::vector<std::filesystem::path> list_files(const std::string& relative, const std::string& suffix);
// Every directory directly under `fixtures_dir()/relative`, sorted.
std::vector<std::filesystem::path> list_dirs(const std::string& relative);

// A readable test name from a path ("events/thread.created" -> "events_thread_created").
std::string case_name(const std::filesystem::path& path);

}  // namespace chatkit::testing
