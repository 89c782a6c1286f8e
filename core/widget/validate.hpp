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

// Lenient is what a client must accept (props it does not know are let through: a newer server may
// send them). Strict is what a producer must send: every prop of a catalogued component is one that
// @openai/chatkit's widgets.d.ts declares; an unknown prop is an issue. Use cases are checked strictly in
// debug builds and tests.
enum class Strictness { lenient, strict };

std::vector<Issue> validate(const json& root, Strictness strictness = Strictness::lenient);

// The first issue as an ErrorCode::invalid_widget error, or ok.
Status check(const json& root, Strictness strictness = Strictness::lenient);

}  // namespace chatkit::widget
