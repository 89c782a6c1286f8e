#include "server/runs/sql_run_ledger.hpp"

#include <array>

namespace chatkit::server {

namespace {

constexpr std::array kMigrations = {
    SqlMigration{1,
                 "CREATE TABLE chatkit_runs (id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, user_id TEXT NOT NULL, "
                 "owner TEXT NOT NULL, claims BIGINT NOT NULL, state TEXT NOT NULL, "
                 "cancel_requested BIGINT NOT NULL DEFAULT 0, heartbeat_ms BIGINT NOT NULL, created_ms BIGINT NOT NULL, "
                 "followed_ms BIGINT NOT NULL DEFAULT 0);"
                 "CREATE UNIQUE INDEX chatkit_runs_claim ON chatkit_runs (thread_id) "
                 "WHERE state = 'running' AND claims = 1;"
                 "CREATE INDEX chatkit_runs_owner ON chatkit_runs (owner, state);"
                 "CREATE TABLE chatkit_run_events (run_id TEXT NOT NULL, first_seq BIGINT NOT NULL, "
                 "last_seq BIGINT NOT NULL, frames TEXT NOT NULL, PRIMARY KEY (run_id, first_seq))"},
};
constexpr SqlSchema kSchema{.name = "runs schema", .version_table = "chatkit_runs_schema_version", .steps = kMigrations};

constexpr std::string_view kBegin =
    "INSERT INTO chatkit_runs (id, thread_id, user_id, owner, claims, state, heartbeat_ms, created_ms) "
    "VALUES ($1, $2, $3, $4, $5, 'running', $6, $6) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kEndOwnClaim =
    "UPDATE chatkit_runs SET state = 'ended' WHERE thread_id = $1 AND owner = $2 AND state = 'running' AND claims = 1";
constexpr std::string_view kAppend =
    "INSERT INTO chatkit_run_events (run_id, first_seq, last_seq, frames) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kFinish = "UPDATE chatkit_runs SET state = $2 WHERE id = $1 AND owner = $3";
constexpr std::string_view kHeartbeat =
    "UPDATE chatkit_runs SET heartbeat_ms = $2 WHERE owner = $1 AND state = 'running'";
constexpr std::string_view kCancelRequests =
    "SELECT id FROM chatkit_runs WHERE owner = $1 AND state = 'running' AND cancel_requested = 1";
constexpr std::string_view kFollowed =
    "SELECT id FROM chatkit_runs WHERE owner = $1 AND state = 'running' AND followed_ms > $2";
constexpr std::string_view kTouch = "UPDATE chatkit_runs SET followed_ms = $3 WHERE id = $1 AND user_id = $2";
constexpr std::string_view kState = "SELECT state FROM chatkit_runs WHERE id = $1 AND user_id = $2";
// A reader on another instance counts as one while it has polled within this.
constexpr std::int64_t kFollowedWithinMs = 1000;
constexpr std::string_view kFind =
    "SELECT id, thread_id, user_id, owner, claims, state FROM chatkit_runs WHERE id = $1 AND user_id = $2";
constexpr std::string_view kActive =
    "SELECT id FROM chatkit_runs WHERE thread_id = $1 AND state = 'running' AND claims = 1";
constexpr std::string_view kRead =
    "SELECT first_seq, last_seq, frames FROM chatkit_run_events WHERE run_id = $1 AND last_seq > $2 ORDER BY first_seq";
constexpr std::string_view kRequestCancel =
    "UPDATE chatkit_runs SET cancel_requested = 1 WHERE id = $1 AND state = 'running'";
constexpr std::string_view kNotifyCancel = "SELECT pg_notify($1, $2)";
constexpr std::string_view kTakeOver =
    "UPDATE chatkit_runs SET state = 'cancelled', owner = $1 WHERE state = 'running' AND heartbeat_ms < $2 "
    "RETURNING id, thread_id, user_id, owner, claims";
// Old rows: runs ended an hour ago and their logs (the answers are in the thread's items).
constexpr std::string_view kForgetEvents =
    "DELETE FROM chatkit_run_events WHERE run_id IN (SELECT id FROM chatkit_runs WHERE state <> 'running' "
    "AND heartbeat_ms < $1)";
constexpr std::string_view kForgetRuns = "DELETE FROM chatkit_runs WHERE state <> 'running' AND heartbeat_ms < $1";
constexpr std::int64_t kKeepEndedMs = 3600 * 1000;

std::string_view state_name(RunState state) {
  switch (state) {
    case RunState::running: return "running";
    case RunState::ended: return "ended";
    case RunState::cancelled: return "cancelled";
  }
  return "ended";
}

RunState state_of(std::string_view name) {
  if (name == "running") return RunState::running;
  if (name == "cancelled") return RunState::cancelled;
  return RunState::ended;
}

RunRecord record_at(const SqlRows& rows, std::size_t row) {
  return RunRecord{.id = rows.text(row, 0), .thread_id = rows.text(row, 1), .user_id = rows.text(row, 2),
                   .owner = rows.text(row, 3), .claims_thread = rows.integer(row, 4) != 0};
}

}  // namespace

Result<std::unique_ptr<SqlRunLedger>> SqlRunLedger::open(SqlDatabase& database, std::string cancel_channel) {
  if (auto migrated = database.migrate(kSchema); !migrated) return migrated.error();
  return std::unique_ptr<SqlRunLedger>(new SqlRunLedger(database, std::move(cancel_channel)));
}

Status SqlRunLedger::begin(const RunRecord& run, std::int64_t now_ms) {
  const SqlParams row{run.id, run.thread_id, run.user_id, run.owner, std::int64_t{run.claims_thread ? 1 : 0}, now_ms};
  // Mostly the thread is free: the insert alone, one statement, is the whole claim.
  auto inserted = database_.execute(kBegin, row);
  if (!inserted) return inserted.error();
  if (inserted->size() == 1) return ok_status();
  const auto busy = [&] {
    return make_error(ErrorCode::thread_busy,
                      "thread " + run.thread_id + " is still answering an earlier request; try again when it ends");
  };
  if (!run.claims_thread) return busy();
  return database_.transaction([&](SqlTransaction& tx) -> Status {
    // The caller holds the thread's claim in its own process, so a running claim of its own on
    // the thread is an answer that has ended there and whose end the next sync would write.
    if (auto stale = tx.execute(kEndOwnClaim, {run.thread_id, run.owner}); !stale) return stale.error();
    auto retried = tx.execute(kBegin, row);
    if (!retried) return retried.error();
    if (retried->size() == 0) return busy();
    return ok_status();
  });
}

Result<RunSyncReply> SqlRunLedger::sync(const std::string& owner, const RunSync& sync, std::int64_t now_ms) {
  RunSyncReply reply;
  auto status = database_.transaction([&](SqlTransaction& tx) -> Status {
    for (const auto& [run_id, chunk] : sync.chunks) {
      auto appended = tx.execute(kAppend, {run_id, chunk.first_seq, chunk.last_seq, chunk.frames});
      if (!appended) return appended.error();
    }
    for (const auto& [run_id, state] : sync.finished) {
      auto finished = tx.execute(kFinish, {run_id, std::string(state_name(state)), owner});
      if (!finished) return finished.error();
    }
    auto beat = tx.execute(kHeartbeat, {owner, now_ms});
    if (!beat) return beat.error();
    auto asked = tx.execute(kCancelRequests, {owner});
    if (!asked) return asked.error();
    for (std::size_t row = 0; row < asked->size(); ++row) reply.cancels.push_back(asked->text(row, 0));
    auto followed = tx.execute(kFollowed, {owner, now_ms - kFollowedWithinMs});
    if (!followed) return followed.error();
    for (std::size_t row = 0; row < followed->size(); ++row) reply.followed.push_back(followed->text(row, 0));
    return ok_status();
  });
  if (!status) return status.error();
  return reply;
}

Result<std::optional<RunRow>> SqlRunLedger::find(const std::string& run_id, const std::string& user_id) {
  auto rows = database_.read(kFind, {run_id, user_id});
  if (!rows) return rows.error();
  if (rows->size() == 0) return std::optional<RunRow>{};
  return std::optional<RunRow>{RunRow{.record = record_at(*rows, 0), .state = state_of(rows->text(0, 5))}};
}

Result<std::optional<std::string>> SqlRunLedger::active_run(const std::string& thread_id) {
  auto rows = database_.read(kActive, {thread_id});
  if (!rows) return rows.error();
  if (rows->size() == 0) return std::optional<std::string>{};
  return std::optional<std::string>{rows->text(0, 0)};
}

Result<std::vector<RunChunk>> SqlRunLedger::read(const std::string& run_id, std::int64_t after_seq) {
  auto rows = database_.read(kRead, {run_id, after_seq});
  if (!rows) return rows.error();
  std::vector<RunChunk> chunks;
  for (std::size_t row = 0; row < rows->size(); ++row) {
    chunks.push_back(RunChunk{.first_seq = rows->integer(row, 0), .last_seq = rows->integer(row, 1),
                              .frames = rows->text(row, 2)});
  }
  return chunks;
}

Result<std::optional<RunPage>> SqlRunLedger::follow(const std::string& run_id, const std::string& user_id,
                                                  std::int64_t after_seq, std::int64_t now_ms) {
  std::optional<RunPage> page;
  auto status = database_.transaction([&](SqlTransaction& tx) -> Status {
    auto touched = tx.execute(kTouch, {run_id, user_id, now_ms});
    if (!touched) return touched.error();
    auto state = tx.execute(kState, {run_id, user_id});
    if (!state) return state.error();
    if (state->size() == 0) return ok_status();
    auto chunks = tx.execute(kRead, {run_id, after_seq});
    if (!chunks) return chunks.error();
    page.emplace();
    page->state = state_of(state->text(0, 0));
    for (std::size_t row = 0; row < chunks->size(); ++row) {
      page->chunks.push_back(RunChunk{.first_seq = chunks->integer(row, 0), .last_seq = chunks->integer(row, 1),
                                      .frames = chunks->text(row, 2)});
    }
    return ok_status();
  });
  if (!status) return status.error();
  return page;
}

Status SqlRunLedger::request_cancel(const std::string& run_id) {
  return database_.transaction([&](SqlTransaction& tx) -> Status {
    auto updated = tx.execute(kRequestCancel, {run_id});
    if (!updated) return updated.error();
    if (cancel_channel_.empty()) return ok_status();
    auto notified = tx.execute(kNotifyCancel, {cancel_channel_, run_id});  // delivered at commit
    if (!notified) return notified.error();
    return ok_status();
  });
}

Result<std::vector<RunRecord>> SqlRunLedger::take_over(const std::string& owner, std::int64_t stale_before_ms) {
  std::vector<RunRecord> taken;
  auto status = database_.transaction([&](SqlTransaction& tx) -> Status {
    auto rows = tx.execute(kTakeOver, {owner, stale_before_ms});
    if (!rows) return rows.error();
    for (std::size_t row = 0; row < rows->size(); ++row) taken.push_back(record_at(*rows, row));
    const std::int64_t forget_before = stale_before_ms - kKeepEndedMs;
    if (auto events = tx.execute(kForgetEvents, {forget_before}); !events) return events.error();
    if (auto runs = tx.execute(kForgetRuns, {forget_before}); !runs) return runs.error();
    return ok_status();
  });
  if (!status) return status.error();
  return taken;
}

}  // namespace chatkit::server
