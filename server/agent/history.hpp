#pragma once
// Thread history → model input (docs/PROTOCOL.md §8.4), within a budget. Every item kind converts as the
// table of §8.4 says; the server's own tool calls, stored as hidden context (tool_record), come back
// as the function call and its output, so the model sees what its tools did in earlier turns.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/protocol/items.hpp"
#include "server/agent/attachment_reader.hpp"
#include "server/models/model.hpp"

namespace chatkit::server {

struct HistoryBudget {
  std::size_t max_chars = 48'000;  // about 12k tokens of input; the oldest inputs are dropped first
  // Image and PDF bytes one request may carry, newest first; older files are described instead.
  std::size_t max_file_bytes = 32u << 20;
};

// The hidden item that records one server tool call and its output in the thread.
HiddenContextItem tool_record(const FunctionCall& call, const FunctionOutput& output);
// The call and output of a tool record, or nullopt for other hidden content.
std::optional<std::pair<FunctionCall, FunctionOutput>> read_tool_record(const HiddenContextItem& item);

// The model inputs of `history` (chronological). Drops the oldest inputs while the total text is
// over budget, but never the newest user message, and never a call without its output. The files
// of user messages are read through `files` (none: each is described as unavailable).
std::vector<ModelInput> history_input(const std::vector<ThreadItem>& history, const HistoryBudget& budget,
                                      AttachmentReader* files = nullptr);

// The text of a user message as the model sees it (text parts, tags as "@tag").
std::string user_text(const UserMessageItem& item);

}  // namespace chatkit::server
