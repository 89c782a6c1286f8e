#include "server/runs/run_hub.hpp"

#include "core/text.hpp"
#include "server/common/clock.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

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
struct RunWork {
  RunWork(PreparedStream stream, Run& run, std::shared_ptr<void> keep)
      : stream(std::move(stream)), output(run, summary), keep(std::move(keep)) {}
  PreparedStream stream;
  StreamSummary summary;
  RunOutput output;
  std::shared_ptr<void> keep;
};

awaitable<void> drive(ChatKitServer& chatkit, RunWork& state) {
  co_await chatkit.run(state.stream, state.output, state.summary);
}

// Ended runs kept for late readers: at most this many, the oldest forgotten first.
constexpr std::size_t kMaxEndedRuns = 4096;
constexpr auto kTakeOverEvery = std::chrono::seconds(1);

std::int64_t now_ms() { return epoch_ms(); }

RunState final_state(const Run& run) { return run.summary().cancelled ? RunState::cancelled : RunState::ended; }

}  // namespace

std::shared_ptr<Run> RunHub::start(ChatKitServer& chatkit, PreparedStream stream, net::any_io_executor executor,
                                   std::shared_ptr<void> keep, Finished finished) {
  auto run = std::make_shared<Run>(
      RunIdentity{.id = stream.run_id, .thread_id = stream.thread.id, .user_id = stream.context.owner()}, executor,
      options_.detach_grace);
  {
    std::lock_guard lock(mutex_);
    runs_[run->identity().id] = run;
    ++running_;
    if (shared_) unsynced_.push_back(run);
  }
  auto state = std::make_shared<RunWork>(std::move(stream), *run, std::move(keep));
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

Error no_such_run(std::string_view run_id) { return make_error(ErrorCode::not_found, "no run " + clip(run_id, 80)); }

Result<std::shared_ptr<Run>> RunHub::find(const std::string& run_id, const std::string& user_id) const {
  std::lock_guard lock(mutex_);
  const auto found = runs_.find(run_id);
  // Another user's run is as absent as one that never existed.
  if (found == runs_.end() || found->second->identity().user_id != user_id) {
    return no_such_run(run_id);
  }
  return found->second;
}

std::size_t RunHub::running() const {
  std::lock_guard lock(mutex_);
  return running_;
}

void RunHub::cancel_local(const std::string& run_id) {
  std::lock_guard lock(mutex_);
  if (auto found = runs_.find(run_id); found != runs_.end()) found->second->cancel();
}

void RunHub::cancel_all() {
  std::lock_guard lock(mutex_);
  for (auto& [id, run] : runs_) run->cancel();
}

Status RunHub::record_start(const PreparedStream& stream) {
  if (!shared_) return ok_status();
  return shared_->ledger.begin(RunRecord{.id = stream.run_id, .thread_id = stream.thread.id,
                                         .user_id = stream.context.owner(), .owner = shared_->instance,
                                         .claims_thread = stream.claim.held()},
                               now_ms());
}

void RunHub::start_sync(net::any_io_executor executor) {
  if (shared_) net::co_spawn(executor, sync_loop(), net::detached);
}

awaitable<void> RunHub::sync_loop() {
  net::steady_timer timer(co_await net::this_coro::executor);
  auto next_takeover = std::chrono::steady_clock::now() + kTakeOverEvery;
  for (;;) {
    timer.expires_after(shared_->sync_interval);
    auto [ec] = co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    if (ec) co_return;
    co_await sync_once();
    if (std::chrono::steady_clock::now() >= next_takeover) {
      co_await take_over_stale();
      next_takeover = std::chrono::steady_clock::now() + kTakeOverEvery;
    }
  }
}

awaitable<void> RunHub::sync_once() {
  if (!shared_) co_return;
  RunSync batch;
  std::vector<std::shared_ptr<Run>> synced;
  {
    std::lock_guard lock(mutex_);
    for (const auto& run : unsynced_) {
      // Read "ended" first: a run that ends meanwhile has its last frames in the next sync, then its end.
      const bool ended = run->ended();
      if (auto chunk = run->unshared()) batch.chunks.emplace_back(run->identity().id, std::move(*chunk));
      if (ended) {
        batch.finished.emplace_back(run->identity().id, final_state(*run));
        synced.push_back(run);
      }
    }
  }
  auto work = [&] { return shared_->ledger.sync(shared_->instance, batch, now_ms()); };
  auto reply = co_await shared_->executor.run(work);
  if (!reply) {
    // Nothing is marked: the same frames and ends go again next time.
    if (shared_->warn) shared_->warn("run sync failed", reply.error());
    co_return;
  }
  std::lock_guard lock(mutex_);
  for (const auto& [id, chunk] : batch.chunks) {
    if (auto found = runs_.find(id); found != runs_.end()) found->second->mark_shared(chunk.last_seq);
  }
  std::erase_if(unsynced_, [&](const auto& run) { return std::find(synced.begin(), synced.end(), run) != synced.end(); });
  for (const auto& id : reply->cancels) {
    if (auto found = runs_.find(id); found != runs_.end()) found->second->cancel();
  }
  for (const auto& id : reply->followed) {
    if (auto found = runs_.find(id); found != runs_.end()) found->second->followed_elsewhere();
  }
}

awaitable<void> RunHub::take_over_stale() {
  auto take = [&] {
    return shared_->ledger.take_over(shared_->instance, now_ms() - shared_->run_timeout.count());
  };
  auto taken = co_await shared_->executor.run(take);
  if (!taken) {
    if (shared_->warn) shared_->warn("run takeover failed", taken.error());
    co_return;
  }
  for (const auto& record : *taken) {
    auto settle = [&]() -> Status {
      auto chunks = shared_->ledger.read(record.id, 0);
      if (!chunks) return chunks.error();
      std::string frames;
      for (const auto& chunk : *chunks) frames += chunk.frames;
      return shared_->settle ? shared_->settle(record, frames) : ok_status();
    };
    if (auto settled = co_await shared_->executor.run(settle); !settled && shared_->warn) {
      shared_->warn("a taken-over run's partial answer could not be stored", settled.error());
    }
  }
}

}  // namespace chatkit::server
