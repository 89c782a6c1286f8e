#pragma once
// What the agent needs of the answer it streams into, and nothing more: where its events go, and
// the ids and times of the items it makes. The base server's Turn implements it
// (server/chatkit/turn.hpp), so the agent never sees the store, the transport or the use case.
#include <string>

#include "core/ids.hpp"
#include "core/protocol/events.hpp"
#include "core/timestamp.hpp"
#include "server/common/async.hpp"

namespace chatkit::server {

class AnswerSink {
 public:
  virtual ~AnswerSink() = default;
  // The thread the answer belongs to.
  virtual const std::string& thread_id() const = 0;
  // Ids and timestamps for the items the answer creates.
  virtual std::string new_id(IdKind kind) const = 0;
  virtual Timestamp now() const = 0;
  // Stores the event as the protocol requires and sends it (hidden items are stored only).
  virtual awaitable<void> emit(ThreadStreamEvent event) = 0;
};

}  // namespace chatkit::server
