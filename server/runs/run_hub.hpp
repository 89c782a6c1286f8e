#pragma once
// The runs of this process (docs/PROTOCOL.md §4.7): it starts a prepared stream as a run on the
// caller's I/O thread, finds a run for its owner (to anyone else it does not exist), and keeps an
// ended run's log for a while, so that a client whose connection dropped just before the end
// still gets it. Shutdown waits for the running ones and cancels what is left after the grace.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/runs/run.hpp"
#include "server/runs/run_ledger.hpp"
#include "server/store/store_executor.hpp"

namespace chatkit::server {

struct RunHubOptions {
  // How long a run with no reader waits for one before it is cancelled (--detach-grace); 0: at once.
  std::chrono::milliseconds detach_grace{0};
  // How long an ended run can still be read (at most the newest 4,096 ended runs are kept).
  std::chrono::milliseconds retention{std::chrono::seconds(60)};
};

// Several instances on one database (PostgreSQL): every run is also in the ledger.
struct SharedRuns {
  RunLedger& ledger;
  StoreExecutor& executor;  // where ledger calls run (workers: they block)
  std::string instance;     // this process's name in the ledger
  std::chrono::milliseconds sync_interval{50};
  // A running run whose instance has not beaten for this long is taken over (--run-timeout).
  std::chrono::milliseconds run_timeout{std::chrono::seconds(15)};
  // Persists a taken-over run's partial answer from its log (on a store worker).
  std::function<Status(const RunRecord& run, const std::string& frames)> settle;
  // Told what went wrong in the background (a sync or a takeover that failed).
  std::function<void(const std::string& what, const Error& error)> warn;
};

// The answer for a run that does not exist, or is another user's: not_found naming it (clipped: the
// id comes from the request's path).
Error no_such_run(std::string_view run_id);

class RunHub {
 public:
  RunHub() = default;
  explicit RunHub(RunHubOptions options) : options_(options) {}
  void configure(RunHubOptions options) { options_ = options; }

  // What the run's owner is told when it ends (the request log, metrics).
  using Finished = std::function<void(const Run&, const StreamSummary&)>;
  // Starts `stream` as a run on `executor`, which keeps `keep` (the stream's slot) until it ends.
  std::shared_ptr<Run> start(ChatKitServer& chatkit, PreparedStream stream, net::any_io_executor executor,
                             std::shared_ptr<void> keep, Finished finished);

  // The run, when it exists and `user_id` owns it; not_found otherwise.
  Result<std::shared_ptr<Run>> find(const std::string& run_id, const std::string& user_id) const;
  std::size_t running() const;
  void cancel_all();
  // Cancels this process's run `run_id`, if it has it (a cancel another instance asked for; any thread).
  void cancel_local(const std::string& run_id);

  // --- Several instances.
  void share(SharedRuns shared) { shared_.emplace(std::move(shared)); }
  SharedRuns* shared() { return shared_ ? &*shared_ : nullptr; }
  // Records a prepared stream in the ledger before it starts (on a store worker): thread_busy
  // when another instance's run answers in its thread. Nothing to do without a ledger.
  Status record_start(const PreparedStream& stream);
  // Every sync_interval: the new frames, the ended runs and the heartbeat into the ledger, the
  // cancellations asked for on other instances out of it; every second, the takeover of dead
  // instances' runs. Runs on `executor` until its context stops.
  void start_sync(net::any_io_executor executor);
  // One sync now (at shutdown, after the last run ended).
  awaitable<void> sync_once();

 private:
  // Counts the run out, and forgets the ended runs past their retention.
  void forget_later(const std::shared_ptr<Run>& run);
  awaitable<void> sync_loop();
  awaitable<void> take_over_stale();

  RunHubOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Run>> runs_;
  std::size_t running_ = 0;
  std::deque<std::pair<std::string, std::chrono::steady_clock::time_point>> ended_;  // oldest first
  std::optional<SharedRuns> shared_;
  std::vector<std::shared_ptr<Run>> unsynced_;  // runs whose frames or end the ledger may lack
};

}  // namespace chatkit::server
