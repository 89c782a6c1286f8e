#include "server/runs/run_hub.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>

namespace chatkit::server {

namespace {

// The event-processing loop's output: the run's log. It is always ready (the run never waits for
// its readers); a commit's hold holds the readers' wake-ups.
class RunOutput final : public StreamOutput {
 public:
  RunOutput(Run& run, const StreamSummary& summary) : run_(run), summary_(summary) {}
  void send(std::string_view frame) override { run_.append(frame); }
  void hold() override { run_.hold(); }
  void release() override { run_.release(); }
  // ChatKitServer::run fills in the summary before its last end().
  void end() override { run_.end(summary_); }

 private:
  Run& run_;
  const StreamSummary& summary_;
};

// What a run's coroutine works on; kept alive by its completion handler.
struct RunState {
  RunState(PreparedStream stream, Run& run, std::shared_ptr<void> keep)
      : stream(std::move(stream)), output(run, summary), keep(std::move(keep)) {}
  PreparedStream stream;
  StreamSummary summary;
  RunOutput output;
  std::shared_ptr<void> keep;
};

awaitable<void> drive(ChatKitServer& chatkit, RunState& state) {
  co_await chatkit.run(state.stream, state.output, state.summary);
}

// Ended runs kept for late readers: at most this many, the oldest forgotten first.
constexpr std::size_t kMaxEndedRuns = 4096;

}  // namespace

std::shared_ptr<Run> RunHub::start(ChatKitServer& chatkit, PreparedStream stream, net::any_io_executor executor,
                                   std::shared_ptr<void> keep, Finished finished) {
  auto run = std::make_shared<Run>(
      RunIdentity{.id = stream.run_id, .thread_id = stream.thread.id, .user_id = stream.context.user_id}, executor,
      options_.detach_grace);
  {
    std::lock_guard lock(mutex_);
    runs_[run->identity().id] = run;
    ++running_;
  }
  auto state = std::make_shared<RunState>(std::move(stream), *run, std::move(keep));
  auto on_end = [this, run, state, finished = std::move(finished)](std::exception_ptr) {
    // ChatKitServer::run never throws; a run that did not reach its end still ends for its readers.
    if (!run->ended()) run->end(state->summary);
    if (finished) finished(*run, state->summary);
    state->keep.reset();
    forget_later(run);
  };
  net::co_spawn(executor, drive(chatkit, *state), net::bind_cancellation_slot(run->cancellation_slot(), std::move(on_end)));
  return run;
}

void RunHub::forget_later(const std::shared_ptr<Run>& run) {
  std::lock_guard lock(mutex_);
  --running_;
  ended_.push_back({run->identity().id, std::chrono::steady_clock::now()});
  const auto too_old = std::chrono::steady_clock::now() - options_.retention;
  while (!ended_.empty() && (ended_.size() > kMaxEndedRuns || ended_.front().second < too_old)) {
    runs_.erase(ended_.front().first);
    ended_.pop_front();
  }
}

Result<std::shared_ptr<Run>> RunHub::find(const std::string& run_id, const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  const auto found = runs_.find(run_id);
  // Another user's run is as absent as one that never existed.
  if (found == runs_.end() || found->second->identity().user_id != user_id) {
    return make_error(ErrorCode::not_found, "no run " + run_id);
  }
  return found->second;
}

std::size_t RunHub::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void RunHub::cancel_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, run] : runs_) run->cancel();
}

}  // namespace chatkit::server
