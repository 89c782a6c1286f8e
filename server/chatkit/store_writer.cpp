#include "server/chatkit/store_writer.hpp"

#include <memory>
#include <tuple>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>

#include "server/store/sqlite_store.hpp"

namespace chatkit::server {

awaitable<Status> DirectWriter::write(Write& write) { co_return write(store_); }

BatchingWriter::BatchingWriter(SqliteStore& store) : store_(store), thread_([this] { run(); }) {}

BatchingWriter::~BatchingWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

awaitable<Status> BatchingWriter::write(Write& write) {
  // The completion carries (ok, error): use_awaitable needs default-constructible results.
  std::tuple<bool, Error> outcome = co_await net::async_initiate<decltype(net::use_awaitable), void(bool, Error)>(
      [this, &write](auto handler) mutable {
        auto executor = net::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        enqueue(Job{std::move(write), [shared, executor](Status status) {
                      const bool ok = status.ok();
                      Error error = ok ? Error{} : status.error();
                      // Resume the stream on its own executor, never on the writer thread.
                      net::post(executor, [shared, ok, error = std::move(error)]() mutable {
                        (*shared)(ok, std::move(error));
                      });
                    }});
      },
      net::use_awaitable);
  // Named locals only: GCC 12 destroys temporaries of a co_return expression twice.
  Status status = ok_status();
  if (!std::get<0>(outcome)) status = Status(std::move(std::get<1>(outcome)));
  co_return status;
}

void BatchingWriter::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
}

void BatchingWriter::run() {
  std::vector<Job> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to write
      batch.swap(queue_);
    }
    std::vector<SqliteStore::Write> writes;
    writes.reserve(batch.size());
    for (auto& job : batch) writes.push_back(std::move(job.write));
    auto results = store_.write_batch(writes);
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].complete(std::move(results[i]));
    batch.clear();
  }
}

}  // namespace chatkit::server
