#pragma once
// Turning a failed Result into what the user or the model should see, in one word at the call site:
//   must(store.list(user), "reading the todos")   -> the value, or stream.error (may retry); the
//                                                    words go to the request log only
//   or_tell_user(result, "That order is gone.")   -> the value, or an error event the user reads
//   or_tool_error(result)                         -> the value, or a tool output {"error": message}
//                                                    the model reads and may correct
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/chatkit/tool.hpp"

namespace chatkit::server::kit {

template <class T>
T must(Result<T> result, std::string_view what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + describe(result.error()));
  return std::move(*result);
}

inline void must(const Status& status, std::string_view what) {
  if (!status) throw std::runtime_error(std::string(what) + ": " + describe(status.error()));
}

template <class T>
T or_tell_user(Result<T> result, std::string message) {
  if (!result) throw StreamError::custom(std::move(message));
  return std::move(*result);
}

template <class T>
T or_tool_error(Result<T> result) {
  if (!result) throw ToolError(result.error().message);
  return std::move(*result);
}

}  // namespace chatkit::server::kit
