#pragma once
// How a use case teaches the offline model its phrasings: the model hands every user message to
// the skills whose tools the request offers; a skill that understands it answers with tool calls,
// and once they ran, writes the reply from their outputs. Plain rules, no network, deterministic.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace chatkit::server {

struct PlannedCall {
  std::string name;
  nlohmann::json arguments;
};

// A call the model made and what the tool answered (the output parsed, or a string when it was not JSON).
struct ToolExchange {
  std::string name;
  nlohmann::json arguments;
  nlohmann::json output;
};

class OfflineSkill {
 public:
  virtual ~OfflineSkill() = default;
  // The tools this skill calls; it is asked only when the request offers every one of them.
  virtual std::vector<std::string> tool_names() const = 0;
  // The calls that carry out `message`; empty when the skill does not understand it.
  virtual std::vector<PlannedCall> plan(std::string_view message) const = 0;
  // The reply once the calls of one plan ran, in order.
  virtual std::string reply(const std::vector<ToolExchange>& exchanges) const = 0;
  // What to say when no skill understood a message: the phrasings this skill knows.
  virtual std::string help() const = 0;
};

}  // namespace chatkit::server
