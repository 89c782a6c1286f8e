#include "server/models/catalog/model_spec.hpp"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "server/models/bench_model.hpp"
#include "server/models/offline/offline_model.hpp"

namespace chatkit::server {

namespace {

std::optional<std::int64_t> parse_count(std::string_view text, std::int64_t max) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end || value < 0 || value > max) return std::nullopt;
  return value;
}

Error bad_spec(std::string_view spec, std::string_view why) {
  return make_error(ErrorCode::invalid_request,
                    "--model '" + std::string(spec) + "': " + std::string(why) +
                        " (expected offline[:MS], openai, azure or bench:N[:MS], e.g. bench:20:50)");
}

Result<std::unique_ptr<Model>> make_bench(std::string_view spec, std::string_view args) {
  const auto colon = args.find(':');
  const auto count = parse_count(args.substr(0, colon), 1'000'000);
  if (!count) return bad_spec(spec, "N must be an integer from 0 to 1000000");
  std::int64_t delay = 0;
  if (colon != std::string_view::npos) {
    const auto ms = parse_count(args.substr(colon + 1), 3'600'000);
    if (!ms) return bad_spec(spec, "MS must be an integer from 0 to 3600000");
    delay = *ms;
  }
  return std::unique_ptr<Model>(std::make_unique<BenchModel>(BenchModel::Options{
      .deltas = static_cast<int>(*count), .delay = std::chrono::milliseconds(delay)}));
}

Result<std::unique_ptr<Model>> make_offline(std::string_view spec, const BuiltInModelParts& parts) {
  OfflineModel::Options options;
  if (spec.size() > 7) {
    const auto ms = spec[7] == ':' ? parse_count(spec.substr(8), 60'000) : std::nullopt;
    if (!ms) return bad_spec(spec, "the word delay MS must be an integer from 0 to 60000");
    options.word_delay = std::chrono::milliseconds(*ms);
  }
  return std::unique_ptr<Model>(std::make_unique<OfflineModel>(options, parts.offline_skills));
}

}  // namespace

bool is_built_in_model(std::string_view spec) { return spec.starts_with("bench:") || spec.starts_with("offline"); }

Result<std::unique_ptr<Model>> make_model(std::string_view spec, const BuiltInModelParts& parts) {
  if (spec.starts_with("bench:")) return make_bench(spec, spec.substr(6));
  if (spec.starts_with("offline")) return make_offline(spec, parts);
  return bad_spec(spec, "unknown model");
}

}  // namespace chatkit::server
