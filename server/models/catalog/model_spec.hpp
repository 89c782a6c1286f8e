#pragma once
// Parses the --model flag into a model: "offline[:MS]", "bench:N[:MS]"; the providers ("openai",
// "azure") are made by server/models/catalog/providers.hpp, which needs their settings. Unknown or malformed
// specs are refused with a message saying what is expected.
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "server/models/model.hpp"
#include "server/models/offline/offline_skill.hpp"

namespace chatkit::server {

// What the built-in models are made with: the phrasings the use case taught the offline model.
struct BuiltInModelParts {
  std::vector<std::shared_ptr<const OfflineSkill>> offline_skills;
};

// True for the specs make_model understands without provider settings.
bool is_built_in_model(std::string_view spec);
Result<std::unique_ptr<Model>> make_model(std::string_view spec, const BuiltInModelParts& parts = {});

}  // namespace chatkit::server
