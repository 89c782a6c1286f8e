#pragma once
// Parses the --model flag into a model. Today: "bench:N[:MS]". Unknown or malformed specs are
// refused with a message saying what is expected.
#include <memory>
#include <string_view>

#include "core/result.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

Result<std::unique_ptr<Model>> make_model(std::string_view spec);

}  // namespace chatkit::server
