#pragma once
// The benchmark model: answers every request by streaming `deltas` text deltas, the i-th being
// "word{i} ", `delay` apart, as one message (added, part added, deltas, part done, done).
// It reads nothing of the request but its purpose (title requests get no answer; a new thread is
// titled locally, from its first message), so benchmarks measure the server, not a model.
#include <chrono>
#include <string>

#include "server/models/model.hpp"

namespace chatkit::server {

class BenchModel final : public Model {
 public:
  struct Options {
    int deltas = 20;
    std::chrono::milliseconds delay{0};
  };
  explicit BenchModel(Options options);

  std::string_view name() const override { return name_; }
  awaitable<void> stream(const ModelRequest& request, ModelEventSink& sink) override;
  // Derived from the message (derive_title), as its answer to a title request would be.
  std::optional<std::string> local_title(std::string_view first_message) const override;

 private:
  Options options_;
  std::string name_;
};

}  // namespace chatkit::server
