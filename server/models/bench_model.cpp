#include "server/models/bench_model.hpp"

#include "server/models/derived_title.hpp"
#include "server/models/text_stream.hpp"

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
  std::vector<std::string> deltas;
  for (int i = 0; i < options_.deltas; ++i) deltas.push_back("word" + std::to_string(i) + " ");
  co_await stream_text_message(std::move(deltas), {.delay = options_.delay}, sink);
}

}  // namespace chatkit::server
