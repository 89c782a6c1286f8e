#pragma once
// Turns a model's Responses-shaped events into ChatKit events (docs/PROTOCOL.md §8.1) and emits them
// through the answer's sink. One small function per upstream event kind; they are plain functions, and
// on_event awaits the sink once, because every coroutine layer costs a frame per streamed event.
// Tool calls are collected for the agent loop, which runs them once the model's response has ended.
#include <optional>
#include <vector>

#include "server/agent/answer_sink.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

class ResponseTranslator final : public ModelEventSink {
 public:
  explicit ResponseTranslator(AnswerSink& sink) : sink_(sink) {}
  awaitable<void> on_event(ModelEvent event) override;
  // The tool calls of the response, in the order the model made them.
  std::vector<FunctionCall> take_tool_calls() { return std::move(tool_calls_); }
  const UsageReported& usage() const { return usage_; }

 private:
  ThreadStreamEvent started(const MessageStarted& event) const;
  static ThreadStreamEvent part_started(const TextPartStarted& event);
  static ThreadStreamEvent delta(TextDelta event);
  static ThreadStreamEvent part_done(const TextPartDone& event);
  ThreadStreamEvent done(const MessageDone& event) const;

  AnswerSink& sink_;
  std::vector<FunctionCall> tool_calls_;
  UsageReported usage_;
};

}  // namespace chatkit::server
