#include "server/models/text_stream.hpp"

#include <utility>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "server/common/clock.hpp"

namespace chatkit::server {

// Every event is a named local before it is awaited, the models' habit since g++ 12 destroyed
// temporaries of a coroutine's expressions twice (see server/chatkit/store_writer.cpp).
awaitable<void> stream_text_message(std::vector<std::string> pieces, TextStreamOptions options, ModelEventSink& sink) {
  const std::string id = random_id(IdKind::message);
  net::steady_timer timer(co_await net::this_coro::executor);
  ModelEvent started = MessageStarted{.item_id = id};
  co_await sink.on_event(std::move(started));
  ModelEvent part = TextPartStarted{.item_id = id, .content_index = 0};
  co_await sink.on_event(std::move(part));
  std::string text;
  for (auto& piece : pieces) {
    if (options.delay.count() > 0) {
      timer.expires_after(options.delay);
      co_await timer.async_wait(net::use_awaitable);
    }
    text += piece;
    ModelEvent delta = TextDelta{.item_id = id, .content_index = 0, .delta = std::move(piece)};
    co_await sink.on_event(std::move(delta));
  }
  ModelEvent part_done = TextPartDone{.item_id = id, .content_index = 0, .text = text};
  co_await sink.on_event(std::move(part_done));
  MessageDone done{.item_id = id, .parts = {}};
  done.parts.push_back(std::move(text));
  ModelEvent message_done = std::move(done);
  co_await sink.on_event(std::move(message_done));
}

}  // namespace chatkit::server
