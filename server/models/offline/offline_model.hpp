#pragma once
// `--model offline`: the model of a laptop with no key and no network. It is a set of rules, not a
// language model: use cases teach it their phrasings (OfflineSkill), it turns a message it
// understands into real tool calls, and once the tools ran it streams a short reply word by word.
// Titles are the first words of the first message. Anything else gets a plain answer saying what
// it is. Deterministic: the same conversation gives the same calls and words.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/models/model.hpp"
#include "server/models/offline/offline_skill.hpp"

namespace chatkit::server {

class OfflineModel final : public Model {
 public:
  struct Options {
    std::chrono::milliseconds word_delay{20};  // between streamed words, so streaming is visible
  };
  OfflineModel(Options options, std::vector<std::shared_ptr<const OfflineSkill>> skills);

  std::string_view name() const override { return name_; }
  awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) override;
  // Derived from the message (derive_title), as its answer to a title request would be.
  std::optional<std::string> local_title(std::string_view first_message) const override;

 private:
  // What to answer: tool calls to make, or text to stream.
  struct Answer {
    std::vector<PlannedCall> calls;
    std::string text;
  };
  Answer answer(const ModelRequest& request) const;
  Answer answer_message(const ModelRequest& request, std::string_view message) const;
  const OfflineSkill* skill_for(const ModelRequest& request, std::string_view tool) const;

  Options options_;
  std::vector<std::shared_ptr<const OfflineSkill>> skills_;
  std::string name_;
};

}  // namespace chatkit::server
