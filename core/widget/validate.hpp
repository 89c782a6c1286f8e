#pragma once
// Widget validation against the catalogue: wrong prop types or values, invalid roots, components
// in the wrong place, duplicate component ids, actions without a type. Each issue names its JSON
// path.
#include <string>
#include <vector>

#include "core/protocol/wire.hpp"
#include "core/result.hpp"

namespace chatkit::widget {

struct Issue {
  std::string path;     // "$.children[1].onClickAction.type"
  std::string message;  // "missing action type"
};

std::vector<Issue> validate(const json& root);

// The first issue as an ErrorCode::invalid_widget error, or ok.
Status check(const json& root);

}  // namespace chatkit::widget
