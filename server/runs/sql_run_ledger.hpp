#pragma once
// The RunLedger in the thread store's database, through SqlDatabase: one SQL text for SQLite and
// PostgreSQL. The server uses it on PostgreSQL, where instances share the database; tables
// chatkit_runs (one row per run; a partial unique index keeps one running claim per thread) and
// chatkit_run_events (the log, a row per chunk), schema versions in chatkit_runs_schema_version.
#include "server/runs/run_ledger.hpp"
#include "server/store/sql_database.hpp"

namespace chatkit::server {

class SqlRunLedger final : public RunLedger {
 public:
  // Migrates the tables (once, whoever starts first); fails on a newer schema. With a
  // `cancel_channel` (PostgreSQL only), a cancel request is also a NOTIFY on that channel with the
  // run id as its payload, so the owner hears of it at once instead of at its next sync.
  static Result<std::unique_ptr<SqlRunLedger>> open(SqlDatabase& database, std::string cancel_channel = {});

  Status begin(const RunRecord& run, std::int64_t now_ms) override;
  Result<RunSyncReply> sync(const std::string& owner, const RunSync& sync, std::int64_t now_ms) override;
  Result<std::optional<RunRow>> find(const std::string& run_id, const std::string& user_id) override;
  Result<std::optional<std::string>> active_run(const std::string& thread_id) override;
  Result<std::vector<RunChunk>> read(const std::string& run_id, std::int64_t after_seq) override;
  Result<std::optional<RunPage>> follow(const std::string& run_id, const std::string& user_id, std::int64_t after_seq,
                                        std::int64_t now_ms) override;
  Status request_cancel(const std::string& run_id) override;
  Result<std::vector<RunRecord>> take_over(const std::string& owner, std::int64_t stale_before_ms) override;

 private:
  SqlRunLedger(SqlDatabase& database, std::string cancel_channel)
      : database_(database), cancel_channel_(std::move(cancel_channel)) {}
  SqlDatabase& database_;
  std::string cancel_channel_;
};

}  // namespace chatkit::server
