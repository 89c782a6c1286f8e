// The store's share of a threads.create request, without HTTP: how much CPU the SQLite store
// spends on the rows one `--model bench:20` request writes (the thread, the user's message, the
// assistant's answer), when the writes of `batch` requests commit together as the server's group
// commit does. It bounds what the server can reach: server_bench.sh's req/s can never exceed
// what the cores left after HTTP can give these writes. A benchmark: it prints figures, judges nothing.
//
//   store_bench [DIR] [REQUESTS]      DIR: where the database goes (default /tmp)
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "server/store/sqlite_store.hpp"

namespace {

using chatkit::Status;
using chatkit::server::RequestContext;
using chatkit::server::SqliteStore;
using chatkit::server::Store;

// The rows of one request, shaped as the server makes them for "hello" and bench:20.
struct RequestRows {
  chatkit::ThreadMetadata thread;
  chatkit::UserMessageItem question;
  chatkit::AssistantMessageItem answer;
};

class RowMaker {
 public:
  RequestRows next() {
    RequestRows rows;
    rows.thread.id = id(chatkit::IdKind::thread);
    rows.thread.title = "Hello";
    rows.thread.created_at = now();
    rows.question.id = id(chatkit::IdKind::message);
    rows.question.thread_id = rows.thread.id;
    rows.question.created_at = now();
    rows.question.content.push_back(chatkit::InputTextContent{.text = "hello"});
    rows.answer.id = id(chatkit::IdKind::message);
    rows.answer.thread_id = rows.thread.id;
    rows.answer.created_at = now();
    std::string text;
    for (int i = 0; i < 20; ++i) text += "word" + std::to_string(i) + " ";
    rows.answer.content.push_back(chatkit::OutputTextContent{.text = text, .annotations = {}});
    return rows;
  }

 private:
  std::string id(chatkit::IdKind kind) {
    return chatkit::make_ordered_id(kind, static_cast<std::uint64_t>(millis()), random_());
  }
  // Strictly increasing, as the server's monotonic_now().
  chatkit::Timestamp now() {
    micros_ = std::max(micros_ + 1, wall_micros());
    return chatkit::Timestamp{micros_};
  }
  static std::int64_t millis() { return wall_micros() / 1000; }
  static std::int64_t wall_micros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  std::mt19937_64 random_{42};
  std::int64_t micros_ = 0;
};

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // every thread: the checkpointer's work counts too
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Figures {
  double requests_per_second;
  double cpu_micros_per_request;
};

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "store_bench: %s\n", what.c_str());
  std::exit(1);
}

// One group commit, like the server's: the answers of the requests started in the previous round,
// and the first write (thread + question) of each request starting now.
void commit_round(SqliteStore& store, std::vector<RequestRows>& answering, std::vector<RequestRows>& starting,
                  const RequestContext& ctx) {
  std::vector<SqliteStore::Write> writes;
  for (auto& rows : answering) {
    writes.push_back([&rows, &ctx](Store& s) { return s.add_thread_item(rows.thread.id, rows.answer, ctx); });
  }
  for (auto& rows : starting) {
    writes.push_back([&rows, &ctx](Store& s) -> Status {
      if (auto status = s.save_thread(rows.thread, ctx); !status) return status;
      return s.add_thread_item(rows.thread.id, rows.question, ctx);
    });
  }
  for (const auto& status : store.write_batch(writes)) {
    if (!status) fail("write failed: " + status.error().message);
  }
}

Figures run(const std::string& path, int requests, int batch) {
  auto store = SqliteStore::open(path);
  if (!store) fail("cannot open " + path + ": " + store.error().message);
  const RequestContext ctx{.user_id = "local", .locale = "en"};
  RowMaker maker;
  std::vector<RequestRows> answering;
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = cpu_seconds();
  for (int started = 0; started < requests + batch; started += batch) {
    std::vector<RequestRows> starting;
    for (int i = 0; i < batch && started + i < requests; ++i) starting.push_back(maker.next());
    commit_round(**store, answering, starting, ctx);
    answering = std::move(starting);
  }
  const double cpu = cpu_seconds() - cpu_start;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return {requests / wall, cpu / requests * 1e6};
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir = argc > 1 ? argv[1] : "/tmp";
  const int requests = argc > 2 ? std::atoi(argv[2]) : 100000;
  std::printf("| requests per commit | requests/s | CPU µs per request |\n|---:|---:|---:|\n");
  for (const int batch : {1, 4, 8, 16, 64}) {
    const auto path = (dir / ("store_bench_" + std::to_string(getpid()) + ".db")).string();
    const auto figures = run(path, requests, batch);
    std::printf("| %d | %.0f | %.1f |\n", batch, figures.requests_per_second, figures.cpu_micros_per_request);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  }
}
