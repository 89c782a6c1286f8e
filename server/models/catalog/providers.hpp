#pragma once
// `--model openai` and `--model azure`: an OpenAI-compatible model over libcurl, configured by the
// variables the README lists (OPENAI_*, and the seed's AZURE_* names with Entra ID credentials).
// Every URL may point at loopback, which is how the tests stand in for the cloud.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

bool is_provider_model(std::string_view spec);
// The model, owning its HTTP client and credential. Missing or malformed settings are refused with
// a message naming the variable.
Result<std::unique_ptr<Model>> make_provider_model(std::string_view spec,
                                                   const std::map<std::string, std::string>& variables);

}  // namespace chatkit::server
