#include "server/models/bench_model.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include "server/common/clock.hpp"
#include "server/models/derived_title.hpp"

namespace chatkit::server {

std::optional<std::string> BenchModel::local_title(std::string_view first_message) const {
  return derive_title(first_message);
}

BenchModel::BenchModel(Options options)
    : options_(options),
      name_("bench:" + std::to_string(options.deltas) + ":" + std::to_string(options.delay.count())) {}

awaitable<void> BenchModel::stream(const ModelRequest& request, ModelEventSink& sink) {
  // Titles are side requests: answering nothing makes the server derive the title from the
  // message, so benchmarks pay no second model call.
  if (request.purpose == RequestPurpose::title) co_return;
  const std::string id = random_id(IdKind::message);
  net::steady_timer timer(co_await net::this_coro::executor);
  ModelEvent started = MessageStarted{.item_id = id};
  co_await sink.on_event(std::move(started));
  ModelEvent part = TextPartStarted{.item_id = id, .content_index = 0};
  co_await sink.on_event(std::move(part));
  std::string text;
  for (int i = 0; i < options_.deltas; ++i) {
    if (options_.delay.count() > 0) {
      // Cancellation (the client went away) aborts this wait at once.
      timer.expires_after(options_.delay);
      co_await timer.async_wait(net::use_awaitable);
    }
    std::string delta = "word" + std::to_string(i) + " ";
    text += delta;
    ModelEvent event = TextDelta{.item_id = id, .content_index = 0, .delta = std::move(delta)};
    co_await sink.on_event(std::move(event));
  }
  ModelEvent part_done = TextPartDone{.item_id = id, .content_index = 0, .text = text};
  co_await sink.on_event(std::move(part_done));
  MessageDone done{.item_id = id, .parts = {}};
  done.parts.push_back(std::move(text));
  ModelEvent message_done = std::move(done);
  co_await sink.on_event(std::move(message_done));
}

}  // namespace chatkit::server
