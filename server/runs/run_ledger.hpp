#pragma once
// The runs of every instance, as the shared database keeps them (docs/PROTOCOL.md §4.7, "Several
// instances"): a row per run with its owner instance and heartbeat, and its event log in chunks.
// The instance that runs an answer keeps it in memory (run.hpp) and writes it here a few times a
// second (RunHub's sync); any instance can then find it, read it, ask for its cancellation, or,
// when its owner stopped beating, take it over. Calls block (a database round trip): the hub
// makes them through the StoreExecutor, never on an I/O thread.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "server/runs/run.hpp"

namespace chatkit::server {

enum class RunState { running, ended, cancelled };

struct RunRecord {
  std::string id;
  std::string thread_id;
  std::string user_id;
  std::string owner;           // the instance that runs it
  bool claims_thread = false;  // makes the model answer: at most one such run per thread, on any instance
};

struct RunRow {
  RunRecord record;
  RunState state = RunState::running;
};

// What one instance tells the ledger at each sync.
struct RunSync {
  std::vector<std::pair<std::string, RunChunk>> chunks;    // new frames, by run id
  std::vector<std::pair<std::string, RunState>> finished;  // runs that ended, after their last chunk
};

// What the ledger tells the owner at each sync.
struct RunSyncReply {
  std::vector<std::string> cancels;   // its running runs that someone asked to cancel
  std::vector<std::string> followed;  // its running runs that a reader on another instance follows now
};

// What a reader on another instance gets: the run's state, read before its chunks (a run seen
// ended has every chunk in the ledger), and the frames after its position.
struct RunPage {
  RunState state = RunState::running;
  std::vector<RunChunk> chunks;
};

class RunLedger {
 public:
  virtual ~RunLedger() = default;
  // Records a starting run. thread_busy when it claims a thread that a running run claims already.
  virtual Status begin(const RunRecord& run, std::int64_t now_ms) = 0;
  // Appends the chunks, records the finished runs, renews the heartbeat of `owner`'s running runs.
  virtual Result<RunSyncReply> sync(const std::string& owner, const RunSync& sync, std::int64_t now_ms) = 0;
  // The run, when `user_id` owns it; nullopt otherwise (another user's run does not exist).
  virtual Result<std::optional<RunRow>> find(const std::string& run_id, const std::string& user_id) = 0;
  // The running run that claims the thread, if any.
  virtual Result<std::optional<std::string>> active_run(const std::string& thread_id) = 0;
  // The frames after `after_seq`, in order.
  virtual Result<std::vector<RunChunk>> read(const std::string& run_id, std::int64_t after_seq) = 0;
  // A reader on another instance: notes that it follows the run (the owner's detach grace then
  // waits), then its state and frames after `after_seq`; nullopt when `user_id` has no such run.
  virtual Result<std::optional<RunPage>> follow(const std::string& run_id, const std::string& user_id,
                                                std::int64_t after_seq, std::int64_t now_ms) = 0;
  virtual Status request_cancel(const std::string& run_id) = 0;
  // The running runs of instances whose heartbeat is older than `stale_before_ms`, now cancelled
  // and owned by `owner`, which persists their partial answers: each is taken over once.
  virtual Result<std::vector<RunRecord>> take_over(const std::string& owner, std::int64_t stale_before_ms) = 0;
};

}  // namespace chatkit::server
